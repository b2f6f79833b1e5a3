import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import { storeMetadata } from "@/server/documents";
import { fail, requireParticipant } from "@/server/http";

export const dynamic = "force-dynamic";

/** Keeps a demand's metadata (purpose, notes, document hashes) and answers the hash to publish on chain. */
export async function POST(request: NextRequest) {
  const guard = await requireParticipant(request, [Role.Enterprise]);
  if (!guard.ok) return guard.response;
  const json = await request.text();
  try {
    return NextResponse.json({ metadataHash: storeMetadata(json) });
  } catch (error) {
    return fail(400, (error as Error).message);
  }
}
