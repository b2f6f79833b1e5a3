import { NextResponse } from "next/server";
import { writeRoute } from "@/server/http";
import { rebuildIndex, withIndex } from "@/server/ledger";
import { ledgerFailure, requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/** Empties the server's ledger index and builds it again from the chain; answers where it then stands. */
export const POST = writeRoute("none", async (request) => {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  try {
    const result = await rebuildIndex(guard.value);
    return NextResponse.json({ rebuilt: { events: result.events, seconds: result.seconds }, ...(await withIndex(guard.value, async (views) => ({ status: await views.status() }))) });
  } catch (error) {
    return ledgerFailure(error);
  }
});
