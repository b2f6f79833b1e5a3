import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import type { Deployment } from "@lib/deployments";
import { requireDeployment, writeRoute } from "@/server/http";
import { recentStandingOf } from "@/server/registry";
import { relay, type RelayCaller } from "@/server/relay";
import { sessionOf } from "@/server/session";

export const dynamic = "force-dynamic";

/**
 * The chain's JSON-RPC for the browser, from the app's own origin (no CORS from the node, no address of it), under
 * the relay's policy (server/relay.ts): an allowlist of methods, anonymous visitors the chain id only, a session's
 * calls rate-limited.
 */
export const POST = writeRoute("rpc", async (request: NextRequest, requestBody) => {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const body = await requestBody.text();
  const answer = await relay(d.value, body, await callerOf(request, d.value));
  return NextResponse.json(answer.body, { status: answer.status, headers: { "cache-control": "no-store" } });
});

/**
 * Who asks: a signed-in account may use the relay while it is active in the registry. An admitted enterprise keeps
 * it while suspended, expired or revoked, since the loan book accepts its repayments whatever its status and the
 * app must let it pay.
 */
async function callerOf(request: NextRequest, d: Deployment): Promise<RelayCaller> {
  const session = sessionOf(request);
  if (!session) return {};
  const standing = await recentStandingOf(d, session.address).catch(() => undefined);
  const mayRelay = !!standing && (standing.active || standing.role === Role.Enterprise);
  return { session: session.key, participant: mayRelay ? session.address : undefined };
}
