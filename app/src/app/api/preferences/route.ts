import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import { fail, requireParticipant } from "@/server/http";
import { readPreferences, writePreferences } from "@/server/preferences";

export const dynamic = "force-dynamic";

/** The signed-in investor's standing preferences. */
export async function GET(request: NextRequest) {
  const guard = await requireParticipant(request, [Role.Investor]);
  if (!guard.ok) return guard.response;
  return NextResponse.json(readPreferences(guard.value.session.address));
}

export async function PUT(request: NextRequest) {
  const guard = await requireParticipant(request, [Role.Investor]);
  if (!guard.ok) return guard.response;
  try {
    return NextResponse.json(writePreferences(guard.value.session.address, await request.json()));
  } catch (error) {
    return fail(400, (error as Error).message);
  }
}
