import { NextResponse, type NextRequest } from "next/server";
import { deployment } from "@/server/env";
import { recentStandingOf } from "@/server/registry";
import { sessionOf } from "@/server/session";

export const dynamic = "force-dynamic";

/** The open session's account and its standing in the registry (read now): what the app's pages build on. */
export async function GET(request: NextRequest) {
  const session = sessionOf(request);
  const d = deployment();
  if (!session || !d) return NextResponse.json({ address: null }, { headers: { "cache-control": "no-store" } });
  try {
    const standing = await recentStandingOf(d, session.address);
    return NextResponse.json(
      { address: session.address, expiresAt: session.exp, active: standing.active, participant: standing.participant },
      { headers: { "cache-control": "no-store" } },
    );
  } catch {
    return NextResponse.json({ error: "the chain's node does not answer" }, { status: 503 });
  }
}
