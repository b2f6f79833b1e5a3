import "server-only";
import { existsSync } from "node:fs";
import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import { indexPath } from "@lib/paths";
import type { Deployment } from "@lib/deployments";
import { openDb } from "../../../indexer/db";
import { SqliteSql, type Sql } from "../../../indexer/sql";
import { freshness } from "../../../indexer/lists";
import { answerList, wantedBlock, type ListName } from "../../../indexer/listApi";
import { requireParticipant } from "./http";
import { lastSyncedAt, syncIndex } from "./ledger";
import { ledgerFailure } from "./ledgerHttp";

/**
 * The one handler behind every list route (/api/index/...): the session's account must be an active participant
 * (its role read on the chain, as every private route does), then indexer/listApi.ts validates the query, applies
 * what that role may read and answers a page from the index with its freshness. A list never waits for the chain:
 * the index follows it in the background (follow.ts). Only a request naming `atLeast` (the block of the caller's
 * own last write) waits, briefly, for the index to reach that block, so a page shows what its user just did.
 */

const ANY_ROLE = [Role.Regulator, Role.Operator, Role.Custodian, Role.Agency, Role.Investor, Role.Enterprise];
/** The longest a request waits for the index to reach its `atLeast` block. */
const CATCH_UP_MS = 5_000;

/** The index as a read-only `Sql`; the first request on a server that never built it waits for the first sync. */
async function openIndex(d: Deployment): Promise<Sql> {
  if (!existsSync(indexPath(d.network))) await syncIndex(d);
  return new SqliteSql(openDb(indexPath(d.network), { readonly: true }));
}

async function catchUp(d: Deployment, sql: Sql, block: number): Promise<void> {
  if (((await freshness(sql)).block ?? -1) >= block) return;
  await Promise.race([syncIndex(d).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CATCH_UP_MS))]);
}

export function listRoute(list: ListName) {
  return async function GET(request: NextRequest): Promise<Response> {
    const guard = await requireParticipant(request, ANY_ROLE);
    if (!guard.ok) return guard.response;
    const { d, session, standing } = guard.value;
    const query = request.nextUrl.searchParams;
    let sql: Sql | undefined;
    try {
      sql = await openIndex(d);
      const block = wantedBlock(query);
      if (block !== undefined) await catchUp(d, sql, block);
      const answer = await answerList(sql, list, query, { address: session.address, role: standing.role });
      const body = answer.status === 200 ? { ...(answer.body as object), freshness: { ...(answer.body as { freshness: object }).freshness, checkedAt: lastSyncedAt() ?? null } } : answer.body;
      return NextResponse.json(body, { status: answer.status, headers: { "cache-control": "private, no-store" } });
    } catch (error) {
      return ledgerFailure(error);
    } finally {
      await sql?.close();
    }
  };
}
