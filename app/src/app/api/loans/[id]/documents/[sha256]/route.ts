import { NextResponse, type NextRequest } from "next/server";
import { readDocument, readMetadata } from "@/server/documents";
import { fail, requireDeployment, requireSession } from "@/server/http";
import { mayReadDemandDocuments, metadataHashOf } from "@/server/registry";
import { parseLoanId } from "@/server/params";

export const dynamic = "force-dynamic";

/** One document of a demand: only one the demand's metadata lists, only for those allowed to read it. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; sha256: string }> }) {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const s = requireSession(request);
  if (!s.ok) return s.response;
  const p = await params;
  const id = parseLoanId(p.id);
  if (id === undefined) return fail(400, "not a loan id");
  const decision = await mayReadDemandDocuments(d.value, s.value.address, id).catch(() => ({ allowed: false as const, reason: `no demand ${id}` }));
  if (!decision.allowed) return fail(403, decision.reason);
  const hash = await metadataHashOf(d.value, id);
  const ref = (hash ? readMetadata(hash) : undefined)?.documents.find((doc) => doc.sha256 === p.sha256);
  const bytes = ref ? readDocument(ref.sha256) : undefined;
  if (!ref || !bytes) return fail(404, "this demand has no such document");
  return new NextResponse(new Uint8Array(bytes), {
    headers: {
      "content-type": ref.type || "application/octet-stream",
      "content-disposition": `attachment; filename="${ref.name.replace(/[^\w.\- ]/g, "_")}"`,
      "cache-control": "private, no-store",
    },
  });
}
