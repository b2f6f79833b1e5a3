import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BusinessScale, LoanState, Role } from "../../lib/enums";
import { compareMatches, type InvestorPreferences } from "../../lib/matching";
import { insertRows, type Sql } from "../../indexer/sql";
import { answerList, type Caller } from "../../indexer/listApi";
import { loanOfRow } from "../../indexer/loanRow";
import { newStore, STORES } from "../indexer/stores";

/**
 * An investor's recommendations served from the index (indexer/recommendations.ts through indexer/listApi.ts):
 * ranked over every listed loan, not a page of them; narrowed by the investor's suitability in the index and by
 * the preferences the app server hands in; refused to other roles and for bad paging. Every case runs on SQLite
 * and PostgreSQL (test/indexer/stores.ts).
 */

const account = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const REGULATOR = account(1);
const OPERATOR = account(2);
const INVESTOR = account(5);
const CAUTIOUS_INVESTOR = account(6);
const UNASSESSED_INVESTOR = account(10);
const SMALL_ENTERPRISE = account(7);
const MICRO_ENTERPRISE = account(8);
const NOW = 1_800_000_000;
const DAY = 86_400;
const UNIT = 1_000_000n;

const caller = (address: string, role: number): Caller => ({ address, role });
const investor = caller(INVESTOR, Role.Investor);
const cautious = caller(CAUTIOUS_INVESTOR, Role.Investor);

/** 131 loans, more than a page of the largest size (100), so that a per-page ranking would miss some matches. */
const LOANS = 131;
interface FixtureLoan {
  id: number;
  enterprise: string;
  state: number;
  frozen: boolean;
  grade: number;
  rate: number;
  amount: bigint;
  raised: bigint;
  deadline: number;
  instalments: number;
}
function fixture(id: number): FixtureLoan {
  const best = id === LOANS; // the safest and best-paying loan: listed last, so on no first page by id
  return {
    id,
    enterprise: id % 2 === 0 ? SMALL_ENTERPRISE : MICRO_ENTERPRISE,
    state: id % 10 === 0 ? LoanState.Funded : LoanState.Listed,
    frozen: id === 7,
    grade: best ? 1 : (id % 3) + 1,
    rate: best ? 2_000 : 500 + ((id * 37) % 400),
    amount: 1_000n * UNIT * BigInt(1 + (id % 4)),
    raised: 100n * UNIT * BigInt(id % 5),
    deadline: id === 11 ? NOW - 1 : NOW + DAY * (1 + (id % 9)),
    instalments: 6 + (id % 3) * 6,
  };
}
const ALL = Array.from({ length: LOANS }, (_, i) => fixture(i + 1));
const SCALE: Record<string, BusinessScale> = { [SMALL_ENTERPRISE]: BusinessScale.Small, [MICRO_ENTERPRISE]: BusinessScale.Micro };

/** The loans an investor of `suitability` may fund now, before preferences. */
const fundable = (suitability: number) => ALL.filter((l) => l.state === LoanState.Listed && !l.frozen && l.deadline > NOW && l.raised < l.amount && l.grade <= suitability);

describe("recommendations from the index", function () {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "smefin-recommendations-"));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of STORES) {
    describe(`on ${kind}`, function () {
      let sql: Sql;

      before(async function () {
        sql = await (await newStore(kind, dir, "recommendations")).open();
        await writeIndex(sql);
      });

      after(async () => {
        await sql?.close();
      });

      cases(() => sql);
    });
  }
});

async function writeIndex(sql: Sql): Promise<void> {
  await sql.run("INSERT INTO cursor (id, last_block, last_block_time) VALUES (1, ?, ?)", [200, NOW]);
  const people: [string, number, number, number][] = [
    [REGULATOR, Role.Regulator, 0, 0],
    [OPERATOR, Role.Operator, 0, 0],
    [INVESTOR, Role.Investor, 0, 3],
    [CAUTIOUS_INVESTOR, Role.Investor, 0, 2],
    [UNASSESSED_INVESTOR, Role.Investor, 0, 0],
    [SMALL_ENTERPRISE, Role.Enterprise, BusinessScale.Small, 0],
    [MICRO_ENTERPRISE, Role.Enterprise, BusinessScale.Micro, 0],
  ];
  await insertRows(
    sql,
    "participants",
    ["account", "role", "status", "agency_kinds", "scale", "suitability", "admitted_at", "expires_at", "credential_hash", "admitted_block", "updated_block"],
    people.map(([who, role, scale, suitability], i) => [who, role, 1, 0, scale, suitability, 0, NOW + 3600, "0x", i + 1, 1]),
  );
  for (const l of ALL) {
    await sql.run(
      `INSERT INTO loans (id, enterprise, state, frozen, amount, min_raise, rate_bps, method, instalments, period_length, funding_period, purpose, metadata_hash,
        risk_grade, fee_bps, funding_deadline, operator, started_at, published_block, published_time, listed_block, attestation_uids, raised, escrow, principal,
        repaid, distributed, claimed, refunded, closing_amount, bond, guarantee_paid, recovered, recovery_claimed, guarantor, updated_block)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 2592000, 604800, ?, '0x', ?, 100, ?, NULL, 0, ?, ?, ?, '[]', ?, ?, '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', NULL, 1)`,
      [l.id, l.enterprise, l.state, l.frozen ? 1 : 0, l.amount.toString(), l.amount.toString(), l.rate, l.instalments, `Loan ${l.id}`, l.grade, l.deadline, l.id, NOW - 1000 + l.id, l.id + 1, l.raised.toString(), l.raised.toString()],
    );
  }
}

function cases(current: () => Sql): void {
  async function ask(query: string, who: Caller, preferences?: InvestorPreferences) {
    return (await answerList(current(), "recommendations", new URLSearchParams(query), who, preferences ? { preferences } : {})) as { status: number; body: any };
  }
  /** Every recommendation, page after page of `limit`. */
  async function everyPage(who: Caller, preferences: InvestorPreferences = {}, limit = 100) {
    const rows: any[] = [];
    for (let offset = 0; ; offset += limit) {
      const answer = await ask(`offset=${offset}&limit=${limit}`, who, preferences);
      expect(answer.status).to.equal(200);
      rows.push(...answer.body.rows);
      if (offset + limit >= answer.body.total) return { rows, total: answer.body.total as number, rejected: answer.body.rejected as number };
    }
  }
  const listed = ALL.filter((l) => l.state === LoanState.Listed).length;

  it("ranks every listed loan the investor may fund, across more loans than one page holds", async () => {
    const expected = fundable(3);
    expect(expected.length).to.be.greaterThan(100);
    const first = await ask("limit=100", investor);
    expect(first.status).to.equal(200);
    expect(first.body).to.include({ total: expected.length, offset: 0, limit: 100, sort: "rank", order: "asc", suitability: 3, rejected: listed - expected.length });
    expect(first.body.freshness).to.deep.equal({ block: 200, blockTime: NOW });
    // The best loan has the highest id: a ranking of the first page of listed loans by id would not see it.
    expect(first.body.rows[0]).to.deep.include({ rank: 1, remaining: (ALL[LOANS - 1].amount - ALL[LOANS - 1].raised).toString() });
    expect(first.body.rows[0].loan).to.include({ id: LOANS, riskGrade: 1, rateBps: 2_000, purpose: `Loan ${LOANS}`, scale: BusinessScale.Micro });
    expect(first.body.rows[0].reasons.map((r: any) => r.message)).to.include("risk grade 1 within suitability 3");

    const { rows, total } = await everyPage(investor, {}, 37);
    expect(total).to.equal(expected.length);
    expect(rows.map((r) => r.rank)).to.deep.equal(expected.map((_, i) => i + 1));
    expect(rows.map((r) => r.loan.id).sort((a, b) => a - b)).to.deep.equal(expected.map((l) => l.id));
    for (let i = 1; i < rows.length; i++) expect(compareMatches(loanOfRow(rows[i - 1].loan), loanOfRow(rows[i].loan))).to.be.lessThan(0);
  });

  it("leaves out loans above the investor's suitability, frozen, closed, funded or not listed; an unassessed investor gets none", async () => {
    const { rows, total, rejected } = await everyPage(cautious);
    expect(total).to.equal(fundable(2).length);
    expect(rejected).to.equal(listed - total);
    expect(rows.every((r) => r.loan.riskGrade <= 2 && r.loan.state === LoanState.Listed && !r.loan.frozen)).to.equal(true);
    const ids = new Set(rows.map((r) => r.loan.id));
    for (const id of [7, 10, 11]) expect(ids.has(id), `loan ${id}`).to.equal(false);
    const none = await ask("", caller(UNASSESSED_INVESTOR, Role.Investor));
    expect(none.body).to.include({ total: 0, suitability: 0, rejected: listed });
    expect(none.body.rows).to.deep.equal([]);
    // An investor the index does not know has no suitability either.
    expect((await ask("", caller(account(99), Role.Investor))).body).to.include({ total: 0, suitability: 0 });
  });

  it("applies the preferences it is given: grade, scales, amount and term", async () => {
    const preferences: InvestorPreferences = { maxRiskGrade: 2, scales: [BusinessScale.Micro], minAmount: 1_500n * UNIT, maxTermDays: 12 * 30 };
    const expected = fundable(3).filter(
      (l) => l.grade <= 2 && SCALE[l.enterprise] === BusinessScale.Micro && l.amount - l.raised >= 1_500n * UNIT && l.instalments * 30 <= 12 * 30,
    );
    expect(expected.length).to.be.greaterThan(0);
    const { rows, total, rejected } = await everyPage(investor, preferences);
    expect(total).to.equal(expected.length);
    expect(rejected).to.equal(listed - expected.length);
    expect(rows.map((r) => r.loan.id).sort((a, b) => a - b)).to.deep.equal(expected.map((l) => l.id));
    expect(rows[0].reasons.map((r: any) => r.message)).to.include.members(["Micro enterprise", "risk grade " + rows[0].loan.riskGrade + " within the preferred maximum 2"]);
  });

  it("is an investor's only", async () => {
    for (const who of [caller(REGULATOR, Role.Regulator), caller(OPERATOR, Role.Operator), caller(SMALL_ENTERPRISE, Role.Enterprise), caller(account(3), Role.Agency)]) {
      const answer = await ask("", who);
      expect(answer.status, `role ${who.role}`).to.equal(403);
      expect(answer.body.error).to.match(/investor/);
    }
  });

  it("refuses bad paging and parameters it does not take", async () => {
    for (const [query, error] of [
      ["limit=0", "limit is a whole number from 1 to 100"],
      ["limit=101", "limit is a whole number from 1 to 100"],
      ["offset=-1", "offset is a whole number from 0 to 1000000000"],
      ["offset=x", "offset is a whole number from 0 to 1000000000"],
      ["sort=rate", "unknown parameter sort"],
      ["maxGrade=1", "unknown parameter maxGrade"],
    ]) {
      const answer = await ask(query, investor);
      expect(answer.status, query).to.equal(400);
      expect(answer.body).to.deep.equal({ error });
    }
    // A page past the end is empty, with the total.
    const past = await ask("offset=1000", investor);
    expect(past.body).to.include({ total: fundable(3).length, offset: 1000 });
    expect(past.body.rows).to.deep.equal([]);
  });
}
