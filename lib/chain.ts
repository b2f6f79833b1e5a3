import { defineChain, type Chain } from "viem";

export const LOCAL_CHAIN_ID = 31337;
export const LOCAL_RPC_URL = "http://127.0.0.1:8545";

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
    ...(options.freeGas
      ? {
          fees: {
            maxPriorityFeePerGas: 0n,
            estimateFeesPerGas: async ({ type }) =>
              type === "legacy" ? { gasPrice: 0n } : { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
          },
        }
      : {}),
  });
}

/** The embedded default: a local Hardhat node. */
export const localChain: Chain = buildChain({ id: LOCAL_CHAIN_ID, rpcUrl: LOCAL_RPC_URL, name: "smefin local" });
