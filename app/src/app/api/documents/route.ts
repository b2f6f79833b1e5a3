import { NextResponse, type NextRequest } from "next/server";
import { Role } from "@lib/enums";
import { storeDocument, isSha256 } from "@/server/documents";
import { fail, requireParticipant } from "@/server/http";

export const dynamic = "force-dynamic";

const MAX_BYTES = 20 * 1024 * 1024;

/** An enterprise uploads a demand document; the body is the file, `x-sha256` the hash its browser computed. */
export async function POST(request: NextRequest) {
  const guard = await requireParticipant(request, [Role.Enterprise]);
  if (!guard.ok) return guard.response;
  const claimed = (request.headers.get("x-sha256") ?? "").toLowerCase();
  if (!isSha256(claimed)) return fail(400, "the x-sha256 header must carry the file's SHA-256 in hex");
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length === 0) return fail(400, "the file is empty");
  if (bytes.length > MAX_BYTES) return fail(413, "documents are limited to 20 MB");
  try {
    return NextResponse.json({ sha256: storeDocument(bytes, claimed), size: bytes.length });
  } catch (error) {
    return fail(400, (error as Error).message);
  }
}
