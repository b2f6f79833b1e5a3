import { NextResponse, type NextRequest } from "next/server";
import { demandDocumentsFor } from "@/server/demandDocuments";
import { fail, requireDeployment, requireSession } from "@/server/http";
import { parseLoanId } from "@lib/loans";

export const dynamic = "force-dynamic";

/** A demand's metadata and document list, for the participants allowed to read them. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const s = requireSession(request);
  if (!s.ok) return s.response;
  const id = parseLoanId((await params).id);
  if (id === undefined) return fail(400, "not a loan id");
  const found = await demandDocumentsFor(d.value, s.value.address, id);
  if (!found.allowed) return fail(403, found.reason);
  return NextResponse.json({ id: String(id), metadataHash: found.metadataHash, metadata: found.metadata ?? null });
}
