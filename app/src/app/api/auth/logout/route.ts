import { NextResponse } from "next/server";
import { writeRoute } from "@/server/http";
import { endSession } from "@/server/session";

export const dynamic = "force-dynamic";

/** Ends the session on the server (its cookie is worthless afterwards) and clears the cookie. */
export const POST = writeRoute("none", (request) => {
  const response = NextResponse.json({ address: null });
  endSession(request, response);
  return response;
});
