import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { Address } from "viem";
import { Role } from "@lib/enums";
import type { Deployment } from "@lib/deployments";
import type { Sql } from "../../../indexer/sql";
import { freshness } from "../../../indexer/lists";
import { answerList, wantedBlock, type ListInputs, type ListName } from "../../../indexer/listApi";
import { fail, requireDeployment, requireSession } from "./http";
import { recentStandingOf } from "./registry";
import { lastSyncedAt, readIndex, syncIndex } from "./ledger";
import { followedAt } from "./follow";
import { ledgerFailure } from "./ledgerHttp";

/**
 * The one handler behind every list route (/api/index/...): the session's account must be an active participant
 * (its standing read on the chain, shared for a few seconds as the relay does: registry.ts), then indexer/listApi.ts validates the query, applies
 * what that role may read and answers a page from the index with its freshness. A list never waits for the chain:
 * the index follows it in the background (follow.ts). Only a request naming `atLeast` (the block of the caller's
 * own last write) waits, briefly, for the index to reach that block, so a page shows what its user just did.
 */

/**
 * What an admitted enterprise may still list while suspended, expired or revoked: its own loans and their
 * repayments, since the loan book accepts its repayments whatever its status (as the relay lets it read, rpc route).
 */
const WHILE_INACTIVE: readonly ListName[] = ["loans", "repayments"];
/** What any admitted account may read while suspended, expired or revoked: why (listApi.ts keeps it to itself). */
const ALWAYS: readonly ListName[] = ["reasons"];
/** The longest a request waits for the index to reach its `atLeast` block. */
const CATCH_UP_MS = 5_000;

/** Waits, at most CATCH_UP_MS, until the index holds `block` (a sync under way may have started before it was mined). */
async function catchUp(d: Deployment, sql: Sql, block: number): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  while (((await freshness(sql)).block ?? -1) < block && Date.now() < deadline) {
    const left = deadline - Date.now();
    await Promise.race([syncIndex(d).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, left))]);
    // syncIndex answers at once when a sync has just finished: give the next one a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `inputs` reads what the list needs beyond the index for the signed-in account (its saved preferences, for
 * recommendations), after the account's standing is checked.
 */
export function listRoute(list: ListName, inputs?: (address: Address, role: number) => ListInputs) {
  return async function GET(request: NextRequest): Promise<Response> {
    const deployment = requireDeployment();
    if (!deployment.ok) return deployment.response;
    const signedIn = requireSession(request);
    if (!signedIn.ok) return signedIn.response;
    const d = deployment.value;
    const session = signedIn.value;
    const standing = await recentStandingOf(d, session.address);
    const mayList = standing.role !== Role.None && (standing.active || ALWAYS.includes(list) || (standing.role === Role.Enterprise && WHILE_INACTIVE.includes(list)));
    if (!mayList) return fail(403, "your account is not an active participant");
    const query = request.nextUrl.searchParams;
    try {
      const answer = await readIndex(d, async (sql) => {
        const block = wantedBlock(query);
        if (block !== undefined) await catchUp(d, sql, block);
        return answerList(sql, list, query, { address: session.address, role: standing.role, inactive: !standing.active }, inputs?.(session.address, standing.role));
      });
      const body = answer.status === 200 ? { ...(answer.body as object), freshness: { ...(answer.body as { freshness: object }).freshness, checkedAt: Math.max(lastSyncedAt() ?? 0, followedAt() ?? 0) || null } } : answer.body;
      return NextResponse.json(body, { status: answer.status, headers: { "cache-control": "private, no-store" } });
    } catch (error) {
      return ledgerFailure(error);
    }
  };
}
