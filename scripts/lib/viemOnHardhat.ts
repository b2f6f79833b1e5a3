import { network } from "hardhat";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import type { TypedDataSigner } from "../../lib/actions/signer";

/**
 * viem clients over the network a Hardhat script runs against, so scripts written with ethers (the seed, the
 * benchmarks) call the same lib/actions as the command line and the app.
 */
export function hardhatPublicClient(): PublicClient {
  return createPublicClient({ transport: custom(network.provider) }) as PublicClient;
}

/** A signer for one of the node's own accounts: it signs typed data through eth_signTypedData_v4. */
export function hardhatSigner(address: string): TypedDataSigner {
  return createWalletClient({ account: address as Address, transport: custom(network.provider) });
}
