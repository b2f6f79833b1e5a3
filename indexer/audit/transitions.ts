import { LoanState, nameOf } from "../../lib/enums";
import { isLegalTransition } from "../../lib/lifecycle";
import type { LedgerEventOf } from "../decode";
import { num, type LedgerStore } from "../ledger";
import type { Findings } from "./findings";

const stateName = (s: number) => {
  try {
    return nameOf(LoanState, s);
  } catch {
    return `state ${s}`;
  }
};

/** lifecycle.transition: a LoanStateChanged must start from the loan's state so far and be a legal step. */
export function checkTransition(store: LedgerStore, e: LedgerEventOf<"LoanBook", "LoanStateChanged">, findings: Findings): void {
  const id = num(e.args.id);
  const { from, to } = e.args;
  const current = store.loan(id)?.state ?? LoanState.None;
  findings.check("lifecycle.transition");
  const where = `block ${e.blockNumber} tx ${e.txHash}`;
  if (from !== current) {
    findings.error("lifecycle.transition", `LoanStateChanged from ${stateName(from)} but the loan was ${stateName(current)} (${where})`, { loan: id });
  }
  if (!isLegalTransition(from, to)) {
    findings.error("lifecycle.transition", `illegal transition ${stateName(from)} -> ${stateName(to)} (${where})`, { loan: id });
  }
}
