import { NextResponse, type NextRequest } from "next/server";
import { withIndex } from "@/server/ledger";
import { ledgerFailure, requireRegulator } from "@/server/ledgerHttp";
import type { CommitteeResponse } from "../../../../../../indexer/wire";

export const dynamic = "force-dynamic";

/** The supervisory committee from the index: members, threshold, notice period, proposals with their approvals and time left, and its history. */
export async function GET(request: NextRequest) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  try {
    const body: CommitteeResponse = await withIndex(guard.value, async (views) => ({ status: await views.status(), committee: await views.committee(guard.value) }));
    return NextResponse.json(body);
  } catch (error) {
    return ledgerFailure(error);
  }
}
