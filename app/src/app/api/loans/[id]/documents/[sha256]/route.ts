import { NextResponse, type NextRequest } from "next/server";
import { demandDocumentsFor } from "@/server/demandDocuments";
import { readOwnDocument } from "@/server/documents";
import { servedType } from "@/server/documentTypes";
import { fail, requireDeployment, requireSession } from "@/server/http";
import { parseLoanId } from "@lib/loans";

export const dynamic = "force-dynamic";

/** A file name for `filename*` (RFC 5987), so Chinese names survive the download. */
const encodeRfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * One document of a demand, for those allowed to read it: only one the demand's metadata lists and its enterprise
 * uploaded, served as a download with the type its bytes showed at upload (never one the uploader chose).
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; sha256: string }> }) {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const s = requireSession(request);
  if (!s.ok) return s.response;
  const p = await params;
  const id = parseLoanId(p.id);
  if (id === undefined) return fail(400, "not a loan id");
  const found = await demandDocumentsFor(d.value, s.value.address, id);
  if (!found.allowed) return fail(403, found.reason);
  const ref = found.metadata?.documents.find((doc) => doc.sha256 === p.sha256);
  const stored = ref ? readOwnDocument(found.enterprise, ref.sha256) : undefined;
  if (!ref || !stored) return fail(404, "this demand has no such document");
  return new NextResponse(new Uint8Array(stored.bytes), {
    headers: {
      "content-type": servedType(stored.type, ref.type),
      "content-disposition": `attachment; filename="${ref.name.replace(/[^\w.\- ]/g, "_")}"; filename*=UTF-8''${encodeRfc5987(ref.name)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}
