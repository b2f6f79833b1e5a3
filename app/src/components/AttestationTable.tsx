"use client";
import type { ReactNode } from "react";
import { AttestationKind } from "@lib/enums";
import { ratingName, isRating } from "@lib/risk";
import type { AttestationRow } from "@/hooks/useAttestations";
import { useNames } from "@/hooks/useNames";
import { money, period } from "@/lib/display";

const KIND_LABEL: Record<string, string> = {
  Identity: "Identity",
  CreditRating: "Credit rating",
  Guarantee: "Guarantee",
  Insurance: "Insurance",
  IPValuation: "IP valuation",
  Audit: "Audit",
  OperatingDisclosure: "Operating disclosure",
  SupervisionNotice: "Supervision notice",
};

/** What an attestation's value means for its kind. */
export function attestationValue(row: Pick<AttestationRow, "kind" | "value">): string {
  switch (row.kind) {
    case AttestationKind.CreditRating:
      return isRating(row.value) ? ratingName(row.value) : String(row.value);
    case AttestationKind.Guarantee:
      return `covers ${money(row.value)}`;
    case AttestationKind.IPValuation:
      return `valued ${money(row.value)}`;
    case AttestationKind.OperatingDisclosure:
      return `revenue ${money(row.value)}`;
    case AttestationKind.SupervisionNotice:
      return ["", "information", "warning", "action required"][Number(row.value)] ?? `severity ${row.value}`;
    default:
      return row.value === 0n ? "verified" : String(row.value);
  }
}

export const kindLabel = (name: string) => KIND_LABEL[name] ?? name;

export function AttestationTable({ rows, action, empty = "No attestations yet." }: { rows: AttestationRow[]; action?: (row: AttestationRow) => ReactNode; empty?: string }) {
  const names = useNames();
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Kind</th>
          <th>By</th>
          <th>Statement</th>
          <th>Subject</th>
          <th>Status</th>
          {action ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.uid} data-uid={r.uid}>
            <td>{kindLabel(r.kindName)}</td>
            <td>
              {names.label(r.attester)}
              {r.relayer.toLowerCase() !== r.attester.toLowerCase() ? <div className="muted">relayed by {names.label(r.relayer)}</div> : null}
            </td>
            <td>{attestationValue(r)}</td>
            <td>{BigInt(r.subject) < 2n ** 64n ? `loan ${BigInt(r.subject)}` : "the enterprise"}</td>
            <td>{r.revoked ? <span className="badge badge-red">Revoked</span> : r.valid ? <span className="badge badge-green">Valid</span> : <span className="badge badge-grey">Not valid</span>}</td>
            {action ? <td>{action(r)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export { period };
