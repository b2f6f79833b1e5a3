import { NextResponse, type NextRequest } from "next/server";
import { publicClient } from "@/server/env";
import { fail } from "@/server/http";
import { withIndex } from "@/server/ledger";
import { ledgerFailure, plain, requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/** One block: its header and transactions from the chain, and the ledger's events in it from the index. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ number: string }> }) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  const text = (await params).number;
  if (!/^\d{1,15}$/.test(text)) return fail(400, "not a block number");
  const n = Number(text);
  const d = guard.value;
  try {
    const events = await withIndex(d, (views) => views.events({ fromBlock: n, toBlock: n }));
    const block = await publicClient(d).getBlock({ blockNumber: BigInt(n) }).catch(() => undefined);
    if (!block) return fail(404, `no block ${n} on this chain yet`);
    return NextResponse.json({
      number: n,
      events,
      block: plain({
        hash: block.hash,
        parentHash: block.parentHash,
        timestamp: block.timestamp,
        miner: block.miner,
        gasUsed: block.gasUsed,
        gasLimit: block.gasLimit,
        baseFeePerGas: block.baseFeePerGas,
        size: block.size,
        transactions: block.transactions,
      }),
    });
  } catch (error) {
    return ledgerFailure(error);
  }
}
