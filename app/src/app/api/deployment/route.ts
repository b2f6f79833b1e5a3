import { NextResponse } from "next/server";
import { LOCAL_CHAIN_ID } from "@lib/chain";
import { deployment, network } from "@/server/env";

export const dynamic = "force-dynamic";

/** The deployment the app runs against (deployments/NETWORK.json), as the browser needs it. */
export function GET() {
  let d;
  try {
    d = deployment();
  } catch (error) {
    return NextResponse.json({ network, error: `the deployment record of "${network}" is unreadable: ${(error as Error).message}` }, { status: 503 });
  }
  if (!d) {
    return NextResponse.json(
      { network, error: `no contracts are deployed for network "${network}" (deployments/${network}.json is missing): run \`npm start\` or the deploy script` },
      { status: 503 },
    );
  }
  return NextResponse.json({
    network: d.network,
    chainId: d.chainId,
    local: d.chainId === LOCAL_CHAIN_ID,
    contracts: d.contracts,
    freeGas: process.env.SMEFIN_FREE_GAS === "1",
  });
}
