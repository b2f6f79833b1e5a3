import type { Command } from "commander";
import { formatTokenAmount } from "../../lib/format";
import { parseAmount } from "../format";
import { hashOf, label, resolveAddress } from "../resolve";
import { printTx, type CliOf } from "./shared";

export function registerCustodian(program: Command, cli: CliOf): void {
  const cu = program.command("custodian").description("mint deposit tokens against bank transfers in, burn them on redemption");

  cu
    .command("mint")
    .description("credit tokens to an admitted participant against a fiat deposit")
    .argument("<to>", "recipient")
    .argument("<amount>", "tokens")
    .requiredOption("--ref <text|hash>", "the bank transfer reference")
    .action(async (who: string, amountText: string, o: { ref: string }) => {
      const c = cli();
      const to = resolveAddress(c, who);
      const amount = parseAmount(amountText);
      const { contracts } = await c.signer();
      const receipt = await c.send("mint", () => contracts.token.write.mint([to, amount, hashOf(o.ref)]));
      printTx(c, receipt, `minted ${formatTokenAmount(amount)} to ${label(c, to)}`, { to, amount });
    });

  cu
    .command("burn")
    .description("burn tokens redeemed for fiat (a holder other than the custodian must have approved the custodian)")
    .argument("<from>", "holder")
    .argument("<amount>", "tokens")
    .requiredOption("--ref <text|hash>", "the bank transfer reference")
    .action(async (who: string, amountText: string, o: { ref: string }) => {
      const c = cli();
      const from = resolveAddress(c, who);
      const amount = parseAmount(amountText);
      const { contracts } = await c.signer();
      const receipt = await c.send("burn", () => contracts.token.write.burn([from, amount, hashOf(o.ref)]));
      printTx(c, receipt, `burned ${formatTokenAmount(amount)} from ${label(c, from)}`, { from, amount });
    });
}
