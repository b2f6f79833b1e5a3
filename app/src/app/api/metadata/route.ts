import { NextResponse } from "next/server";
import { Role } from "@lib/enums";
import { DocumentRefusal, storeMetadata } from "@/server/documents";
import { fail, requireParticipant, writeRoute } from "@/server/http";

export const dynamic = "force-dynamic";

/**
 * Keeps a demand's metadata (purpose, notes, document hashes; JSON of at most 64 KiB) and answers the hash to
 * publish on chain. It may only cite documents the enterprise itself uploaded.
 */
export const POST = writeRoute("metadata", async (request, body) => {
  const guard = await requireParticipant(request, [Role.Enterprise]);
  if (!guard.ok) return guard.response;
  const json = await body.text();
  try {
    return NextResponse.json({ metadataHash: storeMetadata(guard.value.session.address, json) });
  } catch (error) {
    if (error instanceof DocumentRefusal) return fail(error.status, error.message);
    throw error;
  }
});
