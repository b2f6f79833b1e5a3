import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import type { Deployment } from "@lib/deployments";
import { fail, requireParticipant, type Guarded } from "./http";
import { isOtherChain } from "./ledger";

/** The guard and the error answers of the ledger routes: an active regulator only, checked on the chain at every call. */

export async function requireRegulator(request: NextRequest): Promise<Guarded<Deployment>> {
  const guard = await requireParticipant(request, [Role.Regulator]);
  return guard.ok ? { ok: true, value: guard.value.d } : guard;
}

/** JSON of values that may hold bigints (receipts, blocks): bigints as decimal strings. */
export const plain = <T>(value: T): unknown => JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));

/** An index or chain failure as a sentence the page can show. */
export function ledgerFailure(error: unknown): NextResponse {
  if (isOtherChain(error)) return fail(503, `${(error as Error).message} A regulator can rebuild it here with "Rebuild the index".`);
  return fail(503, `the ledger index could not be brought up to date: ${(error as Error).message}`);
}
