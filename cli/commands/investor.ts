import type { Command } from "commander";
import { formatTokenAmount } from "../../lib/format";
import { fundWithPermitArgs, permitTypedData } from "../../lib/typedData";
import { parseAmount } from "../format";
import { chainNow, hashOf, parseLoanId } from "../resolve";
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
      const { account, contracts } = await c.signer();
      let receipt;
      if (o.approve) {
        await c.send("approve", () => contracts.token.write.approve([c.contracts.loanBook.address, amount]));
        receipt = await c.send("fund", () => contracts.loanBook.write.fund([id, amount]));
      } else {
        const deadline = BigInt((await chainNow(c)) + 3600);
        c.progress("signing the permit ...");
        const signature = await account.signTypedData(
          permitTypedData({
            chainId: c.deployment.chainId,
            token: c.contracts.token.address,
            tokenName: await c.contracts.token.read.name(),
            owner: account.address,
            spender: c.contracts.loanBook.address,
            value: amount,
            nonce: await c.contracts.token.read.nonces([account.address]),
            deadline,
          }),
        );
        receipt = await c.send("fund with permit", () => contracts.loanBook.write.fundWithPermit(fundWithPermitArgs(id, amount, deadline, signature)));
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
