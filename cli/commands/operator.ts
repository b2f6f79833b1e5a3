import type { Command } from "commander";
import type { Hex } from "viem";
import { isListable, readAttestations } from "../../lib/attestations";
import { formatTokenAmount } from "../../lib/format";
import { hashOf, label, parseKinds, parseLoanId, parsePositiveInt, parseRatePercent, resolveAddress } from "../resolve";
import { printTx, registerCancel, type CliOf } from "./shared";

export function registerOperator(program: Command, cli: CliOf): void {
  const op = program.command("operator").description("review, request agency services, list, declare late or default, assess suitability");

  const simple = [
    ["review", "open the review of a published demand", "openReview", "review opened for loan"],
    ["unlist", "withdraw a listing nobody has funded yet", "unlist", "unlisted loan"],
    ["close-funding", "end a funding window that has passed (success above the minimum, else refunds)", "closeFunding", "funding closed for loan"],
    ["late", "declare a loan late (an instalment unpaid past due date + grace)", "markLate", "declared late: loan"],
    ["default", "declare default (unpaid past due date + default period); a guarantee bond pays out", "declareDefault", "declared in default: loan"],
  ] as const;
  for (const [name, description, fn, message] of simple) {
    op
      .command(name)
      .description(description)
      .argument("<loan>", "loan id")
      .action(async (idText: string) => {
        const c = cli();
        const id = parseLoanId(idText);
        const { contracts } = await c.signer();
        const receipt = await c.send(name, () => contracts.loanBook.write[fn]([id]));
        printTx(c, receipt, `${message} ${id}`, { loan: id });
      });
  }

  op
    .command("withdraw-fees")
    .description("take the platform fees accrued to you at disbursements")
    .action(async () => {
      const c = cli();
      const { account, contracts } = await c.signer();
      const amount = await c.contracts.loanBook.read.feesOf([account.address]);
      const receipt = await c.send("withdraw fees", () => contracts.loanBook.write.withdrawFees());
      printTx(c, receipt, `withdrew ${formatTokenAmount(amount)} of platform fees`, { amount });
    });

  op
    .command("request")
    .description("ask an agency for services on a demand under review")
    .argument("<loan>", "loan id")
    .argument("<agency>", "agency address or development account name")
    .requiredOption("--kinds <list>", "e.g. credit-rating or identity,audit")
    .action(async (idText: string, who: string, o: { kinds: string }) => {
      const c = cli();
      const id = parseLoanId(idText);
      const agency = resolveAddress(c, who);
      const { contracts } = await c.signer();
      const receipt = await c.send("request service", () => contracts.loanBook.write.requestService([id, agency, parseKinds(o.kinds)]));
      printTx(c, receipt, `asked ${label(c, agency)} for ${o.kinds} on loan ${id}`, { loan: id, agency });
    });

  op
    .command("list")
    .description("list a reviewed demand for funding, presenting its valid attestations")
    .argument("<loan>", "loan id")
    .option("--fee <percent>", "platform fee, % of the principal", "1")
    .option("--attestations <uids>", "comma-separated uids; by default every valid agency attestation about the loan or its enterprise")
    .action(async (idText: string, o: { fee: string; attestations?: string }) => {
      const c = cli();
      const id = parseLoanId(idText);
      const loan = await c.contracts.loanBook.read.getLoan([id]);
      const uids = o.attestations
        ? (o.attestations.split(",").map((u) => u.trim()) as Hex[])
        : (await readAttestations(c.publicClient, { registry: c.contracts.attestations.address, fromBlock: BigInt(c.deployment.contracts.AttestationRegistry.blockNumber), loanId: id, enterprise: loan.enterprise }))
            .filter(isListable)
            .map((r) => r.uid);
      c.progress(`presenting ${uids.length} attestation(s)`);
      const { contracts } = await c.signer();
      const receipt = await c.send("list", () => contracts.loanBook.write.list([id, parseRatePercent(o.fee), uids]));
      const listed = await c.contracts.loanBook.read.getLoan([id]);
      printTx(c, receipt, `loan ${id} listed, risk grade ${listed.riskGrade}, funding until ${new Date(listed.fundingDeadline * 1000).toISOString()}`, { loan: id, riskGrade: listed.riskGrade, attestations: uids });
    });

  registerCancel(op, cli, "cancel a demand before disbursement (investors get refunds)");

  op
    .command("suitability")
    .description("record an investor's suitability level (1 lowest risk tolerance .. 5 highest)")
    .argument("<investor>", "investor address or development account name")
    .argument("<level>", "1..5")
    .action(async (who: string, levelText: string) => {
      const c = cli();
      const investor = resolveAddress(c, who);
      const level = parsePositiveInt("level", levelText);
      const { contracts } = await c.signer();
      const receipt = await c.send("set suitability", () => contracts.registry.write.setSuitability([investor, level]));
      printTx(c, receipt, `suitability of ${label(c, investor)} set to ${level}`, { investor, level });
    });
}
