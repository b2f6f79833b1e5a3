import { NextResponse, type NextRequest } from "next/server";
import { readViews, reportChartsSvg } from "@/server/ledger";
import { ledgerFailure, requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/** The audit report's charts drawn from the index (funding per month, outstanding by grade, late and default rates, attestations per agency), as SVG, from the index as the follow loop keeps it. */
export async function GET(request: NextRequest) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  try {
    return NextResponse.json(
      await readViews(guard.value, async (views) => ({
        status: await views.status(),
        charts: await reportChartsSvg(views, guard.value),
      })),
    );
  } catch (error) {
    return ledgerFailure(error);
  }
}
