import { NextResponse, type NextRequest } from "next/server";
import { decodeFunctionData, type Abi, type Hex } from "viem";
import { ABIS } from "@lib/contracts";
import { CONTRACT_NAMES } from "@lib/deployments";
import { publicClient } from "@/server/env";
import { fail } from "@/server/http";
import { withIndex } from "@/server/ledger";
import { ledgerFailure, plain, requireRegulator } from "@/server/ledgerHttp";

export const dynamic = "force-dynamic";

/** One transaction: its events from the index, its receipt and call from the chain (the call decoded when it went to one of the four contracts). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ hash: string }> }) {
  const guard = await requireRegulator(request);
  if (!guard.ok) return guard.response;
  const hash = (await params).hash.toLowerCase() as Hex;
  if (!/^0x[0-9a-f]{64}$/.test(hash)) return fail(400, "not a transaction hash");
  const d = guard.value;
  try {
    const events = await withIndex(d, (views) => views.events({ txHash: hash }));
    const client = publicClient(d);
    const [receipt, tx] = await Promise.all([client.getTransactionReceipt({ hash }).catch(() => undefined), client.getTransaction({ hash }).catch(() => undefined)]);
    if (!receipt || !tx) return fail(404, `no transaction ${hash} on this chain`);
    const contract = CONTRACT_NAMES.find((name) => d.contracts[name].address.toLowerCase() === tx.to?.toLowerCase());
    let call: { contract: string; functionName: string; args: unknown } | null = null;
    if (contract) {
      try {
        const decoded = decodeFunctionData({ abi: ABIS[contract] as Abi, data: tx.input });
        call = { contract, functionName: decoded.functionName, args: plain(decoded.args ?? []) };
      } catch {
        call = null;
      }
    }
    return NextResponse.json({
      hash,
      events,
      call,
      receipt: plain({
        status: receipt.status,
        blockNumber: receipt.blockNumber,
        blockHash: receipt.blockHash,
        transactionIndex: receipt.transactionIndex,
        from: receipt.from,
        to: receipt.to,
        contractAddress: receipt.contractAddress,
        gasUsed: receipt.gasUsed,
        effectiveGasPrice: receipt.effectiveGasPrice,
        cumulativeGasUsed: receipt.cumulativeGasUsed,
        logs: receipt.logs.length,
        type: receipt.type,
      }),
      transaction: plain({ nonce: tx.nonce, value: tx.value, gas: tx.gas, input: tx.input.slice(0, 10) }),
    });
  } catch (error) {
    return ledgerFailure(error);
  }
}
