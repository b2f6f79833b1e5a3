import { parseEventLogs, type Abi, type TransactionReceipt } from "viem";
import type { Cli } from "../context";

export type CliOf = () => Cli;

/** The result every write prints: the transaction, its block and what the command adds. */
export function printTx(cli: Cli, receipt: TransactionReceipt, message: string, extra: Record<string, unknown> = {}): void {
  cli.print({ transactionHash: receipt.transactionHash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, ...extra }, () => message);
}

/** The first event of `name` a receipt carries, decoded. */
export function eventOf<const A extends Abi>(abi: A, receipt: TransactionReceipt, name: string) {
  const [log] = parseEventLogs({ abi, logs: receipt.logs, eventName: name as never });
  if (!log) throw new Error(`transaction ${receipt.transactionHash} carries no ${name} event`);
  return log as unknown as { args: Record<string, unknown> };
}
