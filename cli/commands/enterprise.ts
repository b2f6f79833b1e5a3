import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { prepareRepay } from "../../lib/actions/repay";
import { keccak256, stringToBytes } from "viem";
import { formatTimestamp, formatTokenAmount } from "../../lib/format";
import { attestationRegistryAbi, loanBookAbi } from "../../lib/generated/abis";
import { schedule } from "../../lib/schedule";
import type { RepaymentMethod } from "../../lib/enums";
import { parseAmount, table } from "../format";
import { hashOf, parseLoanId, parseMethod, parsePositiveInt, parseRatePercent } from "../resolve";
import { eventOf, printTx, registerCancel, type CliOf } from "./shared";

const DAY = 86_400;

/** What the demand's metadata hash commits to: purpose, notes and the SHA-256 of every document. */
export function demandMetadata(purpose: string, notes: string | undefined, docs: string[]) {
  return {
    purpose,
    ...(notes ? { innovation: notes } : {}),
    documents: docs.map((file) => ({ name: basename(file), sha256: createHash("sha256").update(readFileSync(file)).digest("hex") })),
  };
}

export function registerEnterprise(program: Command, cli: CliOf): void {
  const en = program.command("enterprise").description("publish demands, draw funds, repay, disclose operating data");

  en.command("publish")
    .description("publish a financing demand")
    .requiredOption("--amount <tokens>", "target raise")
    .requiredOption("--min-raise <tokens>", "below this at the end of the funding window the raise fails")
    .requiredOption("--rate <percent>", "annual interest rate, e.g. 8.5")
    .requiredOption("--method <method>", "interest-first | equal-principal | equal-instalment")
    .requiredOption("--instalments <n>", "number of instalments")
    .option("--period-days <n>", "days between instalments", "30")
    .option("--funding-days <n>", "days the listing stays open", "14")
    .requiredOption("--purpose <text>", "what the money is for")
    .option("--notes <text>", "innovation and IP notes")
    .option("--doc <file...>", "supporting documents (hashed; keep the files for the reviewers)")
    .action(async (o: { amount: string; minRaise: string; rate: string; method: string; instalments: string; periodDays: string; fundingDays: string; purpose: string; notes?: string; doc?: string[] }) => {
      const c = cli();
      const terms = {
        amount: parseAmount(o.amount),
        minRaise: parseAmount(o.minRaise),
        rateBps: parseRatePercent(o.rate),
        method: parseMethod(o.method),
        instalments: parsePositiveInt("instalments", o.instalments),
        periodLength: parsePositiveInt("period days", o.periodDays) * DAY,
        fundingPeriod: parsePositiveInt("funding days", o.fundingDays) * DAY,
      };
      const metadata = demandMetadata(o.purpose, o.notes, o.doc ?? []);
      const metadataHash = keccak256(stringToBytes(JSON.stringify(metadata)));
      const { contracts } = await c.signer();
      const receipt = await c.send("publish", () => contracts.loanBook.write.publish([terms, metadataHash, o.purpose]));
      const id = eventOf(loanBookAbi, receipt, "LoanPublished").args.id;
      printTx(c, receipt, `demand published as loan ${id}`, { loan: id, metadata, metadataHash });
    });

  en.command("draw")
    .description("draw a successful raise (the platform fee accrues to the operator); the schedule starts now")
    .argument("<loan>", "loan id")
    .action(async (idText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const { contracts } = await c.signer();
      const receipt = await c.send("disburse", () => contracts.loanBook.write.disburse([id]));
      const d = eventOf(loanBookAbi, receipt, "Disbursed").args as { principal: bigint; fee: bigint };
      printTx(c, receipt, `drew ${formatTokenAmount(d.principal - d.fee)} (principal ${formatTokenAmount(d.principal)}, fee ${formatTokenAmount(d.fee)})`, { loan: id, principal: d.principal, fee: d.fee });
    });

  en.command("repay")
    .description("repay: the next instalment by default, an amount, or everything that closes the loan")
    .argument("<loan>", "loan id")
    .argument("[amount]", "tokens (default: what is due on the next instalment)")
    .option("--all", "pay what closes the loan now")
    .action(async (idText: string, amountText: string | undefined, o: { all?: boolean }) => {
      const c = cli();
      const id = parseLoanId(idText);
      let amount: bigint;
      if (o.all) amount = await c.contracts.loanBook.read.amountToClose([id]);
      else if (amountText) amount = parseAmount(amountText);
      else amount = (await c.contracts.loanBook.read.nextInstalment([id]))[2];
      if (amount === 0n) throw new Error(`nothing is due on loan ${id} now; give an amount to pay ahead, or --all`);
      const receipt = await c.sendTokenPull("repay", (client, at) => prepareRepay(client, { ...at, loanId: id, amount }));
      const r = eventOf(loanBookAbi, receipt, "Repaid").args as { amount: bigint; repaid: bigint };
      printTx(c, receipt, `repaid ${formatTokenAmount(r.amount)} on loan ${id} (total repaid ${formatTokenAmount(r.repaid)})`, { loan: id, amount: r.amount, repaid: r.repaid });
    });

  registerCancel(en, cli, "cancel your demand before disbursement (investors get refunds)");

  en.command("disclose")
    .description("disclose operating data: revenue of a month with a hash of the supporting accounts")
    .requiredOption("--period <YYYYMM>", "the month, e.g. 202611")
    .requiredOption("--revenue <tokens>", "revenue of the month")
    .requiredOption("--data <text|hash>", "the management accounts (recorded as a hash)")
    .action(async (o: { period: string; revenue: string; data: string }) => {
      const c = cli();
      if (!/^\d{4}(0[1-9]|1[0-2])$/.test(o.period)) throw new Error(`not a month YYYYMM: "${o.period}"`);
      const { contracts } = await c.signer();
      const receipt = await c.send("disclose", () => contracts.attestations.write.disclose([Number(o.period), parseAmount(o.revenue), hashOf(o.data)]));
      const uid = eventOf(attestationRegistryAbi, receipt, "Attested").args.uid;
      printTx(c, receipt, `disclosure ${uid} recorded for ${o.period}`, { uid });
    });

  en.command("schedule")
    .description("a loan's repayment schedule: each instalment's date, amount, principal and interest")
    .argument("<loan>", "loan id")
    .action(async (idText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const [loan, acc] = await Promise.all([c.contracts.loanBook.read.getLoan([id]), c.contracts.loanBook.read.getAccounts([id])]);
      const principal = acc.principal || loan.terms.amount;
      const rows = schedule({ ...loan.terms, method: loan.terms.method as RepaymentMethod }, principal);
      const start = loan.startedAt;
      c.print({ loan: id, principal, startedAt: start, instalments: rows }, () =>
        table(
          ["#", "due", "amount", "principal", "interest", "remaining"],
          rows.map((r) => [
            String(r.k),
            start ? formatTimestamp(BigInt(start) + BigInt(r.dueOffset)).slice(0, 10) : `+${Number(r.dueOffset) / DAY}d`,
            formatTokenAmount(r.amount),
            formatTokenAmount(r.principal),
            formatTokenAmount(r.interest),
            formatTokenAmount(r.remaining),
          ]),
        ),
      );
    });
}
