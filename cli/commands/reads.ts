import type { Command } from "commander";
import type { Address } from "viem";
import { readLoan, readLoans, type LoanView } from "../../lib/loans";
import { BusinessScale, Role, Status, nameOf } from "../../lib/enums";
import { REFUNDABLE_STATES, inStates } from "../../lib/lifecycle";
import type { Cli } from "../context";
import { formatBps as formatRate, formatTimestamp, formatTokenAmount as formatAmount } from "../../lib/format";
import { fields, table } from "../format";
import { devName, label, parseLoanId, parseState, resolveAddress } from "../resolve";

type CliOf = () => Cli;

function loanRow(cli: Cli, l: LoanView): (string | number)[] {
  return [
    String(l.id),
    l.stateName + (l.frozen ? " (frozen)" : ""),
    devName(cli, l.enterprise) ?? l.enterprise,
    formatAmount(l.amount),
    formatAmount(l.raised),
    formatRate(l.rateBps),
    l.methodName,
    l.riskGrade || "-",
  ];
}

export function registerReads(program: Command, cli: CliOf): void {
  const loan = program.command("loan").description("read demands and loans");

  loan
    .command("list")
    .description("every loan, optionally filtered")
    .option("--state <state>", "only loans in this state (e.g. listed, active, late)")
    .option("--enterprise <address>", "only this enterprise's loans (address or development account name)")
    .option("--grade <n>", "only loans of this risk grade (1..5)")
    .action(async (opts: { state?: string; enterprise?: string; grade?: string }) => {
      const c = cli();
      const state = opts.state === undefined ? undefined : parseState(opts.state);
      const enterprise = opts.enterprise === undefined ? undefined : resolveAddress(c, opts.enterprise).toLowerCase();
      const grade = opts.grade === undefined ? undefined : Number(opts.grade);
      const loans = (await readLoans(c.publicClient, c.contracts.loanBook.address)).filter(
        (l) =>
          (state === undefined || l.state === state) &&
          (enterprise === undefined || l.enterprise.toLowerCase() === enterprise) &&
          (grade === undefined || l.riskGrade === grade),
      );
      c.print(loans, () =>
        loans.length === 0
          ? "no loans match"
          : table(["id", "state", "enterprise", "amount", "raised", "rate", "method", "grade"], loans.map((l) => loanRow(c, l))),
      );
    });

  loan
    .command("show")
    .description("one loan in full: terms, money, schedule position")
    .argument("<id>", "loan id")
    .action(async (idText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const count = await c.contracts.loanBook.read.loanCount();
      if (id > count) throw new Error(`no loan ${id}: the book has ${count}`);
      const l = await readLoan(c.publicClient, c.contracts.loanBook.address, id);
      const [k, dueAt, nextAmount] = await c.contracts.loanBook.read.nextInstalment([id]);
      const toClose = await c.contracts.loanBook.read.amountToClose([id]);
      const total = await c.contracts.loanBook.read.dueAfter([id, BigInt(l.instalments)]);
      const data = { ...l, nextInstalment: { number: k, dueAt, amount: nextAmount }, amountToClose: toClose, scheduleTotal: total };
      c.print(data, () =>
        fields([
          ["loan", String(l.id)],
          ["state", l.stateName + (l.frozen ? " (frozen by the regulator)" : "")],
          ["enterprise", label(c, l.enterprise)],
          ["amount / minimum", `${formatAmount(l.amount)} / ${formatAmount(l.minRaise)}`],
          ["raised", formatAmount(l.raised)],
          ["rate", formatRate(l.rateBps)],
          ["repayment", `${l.methodName}, ${l.instalments} x ${l.periodLength / 86_400} days`],
          ["risk grade", l.riskGrade || "not listed yet"],
          ["platform fee", l.feeBps ? formatRate(l.feeBps) : "-"],
          ["funding deadline", formatTimeOrDash(l.fundingDeadline)],
          ["disbursed at", formatTimeOrDash(l.startedAt)],
          ["schedule total", formatAmount(total)],
          ["repaid", formatAmount(l.accounts.repaid)],
          ["next instalment", k === 0n ? "-" : `#${k} due ${formatTimeOrDash(dueAt)}: ${formatAmount(nextAmount)}`],
          ["to close now", formatAmount(toClose)],
          ["distributed / claimed", `${formatAmount(l.accounts.distributed)} / ${formatAmount(l.accounts.claimed)}`],
          ["escrow", formatAmount(l.accounts.escrow)],
          ["guarantor", l.accounts.guarantor === "0x0000000000000000000000000000000000000000" ? "-" : label(c, l.accounts.guarantor)],
          ["bond / paid out", `${formatAmount(l.accounts.bond)} / ${formatAmount(l.accounts.guaranteePaid)}`],
        ]),
      );
    });

  program
    .command("portfolio")
    .description("an investor's positions: contributed, claimed, claimable, refunds due")
    .argument("<address>", "investor address or development account name")
    .action(async (who: string) => {
      const c = cli();
      const investor = resolveAddress(c, who);
      const positions = await portfolioOf(c, investor);
      c.print({ investor, positions }, () =>
        positions.length === 0
          ? `${label(c, investor)} holds no positions`
          : `${label(c, investor)}\n\n` +
            table(
              ["loan", "state", "contributed", "claimed", "claimable", "refund due"],
              positions.map((p) => [String(p.loan), p.state, formatAmount(p.contributed), formatAmount(p.claimed), formatAmount(p.claimable), formatAmount(p.refundDue)]),
            ),
      );
    });

  const participant = program.command("participant").description("read admissions");
  participant
    .command("show")
    .description("a participant's admission record, status and balance")
    .argument("<address>", "address or development account name")
    .action(async (who: string) => {
      const c = cli();
      const account = resolveAddress(c, who);
      const [p, credential, active, balance] = await Promise.all([
        c.contracts.registry.read.participant([account]),
        c.contracts.registry.read.credentialHash([account]),
        c.contracts.registry.read.isActive([account]),
        c.contracts.token.read.balanceOf([account]),
      ]);
      const data = {
        account,
        role: nameOf(Role, p.role),
        status: nameOf(Status, p.status),
        active,
        agencyKinds: p.agencyKinds,
        suitability: p.suitability,
        scale: nameOf(BusinessScale, p.scale),
        admittedAt: p.admittedAt,
        expiresAt: p.expiresAt,
        credentialHash: credential,
        balance,
      };
      c.print(data, () =>
        fields([
          ["account", label(c, account)],
          ["role", data.role],
          ["status", `${data.status}${active ? "" : p.role === Role.None ? "" : " (inactive)"}`],
          ["admitted", formatTimeOrDash(p.admittedAt)],
          ["expires", formatTimeOrDash(p.expiresAt)],
          ["credential hash", credential],
          ...(p.role === Role.Agency ? [["agency kinds (bits)", `0b${p.agencyKinds.toString(2).padStart(6, "0")}`] as [string, string]] : []),
          ...(p.role === Role.Investor ? [["suitability", p.suitability || "not assessed"] as [string, string | number]] : []),
          ...(p.role === Role.Enterprise ? [["business scale", data.scale] as [string, string]] : []),
          ["balance", formatAmount(balance)],
        ]),
      );
    });

  program
    .command("balance")
    .description("deposit-token balance of an account")
    .argument("<address>", "address or development account name")
    .action(async (who: string) => {
      const c = cli();
      const account = resolveAddress(c, who);
      const balance = await c.contracts.token.read.balanceOf([account]);
      c.print({ account, balance }, () => `${label(c, account)}: ${formatAmount(balance)}`);
    });
}

export interface PortfolioPosition {
  loan: bigint;
  state: string;
  contributed: bigint;
  claimed: bigint;
  claimable: bigint;
  refundDue: bigint;
}

export async function portfolioOf(c: Cli, investor: Address): Promise<PortfolioPosition[]> {
  const loans = await readLoans(c.publicClient, c.contracts.loanBook.address);
  const rows = await Promise.all(
    loans.map(async (l) => {
      const [pos, claimable] = await Promise.all([
        c.contracts.loanBook.read.getPosition([l.id, investor]),
        c.contracts.loanBook.read.claimable([l.id, investor]),
      ]);
      const refundable = inStates(REFUNDABLE_STATES, l.state) && !pos.refunded;
      return { loan: l.id, state: l.stateName, contributed: pos.contributed, claimed: BigInt(pos.claimed), claimable, refundDue: refundable ? pos.contributed : 0n };
    }),
  );
  return rows.filter((r) => r.contributed > 0n);
}

const formatTimeOrDash = (seconds: number | bigint) => (Number(seconds) === 0 ? "-" : formatTimestamp(seconds));
