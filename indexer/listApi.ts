import { isAddress } from "viem";
import { AttestationKind, LoanState, Role } from "../lib/enums";
import { accountSubject, loanSubject } from "../lib/attestations";
import { parseLoanId } from "../lib/loans";
import {
  ATTESTATION_SORTS,
  DEFAULT_PAGE_SIZE,
  EVENT_SORTS,
  LOAN_SORTS,
  MAX_PAGE_SIZE,
  PARTICIPANT_SORTS,
  POSITION_SORTS,
  PROPOSAL_SORTS,
  REASON_SORTS,
  freshness,
  listAttestations,
  listDisclosures,
  listLoans,
  listParticipants,
  listPositions,
  listProposals,
  listReasons,
  listRepayments,
  listServiceRequests,
  loanOwner,
  loanTotals,
  participantCounts,
  type Freshness,
  type LoanFilter,
  type PageRequest,
  type SortKeys,
} from "./lists";
import { recommendLoans } from "./recommendations";
import type { InvestorPreferences } from "../lib/matching";
import type { Sql } from "./sql";

/**
 * The app's list API over the index (indexer/lists.ts): how a query string becomes a page request and filters
 * (anything else is refused with a sentence), and what each role may read. The app server's routes
 * (app/src/app/api/index/...) check the session and the account's standing on the chain, then hand the request
 * here; nothing in this module trusts the caller beyond the role and address the route vouches for.
 *
 * Who may read what, as on the rest of the server:
 * - the regulator and the operator read every list;
 * - an investor reads loans once listed, its own positions, and what is about a loan it may read;
 * - an enterprise reads its own loans, their repayments, requests and attestations, and its own disclosures;
 * - an agency reads the loans it was asked to serve, their repayments and attestations, and its own attestations;
 * - participants are listed to the regulator and the operator only; the committee's proposals to every participant
 *   (changes of policy and of the platform are announced to all);
 * - the book's totals (summary) cover the loans the caller may list;
 * - recommendations are an investor's own: the listed loans it may fund, ranked for it (recommendations.ts);
 * - reasons and notices in words: the regulator and the operator read them all; anyone else the freezes of and
 *   notices about a loan it may read, and the suspensions and revocations of and notices about itself (also while
 *   its own admission is suspended, expired or revoked: an account may always read why).
 */

export type ListName = "loans" | "portfolio" | "attestations" | "disclosures" | "repayments" | "requests" | "participants" | "proposals" | "summary" | "recommendations" | "reasons";
export const LIST_NAMES: readonly ListName[] = ["loans", "portfolio", "attestations", "disclosures", "repayments", "requests", "participants", "proposals", "summary", "recommendations", "reasons"];

/** The account asking, as the route established it (signed in, its role read on the chain, and whether it is active). */
export interface Caller {
  address: string;
  role: number;
  /** The account's admission is suspended, expired or revoked: it reads what is about itself only. */
  inactive?: boolean;
}

/**
 * What a list needs beyond the index, read by the app server and handed in (so that this module reads no app
 * files): the investor's saved preferences, for its recommendations.
 */
export interface ListInputs {
  preferences?: InvestorPreferences;
}

export interface ListAnswer {
  status: number;
  body: unknown;
}

/** A refusal: 400 for a bad query, 403 for a list the caller may not read, 404 for what does not exist. */
export class ListRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new ListRefused(400, message);
const forbidden = (message: string) => new ListRefused(403, message);

/** Reads the query string, refusing any parameter the list does not take. */
class Query {
  private readonly used = new Set<string>();
  constructor(private readonly q: URLSearchParams) {}

  text(key: string): string | undefined {
    this.used.add(key);
    const all = this.q.getAll(key);
    if (all.length > 1) throw bad(`give ${key} once`);
    const value = all[0]?.trim();
    return value ? value : undefined;
  }

  whole(key: string, min: number, max: number): number | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    if (!/^\d{1,15}$/.test(text) || Number(text) < min || Number(text) > max) throw bad(`${key} is a whole number from ${min} to ${max}`);
    return Number(text);
  }

  address(key: string): string | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    if (!isAddress(text, { strict: false })) throw bad(`${key}: "${text.slice(0, 80)}" is not an address`);
    return text.toLowerCase();
  }

  loanId(key: string): number | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    const id = parseLoanId(text);
    if (id === undefined || id > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`${key}: "${text.slice(0, 80)}" is not a loan number`);
    return Number(id);
  }

  /** A comma-separated list of addresses (at most MAX_PAGE_SIZE). */
  addresses(key: string): string[] | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    const parts = text.split(",").map((part) => part.trim());
    if (parts.length > MAX_PAGE_SIZE) throw bad(`${key} names at most ${MAX_PAGE_SIZE} accounts`);
    for (const part of parts) if (!isAddress(part, { strict: false })) throw bad(`${key}: "${part.slice(0, 80)}" is not an address`);
    return parts.map((part) => part.toLowerCase());
  }

  /** A comma-separated list of loan numbers (at most MAX_PAGE_SIZE). */
  loanIds(key: string): number[] | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    const parts = text.split(",");
    if (parts.length > MAX_PAGE_SIZE) throw bad(`${key} names at most ${MAX_PAGE_SIZE} loans`);
    return parts.map((part) => {
      const id = parseLoanId(part.trim());
      if (id === undefined || id > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`${key}: "${part.slice(0, 80)}" is not a loan number`);
      return Number(id);
    });
  }

  /** Enum values by name or number, comma-separated ("Listed,Funded" or "3,4"). */
  enums(key: string, e: Readonly<Record<string, number>>): number[] | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    return text.split(",").map((part) => {
      const name = part.trim();
      const value = /^\d{1,3}$/.test(name) ? Number(name) : e[name];
      if (value === undefined || !Object.values(e).includes(value)) throw bad(`${key} is one or more of ${Object.keys(e).join(", ")}`);
      return value;
    });
  }

  flag(key: string): boolean | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    if (text !== "true" && text !== "false") throw bad(`${key} is true or false`);
    return text === "true";
  }

  search(key: string): string | undefined {
    const text = this.text(key);
    if (text !== undefined && text.length > 100) throw bad(`${key} is at most 100 characters`);
    return text;
  }

  /** Where a page starts and how many rows it holds (at most MAX_PAGE_SIZE). */
  window(): { offset: number; limit: number } {
    const offset = this.whole("offset", 0, 1_000_000_000) ?? 0;
    const limit = this.whole("limit", 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
    return { offset, limit };
  }

  page(sorts: SortKeys, defaultSort: string, defaultOrder: "asc" | "desc"): PageRequest {
    const { offset, limit } = this.window();
    const sort = this.text("sort") ?? defaultSort;
    if (!(sort in sorts)) throw bad(`sort is one of ${Object.keys(sorts).join(", ")}`);
    const order = this.text("order") ?? defaultOrder;
    if (order !== "asc" && order !== "desc") throw bad("order is asc or desc");
    return { offset, limit, sort, order };
  }

  /** Refuses parameters no reader asked for (a misspelt filter would otherwise silently list everything). */
  done(): void {
    for (const key of this.q.keys()) if (!this.used.has(key) && key !== "atLeast") throw bad(`unknown parameter ${key.slice(0, 40)}`);
  }
}

const sees = (caller: Caller, ...roles: number[]) => roles.includes(caller.role);
const everything = (caller: Caller) => sees(caller, Role.Regulator, Role.Operator);

/** The loans `caller` may read at all, as a filter every loan query of theirs is narrowed by. */
function loanScope(caller: Caller): LoanFilter {
  if (everything(caller)) return {};
  if (caller.role === Role.Investor) return { listed: true };
  if (caller.role === Role.Enterprise) return { enterprise: caller.address };
  if (caller.role === Role.Agency) return { agency: caller.address };
  throw forbidden(`a ${roleName(caller.role)} may not list loans`);
}

const roleName = (role: number) => (Object.entries(Role).find(([, v]) => v === role)?.[0] ?? "participant").toLowerCase();

/** Whether `caller` may read loan `id` (404 when there is no such loan). */
async function mayReadLoan(sql: Sql, caller: Caller, id: number): Promise<boolean> {
  if (!(await loanOwner(sql, id))) throw new ListRefused(404, `no loan ${id} in the index`);
  return (await listLoans(sql, { ...loanScope(caller), ids: [id] }, { offset: 0, limit: 1, sort: "id", order: "asc" })).total === 1;
}

/** Whether `caller` may read what is about `enterprise`: its own, or one with a loan the caller may read. */
async function mayReadEnterprise(sql: Sql, caller: Caller, enterprise: string): Promise<boolean> {
  if (everything(caller) || enterprise === caller.address) return true;
  if (caller.role === Role.Custodian || caller.role === Role.Enterprise) return false;
  return (await listLoans(sql, { ...loanScope(caller), enterprise }, { offset: 0, limit: 1, sort: "id", order: "asc" })).total > 0;
}

async function requireLoans(sql: Sql, caller: Caller, ids: readonly number[]): Promise<void> {
  if (everything(caller)) return;
  for (const id of ids) if (!(await mayReadLoan(sql, caller, id))) throw forbidden(`a ${roleName(caller.role)} may not read loan ${id}`);
}

const LIST_READERS: Record<ListName, (sql: Sql, q: Query, caller: Caller, inputs: ListInputs) => Promise<unknown>> = {
  async loans(sql, q, caller) {
    const filter: LoanFilter = {
      states: q.enums("state", LoanState),
      enterprise: q.address("enterprise"),
      investor: q.address("investor"),
      agency: q.address("agency"),
      ids: q.loanIds("ids"),
      maxRiskGrade: q.whole("maxGrade", 0, 255),
      frozen: q.flag("frozen"),
      search: q.search("search"),
    };
    const page = q.page(LOAN_SORTS, "id", "desc");
    q.done();
    if (filter.investor && !everything(caller) && filter.investor !== caller.address) throw forbidden("an investor's loans are listed to that investor, the operator and the regulator only");
    const scope = loanScope(caller);
    if (scope.enterprise && filter.enterprise && filter.enterprise !== scope.enterprise) throw forbidden("an enterprise lists its own loans only");
    if (scope.agency && filter.agency && filter.agency !== scope.agency) throw forbidden("an agency lists the loans it was asked to serve only");
    return listLoans(sql, { ...filter, ...definedOnly(scope) }, page);
  },

  async portfolio(sql, q, caller) {
    const investor = q.address("investor");
    const loanId = q.loanId("loan");
    const states = q.enums("state", LoanState);
    const page = q.page(POSITION_SORTS, "loan", "desc");
    q.done();
    if (caller.role === Role.Investor) {
      if (investor && investor !== caller.address) throw forbidden("an investor sees its own positions only");
      return listPositions(sql, { investor: caller.address, loanId, states }, page);
    }
    if (!everything(caller)) throw forbidden(`a ${roleName(caller.role)} may not read investors' positions`);
    return listPositions(sql, { investor, loanId, states }, page);
  },

  async attestations(sql, q, caller) {
    const loan = q.loanId("loan");
    const enterprise = q.address("enterprise");
    const attester = q.address("attester");
    const kinds = q.enums("kind", AttestationKind);
    const revoked = q.flag("revoked");
    const page = q.page(ATTESTATION_SORTS, "block", "desc");
    q.done();
    if (!everything(caller) && attester !== caller.address) {
      // Anyone else's statements are read about a loan the caller may read (and that loan's enterprise), or about the caller itself.
      if (loan !== undefined) {
        if (!(await mayReadLoan(sql, caller, loan))) throw forbidden(`a ${roleName(caller.role)} may not read loan ${loan}`);
        if (enterprise && enterprise !== (await loanOwner(sql, loan))!.enterprise) throw forbidden("the enterprise named is not this loan's");
      } else if (!(enterprise && enterprise === caller.address)) {
        throw forbidden("name a loan you may read, or list your own attestations (attester)");
      }
    }
    const subjects = loan !== undefined || enterprise ? [...(loan !== undefined ? [loanSubject(loan)] : []), ...(enterprise ? [accountSubject(enterprise)] : [])] : undefined;
    return listAttestations(sql, { subjects, attester, kinds, revoked }, page);
  },

  async disclosures(sql, q, caller) {
    const enterprise = q.address("enterprise");
    const revoked = q.flag("revoked");
    const page = q.page(ATTESTATION_SORTS, "period", "asc");
    q.done();
    if (!everything(caller)) {
      if (!enterprise) throw forbidden("name the enterprise whose disclosures you read");
      if (!(await mayReadEnterprise(sql, caller, enterprise))) throw forbidden(`a ${roleName(caller.role)} may not read this enterprise's disclosures`);
    }
    return listDisclosures(sql, { enterprise, revoked }, page);
  },

  async repayments(sql, q, caller) {
    const loanIds = q.loanIds("loans");
    const enterprise = q.address("enterprise");
    const page = q.page(EVENT_SORTS, "block", "desc");
    q.done();
    if (!everything(caller)) {
      if (!loanIds && !enterprise) throw forbidden("name the loans or the enterprise whose repayments you read");
      if (loanIds) await requireLoans(sql, caller, loanIds);
      if (enterprise && !(await mayReadEnterprise(sql, caller, enterprise))) throw forbidden(`a ${roleName(caller.role)} may not read this enterprise's repayments`);
    }
    return listRepayments(sql, { loanIds, enterprise }, page);
  },

  async requests(sql, q, caller) {
    const loanIds = q.loanIds("loans");
    const agency = q.address("agency");
    const page = q.page(EVENT_SORTS, "block", "desc");
    q.done();
    if (everything(caller)) return listServiceRequests(sql, { loanIds, agency }, page);
    if (caller.role === Role.Agency) {
      if (agency && agency !== caller.address) throw forbidden("an agency sees the requests made of it only");
      return listServiceRequests(sql, { loanIds, agency: caller.address }, page);
    }
    if (caller.role === Role.Enterprise) return listServiceRequests(sql, { loanIds, agency, enterprise: caller.address }, page);
    throw forbidden(`a ${roleName(caller.role)} may not read service requests`);
  },

  async participants(sql, q, caller) {
    const roles = q.enums("role", Role);
    const statuses = q.enums("status", { Active: 1, Suspended: 2, Revoked: 3 });
    const search = q.search("search");
    const page = q.page(PARTICIPANT_SORTS, "admitted", "asc");
    q.done();
    if (!everything(caller)) throw forbidden("participants are listed to the regulator and the operator only");
    return listParticipants(sql, { roles, statuses, search }, page);
  },

  async proposals(sql, q, caller) {
    const open = q.flag("open");
    const page = q.page(PROPOSAL_SORTS, "id", "desc");
    q.done();
    if (caller.role === Role.None) throw forbidden("the committee's proposals are shown to participants");
    return listProposals(sql, { open }, page);
  },

  async summary(sql, q, caller) {
    q.done();
    // The book's totals over the loans the caller may read; the participants' only to the regulator and the operator.
    const loans = await loanTotals(sql, definedOnly(loanScope(caller)));
    return { loans, participants: everything(caller) ? await participantCounts(sql) : null };
  },

  async reasons(sql, q, caller) {
    const loanId = q.loanId("loan");
    const accounts = q.addresses("accounts");
    const page = q.page(REASON_SORTS, "block", "asc");
    q.done();
    if (caller.inactive || !everything(caller)) {
      if (loanId === undefined && accounts === undefined) throw forbidden("name a loan you may read, or your own account (accounts)");
      if (accounts && accounts.some((account) => account !== caller.address)) throw forbidden(`a ${roleName(caller.role)} reads the reasons about its own account only`);
      if (loanId !== undefined) {
        if (caller.inactive) throw forbidden("while your admission is not active you read the reasons about your own account only");
        if (!(await mayReadLoan(sql, caller, loanId))) throw forbidden(`a ${roleName(caller.role)} may not read loan ${loanId}`);
      }
    }
    return listReasons(sql, { loanId, accounts }, page);
  },

  async recommendations(sql, q, caller, inputs) {
    const window = q.window();
    q.done();
    if (caller.role !== Role.Investor) throw forbidden(`recommendations are an investor's; a ${roleName(caller.role)} has none`);
    return recommendLoans(sql, caller.address, inputs.preferences ?? {}, window);
  },
};

/** Keeps the scope's own fields only, so that a scope always overrides what the query asked. */
const definedOnly = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Answers one list request: the page (or the refusal) and the index's freshness. */
export async function answerList(sql: Sql, list: ListName, query: URLSearchParams, caller: Caller, inputs: ListInputs = {}): Promise<ListAnswer> {
  const who = { address: caller.address.toLowerCase(), role: caller.role, inactive: caller.inactive };
  try {
    const [page, fresh] = await Promise.all([LIST_READERS[list](sql, new Query(query), who, inputs), freshness(sql)]);
    return { status: 200, body: { ...(page as object), freshness: fresh satisfies Freshness } };
  } catch (error) {
    if (error instanceof ListRefused) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}

/** The block a request wants the index to have reached first (`atLeast`, after the caller's own write), if any. */
export function wantedBlock(query: URLSearchParams): number | undefined {
  const text = query.get("atLeast");
  return text && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}
