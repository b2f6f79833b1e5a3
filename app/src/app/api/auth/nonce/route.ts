import { NextResponse } from "next/server";
import { fail } from "@/server/http";
import { issueNonce } from "@/server/session";

export const dynamic = "force-dynamic";

/** A fresh nonce for a Sign-In with Ethereum message: recorded by the server, valid once and for ten minutes. */
export function GET() {
  try {
    return NextResponse.json({ nonce: issueNonce() }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return fail(503, (error as Error).message);
  }
}
