import { NextResponse, type NextRequest } from "next/server";
import { fail } from "@/server/http";
import { AUDIT_EXPORTS, auditFile } from "@/server/ledger";
import { requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/** The last audit's offline HTML report (shown in the browser) and its JSON and CSV exports (downloaded). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ file: string }> }) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  const name = (await params).file;
  if (name !== "report.html" && !(name in AUDIT_EXPORTS)) return fail(404, `no audit file ${name}`);
  const bytes = auditFile(name);
  if (!bytes) return fail(404, "no audit has been run yet: run it first");
  const html = name === "report.html";
  return new NextResponse(new Uint8Array(bytes), {
    headers: {
      "content-type": html ? "text/html; charset=utf-8" : `${AUDIT_EXPORTS[name]}; charset=utf-8`,
      "cache-control": "private, no-store",
      // The report has no script; nothing it could load is allowed anyway.
      ...(html ? { "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'" } : { "content-disposition": `attachment; filename="${name}"` }),
    },
  });
}
