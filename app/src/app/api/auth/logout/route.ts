import { NextResponse, type NextRequest } from "next/server";
import { endSession } from "@/server/session";

export const dynamic = "force-dynamic";

/** Ends the session on the server (its cookie is worthless afterwards) and clears the cookie. */
export function POST(request: NextRequest) {
  const response = NextResponse.json({ address: null });
  endSession(request, response);
  return response;
}
