import { NextResponse } from "next/server";
import { Role } from "@lib/enums";
import { DocumentRefusal, isSha256, storeDocument } from "@/server/documents";
import { fail, requireParticipant, writeRoute } from "@/server/http";

export const dynamic = "force-dynamic";

/**
 * An enterprise uploads a demand document: the body is the file's bytes (application/octet-stream, at most 20 MiB),
 * `x-sha256` the hash its browser computed. The server records the upload as the enterprise's own.
 */
export const POST = writeRoute("upload", async (request, body) => {
  const guard = await requireParticipant(request, [Role.Enterprise]);
  if (!guard.ok) return guard.response;
  const claimed = (request.headers.get("x-sha256") ?? "").toLowerCase();
  if (!isSha256(claimed)) return fail(400, "the x-sha256 header must carry the file's SHA-256 in hex");
  try {
    return NextResponse.json(await storeDocument(guard.value.session.address, body.chunks(), claimed));
  } catch (error) {
    if (error instanceof DocumentRefusal) return fail(error.status, error.message);
    throw error;
  }
});
