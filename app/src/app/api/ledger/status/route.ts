import { NextResponse, type NextRequest } from "next/server";
import { withIndex } from "@/server/ledger";
import { ledgerFailure, requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/** Where the index stands after a sync, and the kinds of event it holds (for the explorer's filters). */
export async function GET(request: NextRequest) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  try {
    return NextResponse.json(await withIndex(guard.value, async (views) => ({ status: await views.status(), kinds: await views.eventKinds() })));
  } catch (error) {
    return ledgerFailure(error);
  }
}
