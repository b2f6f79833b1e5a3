import type { PublicClient } from "viem";

/**
 * The widest block range one eth_getLogs call may cover through the app's relay. Readers of a longer history ask
 * window by window (the indexer keeps its own, adaptive ranges against the node).
 */
export const LOG_BLOCK_WINDOW = 10_000n;

/** `read` over [fromBlock, chain head] in windows of LOG_BLOCK_WINDOW blocks, results in block order. */
export async function inLogWindows<T>(client: PublicClient, fromBlock: bigint, read: (range: { fromBlock: bigint; toBlock: bigint }) => Promise<T[]>): Promise<T[]> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const results: T[] = [];
  for (let from = fromBlock; from <= head; from += LOG_BLOCK_WINDOW) {
    const to = from + LOG_BLOCK_WINDOW - 1n < head ? from + LOG_BLOCK_WINDOW - 1n : head;
    results.push(...(await read({ fromBlock: from, toBlock: to })));
  }
  return results;
}
