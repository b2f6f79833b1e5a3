import { LoanState, nameOf } from "@lib/enums";

const TONE: Record<string, string> = {
  Published: "grey",
  UnderReview: "blue",
  Listed: "teal",
  Funded: "teal",
  Active: "green",
  Repaid: "green",
  Late: "amber",
  Defaulted: "red",
  Compensated: "red",
  Cancelled: "grey",
  Failed: "grey",
};

const LABEL: Record<string, string> = { UnderReview: "Under review" };

export function StateBadge({ state, frozen }: { state: number; frozen?: boolean }) {
  const name = nameOf(LoanState, state);
  return (
    <span className="badges">
      <span className={`badge badge-${TONE[name] ?? "grey"}`}>{LABEL[name] ?? name}</span>
      {frozen ? <span className="badge badge-ice">Frozen</span> : null}
    </span>
  );
}
