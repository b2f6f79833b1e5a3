import { AttestationKind, Role, Status } from "../lib/enums";
import { accountSubject, kindName, loanSubject } from "../lib/attestations";
import type { ReasonAction } from "../lib/reasons";
import { entitledOf } from "./ledger";
import { attestationValidAt } from "./views";
import { memoized, statementKey } from "./memo";
import type { Sql, SqlParam } from "./sql";

/**
 * The app's lists, read from the index a page at a time: loans, positions, attestations, disclosures, repayments,
 * service requests and participants. Written against `Sql` only, in SQL that SQLite and PostgreSQL both accept
 * (columns, never JSON functions), so that the same queries serve the embedded index and a shared one.
 *
 * Every list takes a `PageRequest`: an offset and a bounded limit, and a sort key from the list's own whitelist
 * (ties broken by the row's key, so pages never overlap). Filters arrive already validated (app/src/server/lists.ts
 * turns query strings into them); addresses are compared in lower case, as the index stores them. "Now" is the time
 * of the last indexed block, as in indexer/views.ts.
 */

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export type SortOrder = "asc" | "desc";

export interface PageRequest {
  offset: number;
  limit: number;
  sort: string;
  order: SortOrder;
}

export interface Page<T> {
  rows: T[];
  /** Rows matching the filters, over all pages. */
  total: number;
  offset: number;
  limit: number;
  sort: string;
  order: SortOrder;
}

/** How fresh an answer is: the last block whose events are all in the index, and that block's time. */
export interface Freshness {
  block: number | null;
  blockTime: number | null;
}

export async function freshness(sql: Sql): Promise<Freshness> {
  const row = await sql.get<{ last_block: number; last_block_time: number }>("SELECT last_block, last_block_time FROM cursor WHERE id = 1");
  return { block: row?.last_block ?? null, blockTime: row?.last_block_time ?? null };
}

/** A list's sort keys: each a SQL expression over the list's columns. */
export type SortKeys = Readonly<Record<string, string>>;

/** A filter under construction: conditions joined with AND and their parameters, in order. */
class Where {
  readonly conditions: string[] = [];
  readonly params: SqlParam[] = [];
  add(condition: string, ...params: SqlParam[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }
  /** `column IN (?, ?, …)`; an empty list matches nothing. */
  in(column: string, values: readonly SqlParam[]): this {
    if (values.length === 0) return this.add("1 = 0");
    return this.add(`${column} IN (${values.map(() => "?").join(", ")})`, ...values);
  }
  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(" AND ")}` : "";
  }
}

/** One page of `SELECT columns FROM from where`, with its total, ordered by a whitelisted key then `tiebreak`. */
async function paged<R, T>(sql: Sql, q: { columns: string; from: string; fromParams?: readonly SqlParam[]; where: Where; sorts: SortKeys; tiebreak: string; page: PageRequest; map: (row: R) => T }): Promise<Page<T>> {
  const key = q.sorts[q.page.sort];
  if (key === undefined) throw new RangeError(`sort is one of ${Object.keys(q.sorts).join(", ")}`);
  const dir = q.page.order === "desc" ? "DESC" : "ASC";
  const order = `${key} ${dir}, ${q.tiebreak.split(",").map((c) => `${c.trim()} ${dir}`).join(", ")}`;
  const countText = `SELECT count(*) AS n FROM ${q.from} ${q.where}`;
  const countParams = [...(q.fromParams ?? []), ...q.where.params];
  const [rows, total] = await Promise.all([
    sql.all<R>(`SELECT ${q.columns} FROM ${q.from} ${q.where} ORDER BY ${order} LIMIT ? OFFSET ?`, [...countParams, q.page.limit, q.page.offset]),
    memoized(sql, statementKey(countText, countParams), async () => Number((await sql.get<{ n: number | string }>(countText, countParams))?.n ?? 0)),
  ]);
  return { rows: rows.map(q.map), total, offset: q.page.offset, limit: q.page.limit, sort: q.page.sort, order: q.page.order };
}

const lower = (s: string) => s.toLowerCase();
/** A decimal amount column ordered as a number (amounts are TEXT so that they never overflow). */
const numeric = (column: string) => `CAST(${column} AS NUMERIC)`;
/** `%text%` for LIKE, with LIKE's own wildcards taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function now(sql: Sql): Promise<number> {
  return (await freshness(sql)).blockTime ?? 0;
}

// ------------------------------------------------------------------ loans

/** A loan as the lists show it: the book's record, its accounts and its enterprise's business scale. Amounts are decimal strings. */
export interface LoanListRow {
  id: number;
  enterprise: string;
  operator: string | null;
  state: number;
  frozen: boolean;
  amount: string;
  minRaise: string;
  raised: string;
  rateBps: number;
  method: number;
  instalments: number;
  periodLength: number;
  fundingPeriod: number;
  fundingDeadline: number;
  startedAt: number;
  riskGrade: number;
  feeBps: number;
  purpose: string;
  metadataHash: string;
  publishedAt: number;
  scale: number;
  escrow: string;
  principal: string;
  repaid: string;
  distributed: string;
  claimed: string;
  refunded: string;
  closingAmount: string;
  bond: string;
  guaranteePaid: string;
  recovered: string;
  recoveryClaimed: string;
  guarantor: string | null;
}

export interface LoanFilter {
  states?: readonly number[];
  enterprise?: string;
  /** Loans this investor holds a position in. */
  investor?: string;
  /** Loans the operator asked this agency for a service on. */
  agency?: string;
  ids?: readonly number[];
  /** Risk grade at most (an investor's suitability). */
  maxRiskGrade?: number;
  frozen?: boolean;
  /** Words in the purpose (case-insensitive). */
  search?: string;
  /** Only loans that were ever listed (what investors may see). */
  listed?: boolean;
}

export const LOAN_SORTS: SortKeys = {
  id: "l.id",
  amount: numeric("l.amount"),
  raised: numeric("l.raised"),
  rate: "l.rate_bps",
  grade: "l.risk_grade",
  deadline: "l.funding_deadline",
  published: "l.published_block",
  state: "l.state",
};

const LOAN_COLUMNS = `l.id, l.enterprise, l.operator, l.state, l.frozen, l.amount, l.min_raise, l.raised, l.rate_bps, l.method, l.instalments,
  l.period_length, l.funding_period, l.funding_deadline, l.started_at, l.risk_grade, l.fee_bps, l.purpose, l.metadata_hash, l.published_time,
  l.escrow, l.principal, l.repaid, l.distributed, l.claimed, l.refunded, l.closing_amount, l.bond, l.guarantee_paid, l.recovered,
  l.recovery_claimed, l.guarantor, p.scale AS enterprise_scale`;
const LOAN_FROM = "loans l LEFT JOIN participants p ON p.account = l.enterprise";

function loanFromRow(r: any): LoanListRow {
  return {
    id: Number(r.id),
    enterprise: r.enterprise,
    operator: r.operator ?? null,
    state: Number(r.state),
    frozen: Number(r.frozen) !== 0,
    amount: r.amount,
    minRaise: r.min_raise,
    raised: r.raised,
    rateBps: Number(r.rate_bps),
    method: Number(r.method),
    instalments: Number(r.instalments),
    periodLength: Number(r.period_length),
    fundingPeriod: Number(r.funding_period),
    fundingDeadline: Number(r.funding_deadline),
    startedAt: Number(r.started_at),
    riskGrade: Number(r.risk_grade),
    feeBps: Number(r.fee_bps),
    purpose: r.purpose,
    metadataHash: r.metadata_hash,
    publishedAt: Number(r.published_time),
    scale: Number(r.enterprise_scale ?? 0),
    escrow: r.escrow,
    principal: r.principal,
    repaid: r.repaid,
    distributed: r.distributed,
    claimed: r.claimed,
    refunded: r.refunded,
    closingAmount: r.closing_amount,
    bond: r.bond,
    guaranteePaid: r.guarantee_paid,
    recovered: r.recovered,
    recoveryClaimed: r.recovery_claimed,
    guarantor: r.guarantor ?? null,
  };
}

function loanWhere(filter: LoanFilter): Where {
  const where = new Where();
  if (filter.states) where.in("l.state", filter.states);
  if (filter.enterprise) where.add("l.enterprise = ?", lower(filter.enterprise));
  if (filter.ids) where.in("l.id", filter.ids);
  if (filter.maxRiskGrade !== undefined) where.add("l.risk_grade <= ?", filter.maxRiskGrade);
  if (filter.listed) where.add("l.listed_block IS NOT NULL");
  if (filter.frozen !== undefined) where.add("l.frozen = ?", filter.frozen ? 1 : 0);
  if (filter.search) where.add("lower(l.purpose) LIKE ? ESCAPE '\\'", containing(filter.search));
  if (filter.investor) where.add("EXISTS (SELECT 1 FROM positions x WHERE x.loan_id = l.id AND x.investor = ?)", lower(filter.investor));
  if (filter.agency) where.add(serviceRequestedTo("l.id"), ...serviceRequestParams(filter.agency));
  return where;
}

/**
 * A ServiceRequested event of loan `idColumn` naming the agency. The index keeps the agency only inside the event's
 * JSON (decode.ts writes addresses in lower case, keys without spaces), so it is matched as text, which both
 * databases do alike; events_by_loan narrows the scan to the loan's own events.
 */
const serviceRequestedTo = (idColumn: string) => `EXISTS (SELECT 1 FROM events e WHERE e.loan_id = ${idColumn} AND e.name = 'ServiceRequested' AND e.args LIKE ?)`;
const serviceRequestParams = (agency: string): SqlParam[] => [`%"agency":"${lower(agency)}"%`];

export function listLoans(sql: Sql, filter: LoanFilter, page: PageRequest): Promise<Page<LoanListRow>> {
  return paged(sql, { columns: LOAN_COLUMNS, from: LOAN_FROM, where: loanWhere(filter), sorts: LOAN_SORTS, tiebreak: "l.id", page, map: loanFromRow });
}

/** Every loan matching `filter`, by id (for a ranking over all of them: recommendations.ts); bound the filter. */
export async function allLoans(sql: Sql, filter: LoanFilter): Promise<LoanListRow[]> {
  const where = loanWhere(filter);
  return (await sql.all(`SELECT ${LOAN_COLUMNS} FROM ${LOAN_FROM} ${where} ORDER BY l.id`, where.params)).map(loanFromRow);
}

/** How many loans match `filter`. */
export async function countLoans(sql: Sql, filter: LoanFilter): Promise<number> {
  const where = loanWhere(filter);
  return Number((await sql.get<{ n: number | string }>(`SELECT count(*) AS n FROM loans l ${where}`, where.params))?.n ?? 0);
}

/** Whether the loan exists and who it belongs to (for read rules on one loan's lists). */
export async function loanOwner(sql: Sql, id: number): Promise<{ enterprise: string; state: number } | undefined> {
  const row = await sql.get<{ enterprise: string; state: number }>("SELECT enterprise, state FROM loans WHERE id = ?", [id]);
  return row && { enterprise: row.enterprise, state: Number(row.state) };
}

/** Whether the operator asked `agency` for a service on loan `id`. */
export async function wasRequestedOf(sql: Sql, id: number, agency: string): Promise<boolean> {
  return (await sql.get(`SELECT 1 AS yes FROM loans l WHERE l.id = ? AND ${serviceRequestedTo("l.id")}`, [id, ...serviceRequestParams(agency)])) !== undefined;
}

// ------------------------------------------------------------------ counts for dashboards

export interface LoanTotals {
  state: number;
  loans: number;
  frozen: number;
  amount: string;
  raised: string;
  principal: string;
  repaid: string;
  escrow: string;
  /** Principal not yet repaid (nothing for a loan repaid beyond its principal). */
  outstanding: string;
  /** Each loan's principal once disbursed, else its amount asked: the size of the book in that state. */
  principalOrAmount: string;
}

/** The book by state: how many loans (and how many frozen), their amounts, raised, principal, repaid, escrow and principal outstanding, summed exactly. */
export function loanTotals(sql: Sql, filter: LoanFilter = {}): Promise<LoanTotals[]> {
  return memoized(sql, `loanTotals:${JSON.stringify(filter)}`, () => sumLoans(sql, filter));
}

async function sumLoans(sql: Sql, filter: LoanFilter): Promise<LoanTotals[]> {
  const where = loanWhere(filter);
  const rows = await sql.all<{ state: number; frozen: number; amount: string; raised: string; principal: string; repaid: string; escrow: string }>(
    `SELECT l.state, l.frozen, l.amount, l.raised, l.principal, l.repaid, l.escrow FROM ${LOAN_FROM} ${where}`,
    where.params,
  );
  const fields = ["amount", "raised", "principal", "repaid", "escrow", "outstanding", "principalOrAmount"] as const;
  const byState = new Map<number, { loans: number; frozen: number } & Record<(typeof fields)[number], bigint>>();
  for (const r of rows) {
    const t = byState.get(Number(r.state)) ?? { loans: 0, frozen: 0, amount: 0n, raised: 0n, principal: 0n, repaid: 0n, escrow: 0n, outstanding: 0n, principalOrAmount: 0n };
    const principal = BigInt(r.principal);
    const repaid = BigInt(r.repaid);
    t.loans++;
    if (Number(r.frozen) !== 0) t.frozen++;
    t.amount += BigInt(r.amount);
    t.raised += BigInt(r.raised);
    t.principal += principal;
    t.repaid += repaid;
    t.escrow += BigInt(r.escrow);
    if (principal > repaid) t.outstanding += principal - repaid;
    t.principalOrAmount += principal > 0n ? principal : BigInt(r.amount);
    byState.set(Number(r.state), t);
  }
  return [...byState.entries()]
    .sort(([a], [b]) => a - b)
    .map(([state, t]) => ({ state, loans: t.loans, frozen: t.frozen, ...Object.fromEntries(fields.map((f) => [f, t[f].toString()])) }) as LoanTotals);
}

/** How many participants hold each role and status. */
export function participantCounts(sql: Sql): Promise<{ role: number; status: number; count: number }[]> {
  return memoized(sql, "participantCounts", async () => {
    const rows = await sql.all<{ role: number; status: number; n: number | string }>("SELECT role, status, count(*) AS n FROM participants GROUP BY role, status ORDER BY role, status");
    return rows.map((r) => ({ role: Number(r.role), status: Number(r.status), count: Number(r.n) }));
  });
}

// ------------------------------------------------------------------ positions

export interface PositionListRow {
  loanId: number;
  investor: string;
  contributed: string;
  claimed: string;
  refunded: boolean;
  /** What the loan's distributions entitle the position to, less what it claimed. */
  claimable: string;
  loan: LoanListRow;
}

export interface PositionFilter {
  investor?: string;
  loanId?: number;
  states?: readonly number[];
}

export const POSITION_SORTS: SortKeys = {
  loan: "x.loan_id",
  contributed: numeric("x.contributed"),
  claimed: numeric("x.claimed"),
  state: "l.state",
};

export function listPositions(sql: Sql, filter: PositionFilter, page: PageRequest): Promise<Page<PositionListRow>> {
  const where = new Where();
  if (filter.investor) where.add("x.investor = ?", lower(filter.investor));
  if (filter.loanId !== undefined) where.add("x.loan_id = ?", filter.loanId);
  if (filter.states) where.in("l.state", filter.states);
  return paged(sql, {
    columns: `x.loan_id, x.investor, x.contributed, x.claimed AS position_claimed, x.refunded AS position_refunded, ${LOAN_COLUMNS}`,
    from: "positions x JOIN loans l ON l.id = x.loan_id LEFT JOIN participants p ON p.account = l.enterprise",
    where,
    sorts: POSITION_SORTS,
    tiebreak: "x.loan_id, x.investor",
    page,
    map: (r: any) => {
      const loan = loanFromRow(r);
      const contributed = BigInt(r.contributed);
      const claimed = BigInt(r.position_claimed);
      const entitled = entitledOf({ distributed: BigInt(loan.distributed), raised: BigInt(loan.raised), principal: BigInt(loan.principal) }, { contributed });
      return {
        loanId: Number(r.loan_id),
        investor: r.investor,
        contributed: contributed.toString(),
        claimed: claimed.toString(),
        refunded: Number(r.position_refunded) !== 0,
        claimable: (entitled > claimed ? entitled - claimed : 0n).toString(),
        loan,
      };
    },
  });
}

// ------------------------------------------------------------------ attestations and disclosures

export interface AttestationListRow {
  uid: string;
  kind: number;
  kindName: string;
  attester: string;
  relayer: string;
  subject: string;
  value: string;
  dataHash: string;
  refUid: string;
  expiresAt: number;
  period: number | null;
  attestedAt: number;
  blockNumber: number;
  txHash: string;
  revoked: boolean;
  revokedAt: number | null;
  /** Valid at the index's "now": not revoked, not expired, its author still admitted for its kind. */
  valid: boolean;
  /** A supervision notice's words (its NoticePublished event), with the attestation's dataHash as their hash. */
  notice: ReasonListRow | null;
  /** The reason given for revoking it, in words (its AttestationRevoked event). */
  revocation: ReasonListRow | null;
}

export interface AttestationFilter {
  /** Any of these subjects (a loan's, an enterprise's). */
  subjects?: readonly string[];
  attester?: string;
  kinds?: readonly number[];
  revoked?: boolean;
}

export const ATTESTATION_SORTS: SortKeys = {
  block: "a.block_number",
  kind: "a.kind",
  period: "a.period",
  expires: "a.expires_at",
};

export async function listAttestations(sql: Sql, filter: AttestationFilter, page: PageRequest): Promise<Page<AttestationListRow>> {
  const where = new Where();
  if (filter.subjects) where.in("a.subject", filter.subjects.map(lower));
  if (filter.attester) where.add("a.attester = ?", lower(filter.attester));
  if (filter.kinds) where.in("a.kind", filter.kinds);
  if (filter.revoked !== undefined) where.add(filter.revoked ? "a.revoked_block IS NOT NULL" : "a.revoked_block IS NULL");
  const t = await now(sql);
  return paged(sql, {
    columns: `a.uid, a.kind, a.attester, a.relayer, a.subject, a.value, a.data_hash, a.ref_uid, a.expires_at, a.period, a.block_time, a.block_number, a.tx_hash,
      a.revoked_block, a.revoked_time, p.role AS author_role, p.status AS author_status, p.expires_at AS author_expires_at, p.agency_kinds AS author_kinds,
      n.args AS notice_args, n.log_index AS notice_log_index, r.args AS revocation_args, r.tx_hash AS revocation_tx`,
    from: `attestations a LEFT JOIN participants p ON p.account = a.attester
      LEFT JOIN events n ON ${noticeOf("n")}
      LEFT JOIN events r ON r.block_number = a.revoked_block AND r.log_index = a.revoked_log_index`,
    where,
    sorts: ATTESTATION_SORTS,
    tiebreak: "a.block_number, a.log_index",
    page,
    map: (r: any) => {
      const kind = Number(r.kind);
      const expiresAt = Number(r.expires_at);
      const revoked = r.revoked_block !== null && r.revoked_block !== undefined;
      const author =
        r.author_role === null || r.author_role === undefined
          ? undefined
          : ({ role: Number(r.author_role), status: Number(r.author_status), expiresAt: Number(r.author_expires_at), agencyKinds: Number(r.author_kinds) } as Parameters<typeof attestationValidAt>[1]);
      return {
        uid: r.uid,
        kind,
        kindName: kindName(kind),
        attester: r.attester,
        relayer: r.relayer,
        subject: r.subject,
        value: r.value,
        dataHash: r.data_hash,
        refUid: r.ref_uid,
        expiresAt,
        period: r.period === null || r.period === undefined ? null : Number(r.period),
        attestedAt: Number(r.block_time),
        blockNumber: Number(r.block_number),
        txHash: r.tx_hash,
        revoked,
        revokedAt: revoked ? Number(r.revoked_time) : null,
        valid: attestationValidAt({ kind, expiresAt } as Parameters<typeof attestationValidAt>[0], author, t, revoked),
        notice: r.notice_args ? reasonFromRow({ ...r, name: "NoticePublished", args: r.notice_args, attester: r.attester }) : null,
        revocation: revoked && r.revocation_args ? reasonFromRow({ name: "AttestationRevoked", args: r.revocation_args, block_number: r.revoked_block, block_time: r.revoked_time, tx_hash: r.revocation_tx }) : null,
      };
    },
  });
}

/** Enterprises' operating disclosures (monthly revenue): attestations of their own kind, by `enterprise` when given. */
export function listDisclosures(sql: Sql, filter: { enterprise?: string; revoked?: boolean }, page: PageRequest): Promise<Page<AttestationListRow>> {
  return listAttestations(sql, { attester: filter.enterprise, kinds: [AttestationKind.OperatingDisclosure], revoked: filter.revoked }, page);
}

// ------------------------------------------------------------------ reasons and notices, in words

/**
 * A reason or a supervision notice as the ledger recorded it: the words (in the event, kept in the index's events
 * table) and the hash recorded beside them (the event's reasonHash; for a notice, its attestation's dataHash). The
 * browser checks the words against the hash read from the transaction on the chain (lib/reasons.ts).
 */
export interface ReasonListRow {
  action: ReasonAction;
  /** The loan frozen. */
  loanId: number | null;
  /** The participant suspended or revoked. */
  account: string | null;
  /** The attestation revoked, or the notice's own uid. */
  uid: string | null;
  /** What a notice is about (a loan's, an account's or an attestation's subject, as lib/attestations.ts encodes them). */
  subject: string | null;
  text: string;
  hash: string;
  /** The regulator, the committee or the author that acted. */
  by: string | null;
  blockNumber: number;
  blockTime: number;
  txHash: string;
}

/** The events that carry a reason in words, other than notices (whose hash is in their attestation). */
const REASON_EVENTS: Readonly<Record<string, ReasonAction>> = {
  LoanFrozen: "loan frozen",
  ParticipantSuspended: "participant suspended",
  ParticipantRevoked: "participant revoked",
  AttestationRevoked: "attestation revoked",
};

/**
 * The NoticePublished event of attestation `a` (joined as `n`): in the same transaction, naming its uid. The uid is
 * matched inside the event's JSON as text, quotes included, which a notice's own words cannot forge (JSON escapes
 * their quotes).
 */
const noticeOf = (n: string) => `${n}.tx_hash = a.tx_hash AND ${n}.name = 'NoticePublished' AND ${n}.args LIKE ('%"uid":"' || a.uid || '"%')`;

function reasonFromRow(r: any): ReasonListRow {
  const a = JSON.parse(r.args) as Record<string, string>;
  const notice = r.name === "NoticePublished";
  return {
    action: notice ? "supervision notice" : REASON_EVENTS[r.name]!,
    loanId: r.name === "LoanFrozen" ? Number(a.id) : null,
    account: a.account ?? null,
    uid: a.uid ?? null,
    subject: notice ? a.subject : null,
    text: notice ? a.text : a.reason,
    hash: notice ? r.data_hash : a.reasonHash,
    by: (notice ? r.attester : (a.regulator ?? a.revoker)) ?? null,
    blockNumber: Number(r.block_number),
    blockTime: Number(r.block_time),
    txHash: r.tx_hash,
  };
}

export interface ReasonFilter {
  /** The loan's freezes and the notices about it. */
  loanId?: number;
  /** These participants' suspensions and revocations and the notices about them. */
  accounts?: readonly string[];
}

export const REASON_SORTS: SortKeys = { block: "x.block_number" };

/** Reasons and notices in words, oldest first by default; without a filter, every one (attestations' revocations too). */
export function listReasons(sql: Sql, filter: ReasonFilter, page: PageRequest): Promise<Page<ReasonListRow>> {
  const events = new Where();
  const notices = new Where().add("a.kind = ?", AttestationKind.SupervisionNotice);
  const accounts = filter.accounts?.map(lower);
  if (filter.loanId === undefined && accounts === undefined) {
    events.in("e.name", Object.keys(REASON_EVENTS));
  } else {
    const which: string[] = [];
    const subjects: string[] = [];
    if (filter.loanId !== undefined) {
      which.push("(e.name = 'LoanFrozen' AND e.loan_id = ?)");
      events.params.push(filter.loanId);
      subjects.push(loanSubject(filter.loanId).toLowerCase());
    }
    if (accounts !== undefined) {
      // The account is matched inside the event's JSON, as the service requests' agency is (serviceRequestedTo).
      which.push(accounts.length ? `(e.name IN ('ParticipantSuspended', 'ParticipantRevoked') AND (${accounts.map(() => "e.args LIKE ?").join(" OR ")}))` : "1 = 0");
      events.params.push(...accounts.map((account) => `%"account":"${account}"%`));
      subjects.push(...accounts.map((account) => accountSubject(account).toLowerCase()));
    }
    events.add(`(${which.join(" OR ")})`);
    notices.in("a.subject", subjects);
  }
  const columns = "e.block_number, e.log_index, e.block_time, e.tx_hash, e.name, e.args";
  return paged(sql, {
    columns: "x.*",
    from: `(SELECT ${columns}, NULL AS data_hash, NULL AS attester FROM events e ${events}
      UNION ALL
      SELECT ${columns}, a.data_hash, a.attester FROM attestations a JOIN events e ON ${noticeOf("e")} ${notices}) x`,
    fromParams: [...events.params, ...notices.params],
    where: new Where(),
    sorts: REASON_SORTS,
    tiebreak: "x.block_number, x.log_index",
    page,
    map: reasonFromRow,
  });
}

// ------------------------------------------------------------------ events of one kind: repayments, service requests

export interface RepaymentListRow {
  loanId: number;
  payer: string;
  amount: string;
  /** The loan's repaid total after this payment. */
  repaid: string;
  blockNumber: number;
  blockTime: number;
  txHash: string;
}

export interface ServiceRequestListRow {
  loanId: number;
  agency: string;
  kinds: number;
  operator: string;
  blockNumber: number;
  blockTime: number;
  txHash: string;
}

export const EVENT_SORTS: SortKeys = { block: "e.block_number", loan: "e.loan_id" };

function eventsNamed<T>(sql: Sql, name: string, filter: { loanIds?: readonly number[]; enterprise?: string; agency?: string }, page: PageRequest, map: (args: Record<string, string>, r: any) => T): Promise<Page<T>> {
  const where = new Where().add("e.name = ?", name);
  if (filter.loanIds) where.in("e.loan_id", filter.loanIds);
  if (filter.enterprise) where.add("e.loan_id IN (SELECT id FROM loans WHERE enterprise = ?)", lower(filter.enterprise));
  if (filter.agency) where.add("e.args LIKE ?", ...serviceRequestParams(filter.agency));
  return paged(sql, {
    columns: "e.block_number, e.log_index, e.block_time, e.tx_hash, e.loan_id, e.args",
    from: "events e",
    where,
    sorts: EVENT_SORTS,
    tiebreak: "e.block_number, e.log_index",
    page,
    map: (r: any) => map(JSON.parse(r.args), r),
  });
}

const eventPlace = (r: any) => ({ blockNumber: Number(r.block_number), blockTime: Number(r.block_time), txHash: r.tx_hash as string });

/** Repayments (Repaid events) of some loans, or of an enterprise's loans. */
export function listRepayments(sql: Sql, filter: { loanIds?: readonly number[]; enterprise?: string }, page: PageRequest): Promise<Page<RepaymentListRow>> {
  return eventsNamed(sql, "Repaid", filter, page, (a, r) => ({ loanId: Number(r.loan_id), payer: a.payer, amount: String(a.amount), repaid: String(a.repaid), ...eventPlace(r) }));
}

/** The services the operator asked of agencies (ServiceRequested events), by loan and/or agency. */
export function listServiceRequests(sql: Sql, filter: { loanIds?: readonly number[]; agency?: string; enterprise?: string }, page: PageRequest): Promise<Page<ServiceRequestListRow>> {
  return eventsNamed(sql, "ServiceRequested", filter, page, (a, r) => ({ loanId: Number(r.loan_id), agency: a.agency, kinds: Number(a.kinds), operator: a.operator, ...eventPlace(r) }));
}

// ------------------------------------------------------------------ participants

export interface ParticipantListRow {
  account: string;
  role: number;
  status: number;
  agencyKinds: number;
  scale: number;
  suitability: number;
  admittedAt: number;
  expiresAt: number;
  credentialHash: string;
  admittedBlock: number;
  /** Active at the index's "now": status Active and the admission not lapsed. */
  active: boolean;
}

export interface ParticipantFilter {
  roles?: readonly number[];
  statuses?: readonly number[];
  /** Part of the account's address. */
  search?: string;
}

export const PARTICIPANT_SORTS: SortKeys = { admitted: "admitted_block", account: "account", expires: "expires_at", role: "role" };

export async function listParticipants(sql: Sql, filter: ParticipantFilter, page: PageRequest): Promise<Page<ParticipantListRow>> {
  const where = new Where();
  if (filter.roles) where.in("role", filter.roles);
  if (filter.statuses) where.in("status", filter.statuses);
  if (filter.search) where.add("account LIKE ? ESCAPE '\\'", containing(filter.search));
  const t = await now(sql);
  return paged(sql, {
    columns: "account, role, status, agency_kinds, scale, suitability, admitted_at, expires_at, credential_hash, admitted_block",
    from: "participants",
    where,
    sorts: PARTICIPANT_SORTS,
    tiebreak: "account",
    page,
    map: (r: any) => ({
      account: r.account,
      role: Number(r.role),
      status: Number(r.status),
      agencyKinds: Number(r.agency_kinds),
      scale: Number(r.scale),
      suitability: Number(r.suitability),
      admittedAt: Number(r.admitted_at),
      expiresAt: Number(r.expires_at),
      credentialHash: r.credential_hash,
      admittedBlock: Number(r.admitted_block),
      active: Number(r.status) === Status.Active && t < Number(r.expires_at),
    }),
  });
}

/** The role of an account in the index (None when never admitted). */
export async function roleInIndex(sql: Sql, account: string): Promise<number> {
  const row = await sql.get<{ role: number }>("SELECT role FROM participants WHERE account = ?", [lower(account)]);
  return row ? Number(row.role) : Role.None;
}

// ------------------------------------------------------------------ the committee's proposals

export interface ProposalListRow {
  id: number;
  proposer: string;
  target: string;
  data: string;
  description: string;
  createdAt: number;
  createdBlock: number;
  queuedAt: number | null;
  eta: number | null;
  executed: boolean;
  cancelled: boolean;
}

export const PROPOSAL_SORTS: SortKeys = { id: "id" };

/** The supervisory committee's proposals with the reasons given; `open` keeps those neither executed nor cancelled. */
export function listProposals(sql: Sql, filter: { open?: boolean }, page: PageRequest): Promise<Page<ProposalListRow>> {
  const where = new Where();
  if (filter.open) where.add("executed_block IS NULL AND cancelled_block IS NULL");
  return paged(sql, {
    columns: "id, proposer, target, data, description, created_time, created_block, queued_time, eta, executed_block, cancelled_block",
    from: "proposals",
    where,
    sorts: PROPOSAL_SORTS,
    tiebreak: "id",
    page,
    map: (r: any) => ({
      id: Number(r.id),
      proposer: r.proposer,
      target: r.target,
      data: r.data,
      description: r.description,
      createdAt: Number(r.created_time),
      createdBlock: Number(r.created_block),
      queuedAt: r.queued_time === null || r.queued_time === undefined ? null : Number(r.queued_time),
      eta: r.eta === null || r.eta === undefined ? null : Number(r.eta),
      executed: r.executed_block !== null && r.executed_block !== undefined,
      cancelled: r.cancelled_block !== null && r.cancelled_block !== undefined,
    }),
  });
}
