import type { Command } from "commander";
import type { BusinessScale } from "../../lib/enums";
import { formatBps, formatTokenAmount } from "../../lib/format";
import { readLoans } from "../../lib/loans";
import { matchLoans, type InvestorPreferences, type MatchableLoan } from "../../lib/matching";
import type { Cli } from "../context";
import { parseAmount, table } from "../format";
import { chainNow, label, parseScale, resolveAddress } from "../resolve";
import type { CliOf } from "./shared";

/** Listed loans with their enterprise's business scale, in the shape matching needs. */
export async function matchableLoans(c: Cli): Promise<MatchableLoan[]> {
  const loans = await readLoans(c.publicClient, c.contracts.loanBook.address);
  const scales = new Map<string, BusinessScale>();
  for (const l of loans) {
    if (!scales.has(l.enterprise)) scales.set(l.enterprise, (await c.contracts.registry.read.participant([l.enterprise])).scale as BusinessScale);
  }
  return loans.map((l) => ({
    id: l.id,
    state: l.state,
    frozen: l.frozen,
    riskGrade: l.riskGrade,
    fundingDeadline: l.fundingDeadline,
    amount: l.amount,
    raised: l.raised,
    rateBps: l.rateBps,
    instalments: l.instalments,
    periodLength: l.periodLength,
    scale: scales.get(l.enterprise)!,
  }));
}

export function registerRecommend(program: Command, cli: CliOf): void {
  program
    .command("recommend")
    .description("listed loans that suit an investor's suitability and preferences, best first")
    .argument("<address>", "investor address or development account name")
    .option("--min-amount <tokens>", "smallest remaining amount worth showing")
    .option("--max-amount <tokens>", "largest remaining amount worth showing")
    .option("--scales <list>", "business scales financed, e.g. micro,small")
    .option("--max-grade <n>", "riskiest grade accepted (1..5)")
    .option("--min-term-days <n>", "shortest term")
    .option("--max-term-days <n>", "longest term")
    .option("--all", "also list the loans that do not match, with the reasons")
    .action(async (who: string, o: Record<string, string | boolean | undefined>) => {
      const c = cli();
      const investor = resolveAddress(c, who);
      const preferences: InvestorPreferences = {
        ...(o.minAmount ? { minAmount: parseAmount(o.minAmount as string) } : {}),
        ...(o.maxAmount ? { maxAmount: parseAmount(o.maxAmount as string) } : {}),
        ...(o.scales ? { scales: (o.scales as string).split(",").map((s) => parseScale(s.trim()) as BusinessScale) } : {}),
        ...(o.maxGrade ? { maxRiskGrade: Number(o.maxGrade) } : {}),
        ...(o.minTermDays ? { minTermDays: Number(o.minTermDays) } : {}),
        ...(o.maxTermDays ? { maxTermDays: Number(o.maxTermDays) } : {}),
      };
      const suitability = (await c.contracts.registry.read.participant([investor])).suitability;
      const result = matchLoans(await matchableLoans(c), { suitability, preferences }, await chainNow(c));
      const data = { investor, suitability, preferences, matches: result.matches, ...(o.all ? { rejected: result.rejected } : {}) };
      c.print(data, () => {
        const head = `${label(c, investor)}, suitability ${suitability || "not assessed"}`;
        const matches = result.matches.length
          ? table(
              ["rank", "loan", "grade", "rate", "remaining", "why"],
              result.matches.map((m) => [m.rank, String(m.loan.id), m.loan.riskGrade, formatBps(m.loan.rateBps), formatTokenAmount(m.remaining), m.reasons.map((r) => r.message).join("; ")]),
            )
          : "no listed loan matches";
        const rejected = o.all && result.rejected.length
          ? "\n\nNot matching:\n" + result.rejected.map((r) => `  loan ${r.loan.id}: ${r.reasons.map((x) => x.message).join("; ")}`).join("\n")
          : "";
        return `${head}\n\n${matches}${rejected}`;
      });
    });
}
