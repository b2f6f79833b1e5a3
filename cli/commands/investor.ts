import type { Command } from "commander";
import { formatTokenAmount } from "../../lib/format";
import { prepareFund, prepareFundWithPermit } from "../../lib/actions/fund";
import { parseAmount } from "../format";
import { hashOf, parseLoanId } from "../resolve";
import { printTx, type CliOf } from "./shared";

export function registerInvestor(program: Command, cli: CliOf): void {
  const inv = program.command("investor").description("fund listed loans, claim repayments, take refunds");

  inv
    .command("fund")
    .description("fund a listed loan: one permit signature and one transaction (or approve + fund with --approve)")
    .argument("<loan>", "loan id")
    .argument("<amount>", "tokens")
    .option("--approve", "use an on-chain approval instead of a permit signature")
    .action(async (idText: string, amountText: string, o: { approve?: boolean }) => {
      const c = cli();
      const id = parseLoanId(idText);
      const amount = parseAmount(amountText);
      let receipt;
      if (o.approve) {
        receipt = await c.sendTokenPull("fund", (client, at) => prepareFund(client, { ...at, loanId: id, amount }));
      } else {
        const { account, wallet } = await c.signer();
        c.progress("signing the permit ...");
        const { call } = await prepareFundWithPermit(c.publicClient, { signer: account, loanBook: c.contracts.loanBook.address, token: c.contracts.token.address, loanId: id, amount });
        receipt = await c.send("fund with permit", () => wallet.writeContract(call));
      }
      const acc = await c.contracts.loanBook.read.getAccounts([id]);
      printTx(c, receipt, `funded ${formatTokenAmount(amount)} into loan ${id} (raised ${formatTokenAmount(acc.raised)})`, { loan: id, amount, raised: acc.raised });
    });

  inv
    .command("claim")
    .description("claim your share of what the loan has distributed")
    .argument("<loan>", "loan id")
    .action(async (idText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const { account, contracts } = await c.signer();
      const amount = await c.contracts.loanBook.read.claimable([id, account.address]);
      const receipt = await c.send("claim", () => contracts.loanBook.write.claim([id]));
      printTx(c, receipt, `claimed ${formatTokenAmount(amount)} from loan ${id}`, { loan: id, amount });
    });

  inv
    .command("refund")
    .description("take back your contribution to a cancelled or failed raise")
    .argument("<loan>", "loan id")
    .action(async (idText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const { account, contracts } = await c.signer();
      const position = await c.contracts.loanBook.read.getPosition([id, account.address]);
      const receipt = await c.send("refund", () => contracts.loanBook.write.refund([id]));
      printTx(c, receipt, `refunded ${formatTokenAmount(position.contributed)} from loan ${id}`, { loan: id, amount: position.contributed });
    });

  inv
    .command("cancel-undrawn")
    .description("cancel a funded loan its enterprise did not draw by the drawdown deadline (then take your refund)")
    .argument("<loan>", "loan id")
    .action(async (idText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const { contracts } = await c.signer();
      const receipt = await c.send("cancel", () => contracts.loanBook.write.cancel([id, hashOf("not drawn by the drawdown deadline")]));
      printTx(c, receipt, `cancelled undrawn loan ${id}; investors may take refunds`, { loan: id });
    });
}
