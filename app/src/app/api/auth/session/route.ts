import { NextResponse, type NextRequest } from "next/server";
import { sessionOf } from "@/server/session";

export const dynamic = "force-dynamic";

export function GET(request: NextRequest) {
  const session = sessionOf(request);
  return NextResponse.json(session ? { address: session.address, expiresAt: session.exp } : { address: null });
}
