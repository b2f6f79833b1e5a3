import { NextResponse, type NextRequest } from "next/server";
import { readMetadata } from "@/server/documents";
import { fail, requireDeployment, requireSession } from "@/server/http";
import { mayReadDemandDocuments, metadataHashOf } from "@/server/registry";
import { parseLoanId } from "@/server/params";

export const dynamic = "force-dynamic";

/** A demand's metadata and document list, for the participants allowed to read them. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const s = requireSession(request);
  if (!s.ok) return s.response;
  const id = parseLoanId((await params).id);
  if (id === undefined) return fail(400, "not a loan id");
  const decision = await mayReadDemandDocuments(d.value, s.value.address, id).catch(() => ({ allowed: false as const, reason: `no demand ${id}` }));
  if (!decision.allowed) return fail(403, decision.reason);
  const metadataHash = await metadataHashOf(d.value, id);
  const metadata = metadataHash ? readMetadata(metadataHash) : undefined;
  return NextResponse.json({ id: String(id), metadataHash, metadata: metadata ?? null });
}
