import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import { fail, requireParticipant, writeRoute } from "@/server/http";
import { readPreferences, writePreferences } from "@/server/preferences";

export const dynamic = "force-dynamic";

/** The signed-in investor's standing preferences. */
export async function GET(request: NextRequest) {
  const guard = await requireParticipant(request, [Role.Investor]);
  if (!guard.ok) return guard.response;
  return NextResponse.json(readPreferences(guard.value.session.address));
}

export const PUT = writeRoute("json", async (request, body) => {
  const guard = await requireParticipant(request, [Role.Investor]);
  if (!guard.ok) return guard.response;
  const input = await body.json();
  try {
    return NextResponse.json(writePreferences(guard.value.session.address, input));
  } catch (error) {
    return fail(400, (error as Error).message);
  }
});
