import { defineChain, type Chain } from "viem";

export const LOCAL_CHAIN_ID = 31337;
export const LOCAL_RPC_URL = "http://127.0.0.1:8545";
/** The network name of the local chain, in deployments/ and the hardhat config. */
export const LOCAL_NETWORK = "localhost";

export interface ChainOptions {
  id: number;
  rpcUrl: string;
  name?: string;
  /** Native currency symbol; consortium chains often have no currency of value. */
  currencySymbol?: string;
  /**
   * Free gas: every transaction is sent with a zero gas price (legacy) or zero fee caps (EIP-1559), as on a
   * Besu QBFT network started with `--min-gas-price=0` (and `zeroBaseFee` when London is on). Without it, fees
   * come from the node as usual (`eth_gasPrice`, `eth_maxPriorityFeePerGas` and the block's base fee).
   */
  freeGas?: boolean;
  blockExplorerUrl?: string;
}

/** A viem Chain for any RPC URL and chain id; nothing in it assumes a Hardhat node. */
export function buildChain(options: ChainOptions): Chain {
  const symbol = options.currencySymbol ?? "ETH";
  return defineChain({
    id: options.id,
    name: options.name ?? `smefin chain ${options.id}`,
    nativeCurrency: { name: symbol, symbol, decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
    ...(options.blockExplorerUrl
      ? { blockExplorers: { default: { name: "explorer", url: options.blockExplorerUrl } } }
      : {}),
    ...(options.freeGas ? { ...FREE_GAS, custom: { freeGas: true } } : {}),
  });
}

/**
 * Fees to pass explicitly on a write that goes through a wallet viem does not sign for (an injected wallet fills
 * in its own fees otherwise): zero on a free-gas chain, nothing (the wallet's or node's choice) elsewhere.
 */
export function explicitFees(chain: Chain | undefined): { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint } {
  return chain?.custom?.freeGas === true ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } : {};
}

/**
 * What makes a chain free of gas for every client that sends through viem (the command line, the SDK, the app):
 * the fee hooks answer zero, and whatever fees the node filled in (viem asks nodes that answer
 * `eth_fillTransaction`, such as anvil and go-ethereum, to fill the whole transaction, fees included) are
 * dropped before viem fills the missing parameters, so the hooks' zeros are what every transaction carries.
 */
const FREE_GAS = {
  fees: {
    maxPriorityFeePerGas: 0n,
    estimateFeesPerGas: async ({ type }: { type: string }) =>
      type === "legacy" ? { gasPrice: 0n } : { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
  },
  prepareTransactionRequest: [
    async (request) => {
      const { gasPrice: _gasPrice, maxFeePerGas: _maxFeePerGas, maxPriorityFeePerGas: _maxPriorityFeePerGas, ...rest } = request as Record<string, unknown>;
      return rest as typeof request;
    },
    { runAt: ["beforeFillParameters"] },
  ],
} satisfies Pick<Chain, "fees" | "prepareTransactionRequest">;

/**
 * The JSON-RPC endpoint of a network, read the same way by the command line, the app server and the hardhat
 * config (deploy and seed): the local chain is SMEFIN_LOCAL_RPC_URL (default http://127.0.0.1:8545), every
 * other network SMEFIN_RPC_URL. Undefined when a network other than the local one has none.
 */
export function rpcUrlOf(network: string, env: Record<string, string | undefined> = globalThis.process?.env ?? {}): string | undefined {
  return network === LOCAL_NETWORK ? (env.SMEFIN_LOCAL_RPC_URL ?? LOCAL_RPC_URL) : env.SMEFIN_RPC_URL;
}

/** The embedded default: the local chain that `npm start` runs. */
export const localChain: Chain = buildChain({ id: LOCAL_CHAIN_ID, rpcUrl: LOCAL_RPC_URL, name: "smefin local" });
