"use client";
import type { ReactNode } from "react";
import { describeAttestationValue, describeSubject, kindLabel, type AttestationRow } from "@lib/attestations";
import { useNames } from "@/hooks/useNames";
import type { WordedAttestation } from "@/hooks/useAttestations";
import { money, period } from "@/lib/display";
import { Skeleton } from "./Skeleton";
import { TableBox } from "./TableBox";
import { ReasonText } from "./RecordedReasons";

/**
 * Attestations with their status, a notice's words and a revocation's reason (when the rows carry them, as the
 * index's do); a skeleton while `rows` is still undefined (being read).
 */
export function AttestationTable({ rows, action, empty = "No attestations yet." }: { rows: WordedAttestation[] | undefined; action?: (row: AttestationRow) => ReactNode; empty?: string }) {
  const names = useNames();
  if (rows === undefined) return <Skeleton label="Reading the attestations" />;
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <TableBox label="Attestations"><table>
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
            <td>{kindLabel(r.kind)}</td>
            <td>
              {names.label(r.attester)}
              {r.relayer.toLowerCase() !== r.attester.toLowerCase() ? <div className="muted">relayed by {names.label(r.relayer)}</div> : null}
            </td>
            <td>
              {describeAttestationValue(r.kind, r.value, money)}
              {r.notice ? <ReasonText reason={r.notice} /> : null}
            </td>
            <td>{describeSubject(r.subject)}</td>
            <td>{r.revoked ? <><span className="badge badge-red">Revoked</span>{r.revocation ? <ReasonText reason={r.revocation} /> : null}</> : r.valid ? <span className="badge badge-green">Valid</span> : <span className="badge badge-grey">Not valid</span>}</td>
            {action ? <td>{action(r)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table></TableBox>
  );
}

export { period };
