import { Option, type Command } from "commander";
import { indexPath } from "../../lib/paths";
import { Indexer, type ChainChange, type SyncOptions, type SyncResult } from "../../indexer/sync";
import type { Cli } from "../context";

type CliOf = () => Cli;

const positiveInt = (what: string) => (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number, not "${text}"`);
  return n;
};

/** The options the index and the audit share: where the index file is and how to read the chain. */
export function addIndexOptions(command: Command): Command {
  return command
    .addOption(new Option("--db <file>", "index file (default index-NETWORK.sqlite in the data folder, SMEFIN_DATA_DIR)").env("SMEFIN_INDEX_DB"))
    .option("--block-range <n>", "blocks per eth_getLogs query; halved when the node answers too many results", positiveInt("--block-range"), 2_000)
    .option("--confirmations <n>", "blocks to stay behind the chain head", positiveInt("--confirmations"), 0)
    .option("--throttle <ms>", "pause between block ranges, to spare a shared node", positiveInt("--throttle"), 0)
    .option("--rebuild", "empty the index and build it again from the chain (needed when it belongs to another chain, except on the local one)");
}

export interface IndexCommandOptions {
  db?: string;
  blockRange: number;
  confirmations: number;
  throttle: number;
  rebuild?: boolean;
}

const changeLine = (change: ChainChange) =>
  change.kind === "rebuilt" ? `Rebuilding the index from the start: ${change.reason}.` : `The chain reorganised: index rolled back from block ${change.fromBlock} to block ${change.toBlock}.`;

/** How the command line syncs the index: from its options, with progress on stderr. */
export function syncOptionsFor(c: Cli, opts: IndexCommandOptions): SyncOptions {
  return {
    rpcUrl: c.rpcUrl,
    deployment: c.deployment,
    dbPath: opts.db ?? indexPath(c.deployment.network),
    blockRange: opts.blockRange,
    confirmations: opts.confirmations,
    throttleMs: opts.throttle,
    rebuild: opts.rebuild,
    onChainChange: (change) => c.progress(changeLine(change)),
    onRetry: (error, attempt, delay) => c.progress(`RPC error (${error.message}); retry ${attempt} in ${delay} ms`),
    onProgress: c.options.json ? undefined : (p) => c.progress(`blocks ${p.fromBlock}-${p.toBlock} of ${p.headBlock}: ${p.events} events (${p.totalEvents} indexed)`),
  };
}

export function indexerFor(c: Cli, opts: IndexCommandOptions): Indexer {
  return new Indexer(syncOptionsFor(c, opts));
}

const summary = (r: SyncResult) =>
  r.busy ??
  (r.fromBlock > r.toBlock ? `Index already at block ${r.toBlock}` : `Indexed blocks ${r.fromBlock}-${r.toBlock}: ${r.events} events in ${r.ranges} ranges, ${r.seconds.toFixed(1)} s`) +
  ` (chain ${r.chain.chainId}, genesis ${r.chain.genesisHash?.slice(0, 10)}…, block hash ${r.chain.block?.hash?.slice(0, 10) ?? "unknown"}…).`;

export function registerLedgerIndex(program: Command, cli: CliOf): void {
  addIndexOptions(
    program
      .command("index")
      .description("sync the ledger index (SQLite, or PostgreSQL with SMEFIN_INDEX_URL) from the chain: every event of the four contracts, resumable")
      .option("--follow", "keep following new blocks until interrupted")
      .option("--poll <ms>", "with --follow: how often to look for new blocks", positiveInt("--poll"), 2_000),
  ).action(async (opts: IndexCommandOptions & { follow?: boolean; poll: number }) => {
    const c = cli();
    const indexer = indexerFor(c, opts);
    try {
      if (!opts.follow) {
        const result = await indexer.syncOnce();
        c.print(result, () => summary(result));
        return;
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      c.progress("following new blocks; Ctrl-C to stop");
      await indexer.follow(stop.signal, opts.poll, (r) => {
        if (r.events > 0 || r.fromBlock <= r.toBlock) c.print(r, () => summary(r));
      });
    } finally {
      await indexer.close();
    }
  });
}
