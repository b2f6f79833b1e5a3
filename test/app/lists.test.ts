import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AttestationKind, LoanState, Role } from "../../lib/enums";
import { accountSubject, loanSubject } from "../../lib/attestations";
import { reasonHash } from "../../lib/reasons";
import { insertRows, type Sql } from "../../indexer/sql";
import { answerList, type Caller, type ListName } from "../../indexer/listApi";
import { newStore, STORES } from "../indexer/stores";

/**
 * The app's list API (indexer/listApi.ts over indexer/lists.ts), on a small index written here row by row: paging,
 * sorting, filters, refusals of bad queries, what each role may read, and the freshness every answer carries. Every
 * case runs on both stores (SQLite and PostgreSQL, test/indexer/stores.ts), which must give the same answers. The
 * routes under /api/index add only the session guard, which the browser tests exercise.
 */

const account = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const REGULATOR = account(1);
const OPERATOR = account(2);
const AGENCY = account(3);
const OTHER_AGENCY = account(4);
const INVESTOR = account(5);
const OTHER_INVESTOR = account(6);
const ENTERPRISE = account(7);
const OTHER_ENTERPRISE = account(8);
const CUSTODIAN = account(9);
const NOW = 1_800_000_000;
const BLOCK = 120;

const caller = (address: string, role: number): Caller => ({ address, role });
const regulator = caller(REGULATOR, Role.Regulator);
const operator = caller(OPERATOR, Role.Operator);
const agency = caller(AGENCY, Role.Agency);
const investor = caller(INVESTOR, Role.Investor);
const enterprise = caller(ENTERPRISE, Role.Enterprise);
const custodian = caller(CUSTODIAN, Role.Custodian);

// The reasons and notices in words the index keeps in its events (written below).
const FREEZE = "Supplier contract to be verified.";
// A reason that tries to pass for a reason about INVESTOR: JSON escapes its quotes, so it never matches as one.
const SUSPENSION = `KYC file under review ("account":"${INVESTOR}").`;
const REVOCATION = "Error in the report.";
const LOAN_NOTICE = "Loan 2 is examined: the supplier contract is verified.";
const ACCOUNT_NOTICE = "Identity documents expired.";

describe("lists from the index", function () {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "smefin-lists-"));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of STORES) {
    describe(`on ${kind}`, function () {
      let sql: Sql;

      before(async function () {
        sql = await (await newStore(kind, dir, "lists")).open();
        await writeIndex(sql);
      });

      after(async () => {
        await sql?.close();
      });

      listCases(() => sql);
    });
  }
});

/** The small index every case reads, written through `Sql` so that both stores get the same rows. */
async function writeIndex(sql: Sql): Promise<void> {
  await sql.run("INSERT INTO cursor (id, last_block, last_block_time) VALUES (1, ?, ?)", [BLOCK, NOW]);
  const people: [string, number, number][] = [
    [REGULATOR, Role.Regulator, 0],
    [OPERATOR, Role.Operator, 0],
    [AGENCY, Role.Agency, 1 << AttestationKind.CreditRating],
    [OTHER_AGENCY, Role.Agency, 1 << AttestationKind.Guarantee],
    [INVESTOR, Role.Investor, 0],
    [OTHER_INVESTOR, Role.Investor, 0],
    [ENTERPRISE, Role.Enterprise, 0],
    [OTHER_ENTERPRISE, Role.Enterprise, 0],
    [CUSTODIAN, Role.Custodian, 0],
  ];
  await insertRows(
    sql,
    "participants",
    ["account", "role", "status", "agency_kinds", "scale", "suitability", "admitted_at", "expires_at", "credential_hash", "admitted_block", "updated_block"],
    people.map(([who, role, kinds], i) => [who, role, 1, kinds, role === Role.Enterprise ? 2 : 0, 0, 0, NOW + 3600, "0x", i + 1, 1]),
  );

  // id, enterprise, state, frozen, amount, rate, purpose, grade, published block, listed block, raised, principal, distributed
  const loans: [number, string, number, number, string, number, string, number, number, number | null, string, string, string][] = [
    [1, ENTERPRISE, LoanState.Published, 0, "500000000", 900, "Tea drying line", 0, 10, null, "0", "0", "0"],
    [2, ENTERPRISE, LoanState.Listed, 0, "2000000000", 800, "Packaging machine", 2, 20, 25, "300000000", "0", "0"],
    [3, OTHER_ENTERPRISE, LoanState.Active, 0, "1500000000", 1000, "Cold storage", 3, 30, 35, "1500000000", "1500000000", "300000000"],
    [4, OTHER_ENTERPRISE, LoanState.Repaid, 1, "90000000000", 700, "Solar roof", 1, 40, 45, "90000000000", "90000000000", "0"],
  ];
  for (const [id, who, state, frozen, amount, rate, purpose, grade, published, listed, raised, principal, distributed] of loans) {
    await sql.run(
      `INSERT INTO loans (id, enterprise, state, frozen, amount, min_raise, rate_bps, method, instalments, period_length, funding_period, purpose, metadata_hash,
        risk_grade, fee_bps, funding_deadline, operator, started_at, published_block, published_time, listed_block, attestation_uids, raised, escrow, principal,
        repaid, distributed, claimed, refunded, closing_amount, bond, guarantee_paid, recovered, recovery_claimed, guarantor, updated_block)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 12, 2592000, 604800, ?, '0x', ?, 100, 0, NULL, 0, ?, ?, ?, '[]', ?, '0', ?, '0', ?, '0', '0', '0', '0', '0', '0', '0', NULL, 1)`,
      [id, who, state, frozen, amount, amount, rate, purpose, grade, published, published, listed, raised, principal, distributed],
    );
  }

  await insertRows(sql, "positions", ["loan_id", "investor", "contributed", "claimed", "refunded"], [
    [2, INVESTOR, "300000000", "0", "0"],
    [3, INVESTOR, "1000000000", "100000000", "0"],
    [3, OTHER_INVESTOR, "500000000", "0", "0"],
  ]);

  // uid, attester, kind, subject, value, block, time, period, revoked block (the relayer is the attester)
  const attestations: [string, string, number, string, string, number, number, number | null, number | null][] = [
    ["0xa1", AGENCY, AttestationKind.CreditRating, loanSubject(2), "3", 50, NOW - 100, null, null],
    ["0xa2", OTHER_AGENCY, AttestationKind.CreditRating, loanSubject(3), "2", 51, NOW - 90, null, null],
    ["0xa3", AGENCY, AttestationKind.CreditRating, loanSubject(1), "4", 52, NOW - 80, null, 60],
    ["0xd1", ENTERPRISE, AttestationKind.OperatingDisclosure, accountSubject(ENTERPRISE), "7000000", 53, NOW - 70, 202602, null],
    ["0xd2", ENTERPRISE, AttestationKind.OperatingDisclosure, accountSubject(ENTERPRISE), "6000000", 54, NOW - 60, 202601, null],
    ["0xd3", OTHER_ENTERPRISE, AttestationKind.OperatingDisclosure, accountSubject(OTHER_ENTERPRISE), "9000000", 55, NOW - 50, 202601, null],
  ];
  await insertRows(
    sql,
    "attestations",
    ["uid", "attester", "relayer", "kind", "subject", "value", "data_hash", "ref_uid", "expires_at", "block_number", "log_index", "block_time", "tx_hash", "period", "revoked_block"],
    attestations.map(([uid, attester, kind, subject, value, block, time, period, revoked]) => [uid, attester, attester, kind, subject, value, "0x", "0x", 0, block, 0, time, "0x", period, revoked]),
  );
  await sql.run("UPDATE attestations SET revoked_log_index = 0, revoked_time = ?, revoked_by = ? WHERE revoked_block IS NOT NULL", [NOW - 45, AGENCY]);
  // Two supervision notices, each recorded in the transaction of its NoticePublished event (blocks 63 and 64).
  await insertRows(
    sql,
    "attestations",
    ["uid", "attester", "relayer", "kind", "subject", "value", "data_hash", "ref_uid", "expires_at", "block_number", "log_index", "block_time", "tx_hash"],
    [
      ["0xe1", REGULATOR, REGULATOR, AttestationKind.SupervisionNotice, loanSubject(2), "2", reasonHash(LOAN_NOTICE), "0x", 0, 63, 0, NOW - 30, "0x63"],
      ["0xe2", REGULATOR, REGULATOR, AttestationKind.SupervisionNotice, accountSubject(OTHER_INVESTOR), "1", reasonHash(ACCOUNT_NOTICE), "0x", 0, 64, 0, NOW - 20, "0x64"],
    ],
  );

  await insertRows(
    sql,
    "proposals",
    ["id", "proposer", "target", "data", "description", "created_block", "created_log_index", "created_time", "created_tx", "expires_at", "executed_block", "updated_block"],
    [
      [1, REGULATOR, REGULATOR, "0x", "raise the rate cap", 90, 0, NOW - 50, "0x", 0, 95, 1],
      [2, REGULATOR, REGULATOR, "0x", "admit a second supervisor", 100, 0, NOW - 40, "0x", 0, null, 1],
    ],
  );

  const event = (block: number, time: number, name: string, loanId: number, args: object) => [block, 0, `0x${block}`, time, "LoanBook", name, loanId, JSON.stringify(args)];
  await insertRows(sql, "events", ["block_number", "log_index", "tx_hash", "block_time", "contract", "name", "loan_id", "args"], [
    event(12, NOW - 500, "ServiceRequested", 1, { id: "1", agency: AGENCY, kinds: 4, operator: OPERATOR }),
    event(13, NOW - 400, "ServiceRequested", 3, { id: "3", agency: OTHER_AGENCY, kinds: 8, operator: OPERATOR }),
    event(70, NOW - 300, "Repaid", 3, { id: "3", payer: OTHER_ENTERPRISE, amount: "200000000", repaid: "200000000" }),
    event(80, NOW - 200, "Repaid", 3, { id: "3", payer: OTHER_ENTERPRISE, amount: "100000000", repaid: "300000000" }),
    event(61, NOW - 40, "LoanFrozen", 2, { id: "2", regulator: REGULATOR, reasonHash: reasonHash(FREEZE), reason: FREEZE }),
  ]);
  const registryEvent = (block: number, log: number, time: number, contract: string, name: string, args: object) => [block, log, `0x${block}`, time, contract, name, null, JSON.stringify(args)];
  await insertRows(sql, "events", ["block_number", "log_index", "tx_hash", "block_time", "contract", "name", "loan_id", "args"], [
    registryEvent(60, 0, NOW - 45, "AttestationRegistry", "AttestationRevoked", { uid: "0xa3", revoker: AGENCY, reasonHash: reasonHash(REVOCATION), reason: REVOCATION }),
    registryEvent(62, 0, NOW - 35, "ParticipantRegistry", "ParticipantSuspended", { account: OTHER_INVESTOR, reasonHash: reasonHash(SUSPENSION), reason: SUSPENSION, regulator: REGULATOR }),
    registryEvent(63, 1, NOW - 30, "AttestationRegistry", "NoticePublished", { uid: "0xe1", subject: loanSubject(2), text: LOAN_NOTICE }),
    registryEvent(64, 1, NOW - 20, "AttestationRegistry", "NoticePublished", { uid: "0xe2", subject: accountSubject(OTHER_INVESTOR), text: ACCOUNT_NOTICE }),
  ]);
}

/** Every case, on the index `current()` answers (the store of the enclosing describe). */
function listCases(current: () => Sql): void {
  async function ask(list: ListName, query: string, who: Caller) {
    const answer = await answerList(current(), list, new URLSearchParams(query), who);
    return answer as { status: number; body: any };
  }
  const ids = (body: any, key = "id") => body.rows.map((r: any) => r[key]);

  describe("paging, sorting and filters", () => {
    it("pages loans with their total, newest first by default, and says how fresh the index is", async () => {
      const first = await ask("loans", "limit=3", regulator);
      expect(first.status).to.equal(200);
      expect(ids(first.body)).to.deep.equal([4, 3, 2]);
      expect(first.body).to.include({ total: 4, offset: 0, limit: 3, sort: "id", order: "desc" });
      expect(first.body.freshness).to.deep.equal({ block: BLOCK, blockTime: NOW });
      const second = await ask("loans", "limit=3&offset=3", regulator);
      expect(ids(second.body)).to.deep.equal([1]);
    });

    it("sorts amounts as numbers, not text, and breaks ties by id", async () => {
      expect(ids((await ask("loans", "sort=amount&order=asc", regulator)).body)).to.deep.equal([1, 3, 2, 4]);
      expect(ids((await ask("loans", "sort=grade&order=asc", regulator)).body)).to.deep.equal([1, 4, 2, 3]);
    });

    it("filters loans by state, enterprise, grade, frozen, purpose and investor", async () => {
      expect(ids((await ask("loans", "state=Listed,Active&order=asc", regulator)).body)).to.deep.equal([2, 3]);
      expect(ids((await ask(`loans`, `enterprise=${OTHER_ENTERPRISE.toUpperCase().replace("0X", "0x")}&order=asc`, regulator)).body)).to.deep.equal([3, 4]);
      expect(ids((await ask("loans", "maxGrade=2&order=asc", regulator)).body)).to.deep.equal([1, 2, 4]);
      expect(ids((await ask("loans", "frozen=true", regulator)).body)).to.deep.equal([4]);
      expect(ids((await ask("loans", "search=STORAGE", regulator)).body)).to.deep.equal([3]);
      expect(ids((await ask("loans", `investor=${OTHER_INVESTOR}`, regulator)).body)).to.deep.equal([3]);
      const row = (await ask("loans", "ids=3", regulator)).body.rows[0];
      expect(row).to.include({ id: 3, enterprise: OTHER_ENTERPRISE, state: LoanState.Active, amount: "1500000000", purpose: "Cold storage", scale: 2, frozen: false });
    });

    it("lists a portfolio with what each position may claim", async () => {
      const answer = await ask("portfolio", "", investor);
      expect(answer.body.rows.map((r: any) => [r.loanId, r.contributed, r.claimed, r.claimable, r.loan.purpose])).to.deep.equal([
        [3, "1000000000", "100000000", "100000000", "Cold storage"],
        [2, "300000000", "0", "0", "Packaging machine"],
      ]);
    });

    it("lists attestations with their validity, disclosures by period, repayments and service requests", async () => {
      const attestations = await ask("attestations", "order=asc", regulator);
      expect(attestations.body.rows.map((r: any) => [r.uid, r.valid, r.revoked])).to.deep.equal([
        ["0xa1", true, false],
        // The other agency is not accredited for credit ratings: its statement is not valid.
        ["0xa2", false, false],
        ["0xa3", false, true],
        ["0xd1", true, false],
        ["0xd2", true, false],
        ["0xd3", true, false],
        // Notices are valid while not revoked.
        ["0xe1", true, false],
        ["0xe2", true, false],
      ]);
      expect(ids((await ask("disclosures", `enterprise=${ENTERPRISE}`, enterprise)).body, "period")).to.deep.equal([202601, 202602]);
      const repayments = await ask("repayments", "loans=3", regulator);
      expect(repayments.body.rows.map((r: any) => [r.blockNumber, r.amount, r.repaid, r.payer])).to.deep.equal([
        [80, "100000000", "300000000", OTHER_ENTERPRISE],
        [70, "200000000", "200000000", OTHER_ENTERPRISE],
      ]);
      expect((await ask("requests", `agency=${AGENCY}`, operator)).body.rows).to.deep.equal([
        { loanId: 1, agency: AGENCY, kinds: 4, operator: OPERATOR, blockNumber: 12, blockTime: NOW - 500, txHash: "0x12" },
      ]);
    });

    it("lists reasons and notices in words with the hash recorded beside them, by loan or by account", async () => {
      const all = await ask("reasons", "", regulator);
      expect(all.body.rows.map((r: any) => [r.blockNumber, r.action, r.text])).to.deep.equal([
        [60, "attestation revoked", REVOCATION],
        [61, "loan frozen", FREEZE],
        [62, "participant suspended", SUSPENSION],
        [63, "supervision notice", LOAN_NOTICE],
        [64, "supervision notice", ACCOUNT_NOTICE],
      ]);
      expect(all.body.rows[1]).to.deep.equal({ action: "loan frozen", loanId: 2, account: null, uid: null, subject: null, text: FREEZE, hash: reasonHash(FREEZE), by: REGULATOR, blockNumber: 61, blockTime: NOW - 40, txHash: "0x61" });
      // A notice's hash is its attestation's dataHash, its author the attester.
      expect(all.body.rows[3]).to.deep.equal({ action: "supervision notice", loanId: null, account: null, uid: "0xe1", subject: loanSubject(2), text: LOAN_NOTICE, hash: reasonHash(LOAN_NOTICE), by: REGULATOR, blockNumber: 63, blockTime: NOW - 30, txHash: "0x63" });
      expect((await ask("reasons", "loan=2", operator)).body.rows.map((r: any) => r.text)).to.deep.equal([FREEZE, LOAN_NOTICE]);
      expect((await ask("reasons", `accounts=${OTHER_INVESTOR},${INVESTOR}&order=desc`, regulator)).body.rows.map((r: any) => r.text)).to.deep.equal([ACCOUNT_NOTICE, SUSPENSION]);
      expect((await ask("reasons", "loan=3", regulator)).body.total).to.equal(0);
    });

    it("lists attestations with a notice's words and a revocation's reason", async () => {
      const rows = (await ask("attestations", "order=asc", regulator)).body.rows;
      const of = (uid: string) => rows.find((r: any) => r.uid === uid);
      expect(of("0xa3").revocation).to.deep.equal({ action: "attestation revoked", loanId: null, account: null, uid: "0xa3", subject: null, text: REVOCATION, hash: reasonHash(REVOCATION), by: AGENCY, blockNumber: 60, blockTime: NOW - 45, txHash: "0x60" });
      expect(of("0xa3").notice).to.equal(null);
      expect(of("0xe2").notice).to.include({ text: ACCOUNT_NOTICE, hash: reasonHash(ACCOUNT_NOTICE), subject: accountSubject(OTHER_INVESTOR), txHash: "0x64" });
      expect(of("0xe2").revocation).to.equal(null);
      expect(of("0xa1")).to.include({ notice: null, revocation: null });
    });

    it("lists the committee's proposals with their reasons to every participant, open ones alone when asked", async () => {
      const all = await ask("proposals", "", investor);
      expect(all.body.rows.map((p: any) => [p.id, p.description, p.executed])).to.deep.equal([
        [2, "admit a second supervisor", false],
        [1, "raise the rate cap", true],
      ]);
      expect(ids((await ask("proposals", "open=true", agency)).body)).to.deep.equal([2]);
    });

    it("lists participants by role and totals the book by state", async () => {
      expect(ids((await ask("participants", "role=Agency,Investor", regulator)).body, "account")).to.deep.equal([AGENCY, OTHER_AGENCY, INVESTOR, OTHER_INVESTOR]);
      const summary = (await ask("summary", "", operator)).body;
      expect(summary.loans.find((t: any) => t.state === LoanState.Active)).to.deep.equal({ state: LoanState.Active, loans: 1, frozen: 0, amount: "1500000000", raised: "1500000000", principal: "1500000000", repaid: "0", escrow: "0", outstanding: "1500000000", principalOrAmount: "1500000000" });
      expect(summary.participants.find((p: any) => p.role === Role.Enterprise)).to.deep.equal({ role: Role.Enterprise, status: 1, count: 2 });
    });
  });

  describe("bad input is refused with a sentence", () => {
    const cases: [ListName, string, RegExp][] = [
      ["loans", "limit=0", /limit is a whole number from 1 to 100/],
      ["loans", "limit=101", /limit is a whole number from 1 to 100/],
      ["loans", "offset=-1", /offset is a whole number/],
      ["loans", "sort=purpose", /sort is one of id, amount/],
      ["loans", "order=up", /order is asc or desc/],
      ["loans", "state=Sleeping", /state is one or more of None, Published/],
      ["loans", "enterprise=0x12", /is not an address/],
      ["loans", "ids=1,x", /is not a loan number/],
      ["loans", "frozen=yes", /frozen is true or false/],
      ["loans", "colour=red", /unknown parameter colour/],
      ["loans", "limit=1&limit=2", /give limit once/],
      ["loans", `search=${"a".repeat(101)}`, /at most 100 characters/],
      ["attestations", "kind=Gossip", /kind is one or more of/],
      ["repayments", "loans=0", /is not a loan number/],
      ["reasons", "accounts=0x12", /is not an address/],
      ["reasons", "sort=text", /sort is one of block/],
    ];
    for (const [list, query, message] of cases) {
      it(`${list}?${query.slice(0, 40)}`, async () => {
        const answer = await ask(list, query, regulator);
        expect(answer.status).to.equal(400);
        expect(answer.body.error).to.match(message);
      });
    }
  });

  describe("what each role may read", () => {
    it("shows investors listed loans only, an enterprise its own, an agency those it was asked to serve", async () => {
      expect(ids((await ask("loans", "order=asc", investor)).body)).to.deep.equal([2, 3, 4]);
      expect((await ask("loans", `enterprise=${OTHER_ENTERPRISE}`, enterprise)).status).to.equal(403);
      expect((await ask("loans", `agency=${OTHER_AGENCY}`, agency)).status).to.equal(403);
      expect(ids((await ask("loans", "order=asc", enterprise)).body)).to.deep.equal([1, 2]);
      expect(ids((await ask("loans", "", agency)).body)).to.deep.equal([1]);
      expect((await ask("loans", "", custodian)).status).to.equal(403);
    });

    it("keeps an investor's positions to that investor, the operator and the regulator", async () => {
      expect((await ask("portfolio", `investor=${OTHER_INVESTOR}`, investor)).status).to.equal(403);
      expect((await ask("loans", `investor=${OTHER_INVESTOR}`, investor)).status).to.equal(403);
      expect(ids((await ask("portfolio", "", investor)).body, "investor")).to.deep.equal([INVESTOR, INVESTOR]);
      expect(ids((await ask("portfolio", "loan=3&sort=contributed", regulator)).body, "investor")).to.deep.equal([INVESTOR, OTHER_INVESTOR]);
      expect((await ask("portfolio", "", enterprise)).status).to.equal(403);
      expect((await ask("portfolio", "", agency)).status).to.equal(403);
    });

    it("shows statements about a loan only to those who may read the loan", async () => {
      // The rating and the regulator's notice about the loan, newest first.
      expect((await ask("attestations", "loan=2", investor)).body.rows.map((r: any) => r.uid)).to.deep.equal(["0xe1", "0xa1"]);
      expect((await ask("attestations", "loan=1", investor)).status).to.equal(403);
      expect((await ask("attestations", "", investor)).status).to.equal(403);
      expect((await ask("attestations", "loan=99", investor)).status).to.equal(404);
      expect((await ask("attestations", `loan=2&enterprise=${OTHER_ENTERPRISE}`, investor)).status).to.equal(403);
      expect(ids((await ask("attestations", `attester=${AGENCY}&order=asc`, agency)).body, "uid")).to.deep.equal(["0xa1", "0xa3"]);
      expect((await ask("attestations", `attester=${OTHER_AGENCY}`, agency)).status).to.equal(403);
    });

    it("shows disclosures and repayments of an enterprise with a loan the reader may read", async () => {
      expect((await ask("disclosures", `enterprise=${OTHER_ENTERPRISE}`, investor)).status).to.equal(200);
      expect((await ask("disclosures", `enterprise=${OTHER_ENTERPRISE}`, enterprise)).status).to.equal(403);
      expect((await ask("disclosures", "", investor)).status).to.equal(403);
      expect((await ask("repayments", "loans=3", enterprise)).status).to.equal(403);
      expect((await ask("repayments", "loans=3", investor)).body.total).to.equal(2);
    });

    it("shows a loan's reasons to those who may read the loan, and an account the reasons about itself, even while not active", async () => {
      expect((await ask("reasons", "loan=2", investor)).body.rows.map((r: any) => r.text)).to.deep.equal([FREEZE, LOAN_NOTICE]);
      expect((await ask("reasons", "loan=1", investor)).status).to.equal(403);
      expect((await ask("reasons", "loan=2", agency)).status).to.equal(403);
      expect((await ask("reasons", "", investor)).status).to.equal(403);
      expect((await ask("reasons", `accounts=${OTHER_INVESTOR}`, investor)).status).to.equal(403);
      // The suspended investor reads why, and nothing else.
      const suspended: Caller = { address: OTHER_INVESTOR, role: Role.Investor, inactive: true };
      expect((await ask("reasons", `accounts=${OTHER_INVESTOR}`, suspended)).body.rows.map((r: any) => r.text)).to.deep.equal([SUSPENSION, ACCOUNT_NOTICE]);
      expect((await ask("reasons", "loan=2", suspended)).status).to.equal(403);
      // A regulator that is not active is no longer the supervisor: its own reasons only.
      expect((await ask("reasons", "", { ...regulator, inactive: true })).status).to.equal(403);
      // Words that quote another account are not a reason about it.
      expect((await ask("reasons", `accounts=${INVESTOR}`, investor)).body.rows).to.deep.equal([]);
    });

    it("keeps requests to the agency asked, and participants and totals to the regulator and the operator", async () => {
      expect((await ask("requests", "", agency)).body.rows.map((r: any) => r.loanId)).to.deep.equal([1]);
      expect((await ask("requests", `agency=${OTHER_AGENCY}`, agency)).status).to.equal(403);
      expect((await ask("requests", "", enterprise)).body.rows.map((r: any) => r.loanId)).to.deep.equal([1]);
      expect((await ask("requests", "", investor)).status).to.equal(403);
      for (const who of [investor, enterprise, agency, custodian]) expect((await ask("participants", "", who)).status).to.equal(403);
      const mine = (await ask("summary", "", enterprise)).body;
      expect(mine.participants).to.equal(null);
      expect(mine.loans.map((t: any) => [t.state, t.loans])).to.deep.equal([[LoanState.Published, 1], [LoanState.Listed, 1]]);
      expect((await ask("summary", "", custodian)).status).to.equal(403);
      expect((await ask("participants", "", operator)).body.total).to.equal(9);
    });
  });
}
