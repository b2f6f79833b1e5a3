import type { Command } from "commander";
import { parseEventLogs, type Abi, type TransactionReceipt } from "viem";
import { hashOf, parseLoanId } from "../resolve";
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

/** `cancel <loan> --reason`: the enterprise cancels its own demand, the operator any, before disbursement. */
export function registerCancel(group: Command, cli: CliOf, description: string): void {
  group
    .command("cancel")
    .description(description)
    .argument("<loan>", "loan id")
    .requiredOption("--reason <text|hash>", "why")
    .action(async (idText: string, o: { reason: string }) => {
      const c = cli();
      const id = parseLoanId(idText);
      const { contracts } = await c.signer();
      const receipt = await c.send("cancel", () => contracts.loanBook.write.cancel([id, hashOf(o.reason)]));
      printTx(c, receipt, `loan ${id} cancelled`, { loan: id });
    });
}
