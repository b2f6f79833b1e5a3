import { NextResponse, type NextRequest } from "next/server";
import { auditIndex, lastAudit } from "@/server/ledger";
import { writeRoute } from "@/server/http";
import { ledgerFailure, requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/**
 * The last audit's result (ok, events, findings, rules, the chain and block audited), or null before the first
 * run; null with a sentence in `replaced` when the chain no longer has the block it audited.
 */
export async function GET(request: NextRequest) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  try {
    return NextResponse.json(await lastAudit());
  } catch (error) {
    return ledgerFailure(error);
  }
}

/** Syncs the index and runs the audit now; its reports replace the last ones. */
export const POST = writeRoute("none", async (request) => {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  try {
    return NextResponse.json({ audit: await auditIndex(guard.value) });
  } catch (error) {
    return ledgerFailure(error);
  }
});
