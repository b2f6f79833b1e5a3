import { performance } from "node:perf_hooks";
import type { ContractTransactionResponse } from "ethers";
import { AttestationKind, ratingCode } from "../../lib/enums";
import { sendBatch, type BatchSend } from "./batch";
import { activeLoan, attestationRequest, confirm, createWorld, listedLoan, newInvestors, randomBytes32, units } from "./world";

export const TRANSACTIONS = 200;

export interface ThroughputRun {
  operation: string;
  /** sequential: send, automine, wait for the receipt, one after another; batched: all in the mempool, then mined. */
  mode: "sequential" | "batched";
  /** client wallet: signed in this process, sent raw; node account: signed by the in-process node. */
  sender: "client wallet" | "node account";
  transactions: number;
  seconds: number;
  msPerTransaction: number;
  transactionsPerSecond: number;
}

/** Wall time of `TRANSACTIONS` fund, attest and repay transactions on the in-process Hardhat network. */
export async function measureThroughput(): Promise<ThroughputRun[]> {
  const w = await createWorld();
  const contribution = units(100);
  const investors = await newInvestors(w, TRANSACTIONS, 2n * contribution);
  await sendBatch(investors.map((inv): BatchSend => async (n) => w.token.connect(inv).approve(w.loanBook, 2n * contribution, await n.overrides(inv))));
  const fundable = await listedLoan(w);
  const [lender] = await newInvestors(w, 1, units(100_000));
  const repayable = await activeLoan(w, [lender]);
  await confirm(w.token.connect(w.enterprise).approve(w.loanBook, units(TRANSACTIONS)));

  return [
    await sequential("fund", "client wallet", (i) => w.loanBook.connect(investors[i]).fund(fundable, contribution)),
    await batched("fund", "client wallet", investors.map((inv): BatchSend => async (n) => w.loanBook.connect(inv).fund(fundable, contribution, await n.overrides(inv)))),
    await sequential("attest", "node account", () => w.attestations.connect(w.rater).attest(creditRating())),
    await sequential("repay", "node account", () => w.loanBook.connect(w.enterprise).repay(repayable, units(1))),
  ];
}

function creditRating() {
  return attestationRequest(AttestationKind.CreditRating, randomBytes32(), ratingCode("BBB"));
}

type Sender = ThroughputRun["sender"];

async function sequential(operation: string, sender: Sender, send: (i: number) => Promise<ContractTransactionResponse>): Promise<ThroughputRun> {
  const started = performance.now();
  for (let i = 0; i < TRANSACTIONS; i++) await confirm(send(i));
  return run(operation, "sequential", sender, TRANSACTIONS, performance.now() - started);
}

async function batched(operation: string, sender: Sender, sends: BatchSend[]): Promise<ThroughputRun> {
  const started = performance.now();
  await sendBatch(sends);
  return run(operation, "batched", sender, sends.length, performance.now() - started);
}

function run(operation: string, mode: ThroughputRun["mode"], sender: Sender, transactions: number, ms: number): ThroughputRun {
  return {
    operation,
    mode,
    sender,
    transactions,
    seconds: round(ms / 1000, 2),
    msPerTransaction: round(ms / transactions, 2),
    transactionsPerSecond: round((transactions * 1000) / ms, 1),
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
