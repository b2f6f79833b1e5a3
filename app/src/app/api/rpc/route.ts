import { NextResponse } from "next/server";
import { rpcUrl } from "@/server/env";
import { writeRoute } from "@/server/http";

export const dynamic = "force-dynamic";

/**
 * The chain's JSON-RPC, relayed from the browser's origin: the browser needs no CORS from the node and no
 * address of it. Requests are passed through unchanged (wallet signatures happen in the wallet).
 */
export const POST = writeRoute("rpc", async (_request, requestBody) => {
  const body = await requestBody.text();
  try {
    const upstream = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(30_000) });
    return new NextResponse(await upstream.text(), { status: upstream.status, headers: { "content-type": "application/json" } });
  } catch {
    return NextResponse.json({ jsonrpc: "2.0", id: null, error: { code: -32603, message: "the chain's node does not answer" } }, { status: 502 });
  }
});
