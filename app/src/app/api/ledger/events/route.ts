import { NextResponse, type NextRequest } from "next/server";
import { isAddress } from "viem";
import { CONTRACT_NAMES } from "@lib/deployments";
import { fail } from "@/server/http";
import { readViews } from "@/server/ledger";
import { ledgerFailure, requireRegulator } from "@/server/ledgerHttp";
import { parseLoanId } from "@lib/loans";

export const dynamic = "force-dynamic";

const MAX_PAGE_SIZE = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD date (UTC) as unix seconds: its first second, or its last with `end`. */
function dayOf(text: string, end: boolean): number | undefined {
  if (!DATE.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms / 1000 + (end ? 86_399 : 0);
}

/**
 * The ledger's events from the index, newest first: filtered by participant (`account`), `loan`, event `name`,
 * `contract` and block time (`from`, `to`: dates, both inclusive), a page of `pageSize` at a time. Read from the
 * index as the follow loop keeps it, like the lists: the answer's status says which block it is of.
 */
export async function GET(request: NextRequest) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  const q = request.nextUrl.searchParams;
  const text = (key: string) => q.get(key)?.trim() || undefined;
  const filter: { account?: string; loanId?: number; name?: string; contract?: string; fromTime?: number; toTime?: number } = {};
  const account = text("account");
  if (account !== undefined) {
    if (!isAddress(account, { strict: false })) return fail(400, `"${account}" is not an address`);
    filter.account = account;
  }
  const loan = text("loan");
  if (loan !== undefined) {
    const id = parseLoanId(loan);
    if (id === undefined) return fail(400, `"${loan}" is not a loan number`);
    filter.loanId = Number(id);
  }
  const name = text("name");
  if (name !== undefined) {
    if (!/^[A-Za-z0-9]{1,64}$/.test(name)) return fail(400, `"${name}" is not an event name`);
    filter.name = name;
  }
  const contract = text("contract");
  if (contract !== undefined) {
    if (!(CONTRACT_NAMES as readonly string[]).includes(contract)) return fail(400, `the contract is one of ${CONTRACT_NAMES.join(", ")}`);
    filter.contract = contract;
  }
  for (const [key, end] of [["from", false], ["to", true]] as const) {
    const value = text(key);
    if (value === undefined) continue;
    const t = dayOf(value, end);
    if (t === undefined) return fail(400, `"${value}" is not a date (YYYY-MM-DD)`);
    filter[end ? "toTime" : "fromTime"] = t;
  }
  if (filter.fromTime !== undefined && filter.toTime !== undefined && filter.fromTime > filter.toTime) return fail(400, "the range ends before it starts");
  const page = Number(text("page") ?? 1);
  const pageSize = Number(text("pageSize") ?? 50);
  if (!Number.isInteger(page) || page < 1) return fail(400, "page is a whole number from 1");
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return fail(400, `pageSize is a whole number from 1 to ${MAX_PAGE_SIZE}`);
  try {
    return NextResponse.json(
      await readViews(guard.value, async (views) => ({
        status: await views.status(),
        total: await views.countEvents(filter),
        page,
        pageSize,
        events: await views.events({ ...filter, newestFirst: true, limit: pageSize, offset: (page - 1) * pageSize }),
      })),
    );
  } catch (error) {
    return ledgerFailure(error);
  }
}
