import { isAgencyKind } from "../../lib/attestations";
import type { LedgerViews } from "../views";
import type { BarChart } from "./charts";

const TOKEN = 1_000_000;
const tokens = (v: number) => `${v.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
const percent = (v: number) => `${v.toFixed(0)} %`;

/** The four charts of the report, from the index views. */
export async function reportCharts(views: LedgerViews): Promise<BarChart[]> {
  // Funding volume per month (UTC), from the fund movements.
  const byMonth = new Map<string, bigint>();
  for (const m of await views.movements({ kind: "loan.fund" })) {
    const month = new Date(m.blockTime * 1000).toISOString().slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0n) + BigInt(m.amount));
  }
  const months = [...byMonth.keys()].sort();

  const loans = await views.loans();
  const grades = [1, 2, 3, 4, 5];
  const outstanding = grades.map((g) => loans.filter((l) => l.riskGrade === g).reduce((sum, l) => sum + BigInt(l.outstanding), 0n));

  // Late and default rates among disbursed loans, by risk grade: ever declared late, ever defaulted.
  const everLate = new Set((await views.events({ name: "LoanLate" })).map((e) => e.loanId));
  const everDefaulted = new Set((await views.events({ name: "LoanDefaulted" })).map((e) => e.loanId));
  const disbursed = loans.filter((l) => l.startedAt > 0);
  const rate = (g: number, set: Set<number | null>) => {
    const pool = disbursed.filter((l) => l.riskGrade === g);
    return pool.length === 0 ? 0 : (100 * pool.filter((l) => set.has(l.id)).length) / pool.length;
  };

  const perAgency = new Map<string, number>();
  for (const a of await views.attestations()) if (isAgencyKind(a.kind)) perAgency.set(a.attester, (perAgency.get(a.attester) ?? 0) + 1);
  const agencies = [...perAgency.entries()].sort((x, y) => y[1] - x[1]).slice(0, 24);

  return [
    { title: "Funding volume per month (tokens)", labels: months, series: [{ name: "funded", values: months.map((m) => Number(byMonth.get(m)!) / TOKEN), color: "#2b6cb0" }], format: tokens },
    {
      title: "Outstanding by risk grade (tokens still owed on disbursed loans)",
      labels: grades.map((g) => `grade ${g}`),
      series: [{ name: "outstanding", values: outstanding.map((v) => Number(v) / TOKEN), color: "#c05621" }],
      format: tokens,
    },
    {
      title: "Late and default rates of disbursed loans by risk grade",
      labels: grades.map((g) => `grade ${g}`),
      series: [
        { name: "ever late", values: grades.map((g) => rate(g, everLate)), color: "#d69e2e" },
        { name: "defaulted", values: grades.map((g) => rate(g, everDefaulted)), color: "#c53030" },
      ],
      format: percent,
    },
    { title: "Attestations per agency", labels: agencies.map(([a]) => `${a.slice(0, 6)}…${a.slice(-4)}`), series: [{ name: "attestations", values: agencies.map(([, n]) => n), color: "#2f855a" }] },
  ];
}
