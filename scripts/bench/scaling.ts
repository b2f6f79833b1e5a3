import { performance } from "node:perf_hooks";
import { activeLoan, confirm, createWorld, gasOf, newInvestors, repayInstalment, units, untilInstalment } from "./world";

export const INVESTOR_COUNTS = [1, 10, 100, 1000] as const;
/** Divisible by every investor count, so shares are equal. */
const LOAN_AMOUNT = units(100_000);
/**
 * Guarantee bond on the loan. It keeps other money in the LoanBook, as the shared book always holds in use: with a
 * single investor who has claimed everything, the book's token balance would otherwise fall to zero, and the next
 * repay would pay for re-creating that balance slot (and the claim get a refund for clearing it), a storage price
 * unrelated to the number of investors.
 */
const BOND = units(10_000);

export interface ScalingRun {
  investors: number;
  repay: number;
  claim: number;
  /** Wall time of the whole run: deployment, investor setup, funding and the measured transactions. */
  setupSeconds: number;
}

/**
 * One loan, guaranteed by a bond, funded by `count` distinct investors, on a fresh deployment so that runs differ
 * only in that count.
 * Measured: the enterprise's repayment of instalment 2 and the claim of the last investor to fund (for one investor,
 * the only one), each after the same operation on instalment 1, so every slot they write already holds a value.
 */
export async function measureScaling(count: number): Promise<ScalingRun> {
  const started = performance.now();
  const w = await createWorld();
  const share = LOAN_AMOUNT / BigInt(count);
  const investors = await newInvestors(w, count, share);
  const id = await activeLoan(w, investors, { amount: LOAN_AMOUNT, bond: BOND });
  const claimant = investors[investors.length - 1];

  await untilInstalment(w, id, 1);
  await repayInstalment(w, id);
  await confirm(w.loanBook.connect(claimant).claim(id));
  await untilInstalment(w, id, 2);
  const repay = await repayInstalment(w, id);
  const claim = await gasOf(w.loanBook.connect(claimant).claim(id));
  return { investors: count, repay, claim, setupSeconds: (performance.now() - started) / 1000 };
}

/** Spread of a set of values in percent of the smallest: (max - min) / min. */
export function spreadPercent(values: number[]): number {
  const min = Math.min(...values);
  return ((Math.max(...values) - min) / min) * 100;
}
