import { decodeFunctionData, type Hex } from "viem";
import { attestationRegistryAbi } from "../lib/generated/abis";
import { CONTRACT_NAMES, type Deployment } from "../lib/deployments";
import { chainFacts, checkChain, isLocalChain, OtherChainError, otherChainMessage, recordBlocks, recordChain, indexedChain, type IndexedChain } from "./chain";
import { getCursor, indexLocation, openIndex, setCursor } from "./db";
import { EventDecoder, accountArgsOf, argsToJson, loanIdOf, type LedgerEventOf } from "./decode";
import { applyEvent, type RelayedCall } from "./ledger";
import { RpcClient, isTooManyResults, type RpcLog } from "./rpc";
import { emptyIndex, rollBackTo } from "./rollback";
import { anotherWriterMessage, WriterLease } from "./lease";
import { insertRows, type Sql } from "./sql";
import { IndexStore } from "./store";

/**
 * The sync: reads every event of the four contracts from their deployment blocks with eth_getLogs in bounded
 * block ranges, decodes them and writes the events, the derived tables and the cursor of each range in one
 * transaction (SQLite or PostgreSQL, see openIndex). A process killed at any moment restarts from the last committed range; the primary key
 * (blockNumber, logIndex) makes a duplicate impossible rather than merely unlikely. Before reading, each sync
 * checks that the index still belongs to the node's chain (indexer/chain.ts): it rolls back a reorganisation,
 * and rebuilds (local chain) or refuses (any other) an index of another chain. Only the holder of the index's
 * writer lease (indexer/lease.ts) writes: a sync that finds another writer at work waits up to `leaseWaitMs`,
 * then answers `busy` without writing.
 */

export interface SyncOptions {
  rpcUrl: string;
  deployment: Deployment;
  /**
   * Index file (default DATA/index-NETWORK.sqlite, lib/paths); ignored when `sql` is given or SMEFIN_INDEX_URL
   * names a PostgreSQL index.
   */
  dbPath?: string;
  /** The index to write, opened by the caller (who closes it). */
  sql?: Sql;
  /** How long to wait for another writer to finish (default 0: answer `busy` at once). */
  leaseWaitMs?: number;
  /** Blocks per eth_getLogs query (default 2,000); halved on a "too many results" answer, grown back after. */
  blockRange?: number;
  /** Stop at this block instead of the chain head. */
  toBlock?: number;
  /** Blocks to stay behind the head (default 0: QBFT and Hardhat blocks are final). */
  confirmations?: number;
  /** Pause between block ranges in ms, to spare a shared RPC node (default 0). */
  throttleMs?: number;
  /** RPC attempts and first backoff delay, see RpcClient. */
  retries?: number;
  backoffMs?: number;
  /** Empty the index and build it again from the chain (`smefin index --rebuild`). */
  rebuild?: boolean;
  /**
   * Rebuild an index of another chain without asking (default: on the local development chain, id 31337, whose
   * node starts afresh; elsewhere the sync refuses with a sentence saying to rebuild).
   */
  rebuildOtherChain?: boolean;
  /** Told when the index is rebuilt or rolled back, and why. */
  onChainChange?: (change: ChainChange) => void;
  onProgress?: (progress: SyncProgress) => void;
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

export interface SyncProgress {
  fromBlock: number;
  toBlock: number;
  headBlock: number;
  events: number;
  totalEvents: number;
}

export type ChainChange = { kind: "rebuilt"; reason: string } | { kind: "rolledBack"; toBlock: number; fromBlock: number };

export interface SyncResult {
  /** First and last block read in this run (fromBlock > toBlock when the index was already at the head). */
  fromBlock: number;
  toBlock: number;
  events: number;
  ranges: number;
  seconds: number;
  /** The chain and block the index names after this run. */
  chain: IndexedChain;
  /** What this run did to the index before reading: rebuilt it or rolled back a reorganisation. */
  change?: ChainChange;
  /** Set when another writer held the index: this run wrote nothing, and says who holds it. */
  busy?: string;
}

interface FetchedRange {
  from: number;
  to: number;
  logs: RpcLog[];
  times: Map<number, number>;
  hashes: Map<number, string>;
  relayed: Map<string, Hex>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = (n: number) => `0x${n.toString(16)}`;

/** The first block worth reading: the earliest deployment block of the four contracts. */
export function startBlockOf(deployment: Deployment): number {
  return Math.min(...CONTRACT_NAMES.map((name) => deployment.contracts[name].blockNumber));
}

export class Indexer {
  readonly rpc: RpcClient;
  private readonly decoder: EventDecoder;
  private readonly store = new IndexStore();
  private opened?: Promise<Sql>;
  /** The index, as the messages name it: its file, or its PostgreSQL server. */
  readonly indexFile: string;
  /** `rebuild` applies to the first sync only: a following index checks the chain as usual afterwards. */
  private rebuildPending: boolean;
  /** The writer's lease, held from the start to the end of each sync. */
  private lease?: WriterLease;
  private readonly holder = WriterLease.newHolder();

  constructor(readonly options: SyncOptions) {
    this.indexFile = options.sql?.location ?? indexLocation({ path: options.dbPath, network: options.deployment.network });
    this.rebuildPending = options.rebuild ?? false;
    this.rpc = new RpcClient(options.rpcUrl, { retries: options.retries, backoffMs: options.backoffMs, onRetry: options.onRetry });
    this.decoder = new EventDecoder(options.deployment);
  }

  /** The index written (opened on first use unless the caller gave one). */
  sql(): Promise<Sql> {
    this.opened ??= this.options.sql ? Promise.resolve(this.options.sql) : openIndex({ path: this.options.dbPath, network: this.options.deployment.network });
    return this.opened;
  }

  async close(): Promise<void> {
    if (this.options.sql || !this.opened) return;
    const sql = await this.opened.catch(() => undefined);
    this.opened = undefined;
    await sql?.close();
  }

  /** Runs `fn` in one transaction of the index that commits only while this sync still holds the lease. */
  private async write<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const sql = await this.sql();
    return sql.transaction(async (tx) => {
      if (this.lease) await this.lease.renew(tx);
      return fn(tx);
    });
  }

  async headBlock(): Promise<number> {
    const head = Number(await this.rpc.call<string>("eth_blockNumber", []));
    return Math.max(0, head - (this.options.confirmations ?? 0));
  }

  /**
   * Makes sure the index belongs to the node's chain before reading: records the chain of an empty index, rolls
   * back a reorganisation, rebuilds or refuses an index of another chain.
   */
  async ensureChain(rebuild = false): Promise<ChainChange | undefined> {
    const { deployment } = this.options;
    const facts = await chainFacts(this.rpc, deployment);
    let change: ChainChange | undefined;
    const sql = await this.sql();
    const check = rebuild ? ({ kind: "other", reason: "a rebuild was asked for" } as const) : await checkChain(sql, this.rpc, deployment, facts);
    if (check.kind === "other") {
      if (!rebuild && !(this.options.rebuildOtherChain ?? isLocalChain(facts.chainId))) {
        throw new OtherChainError(otherChainMessage(this.indexFile, check.reason, this.rpc.url, facts));
      }
      await this.write((tx) => emptyIndex(tx));
      change = { kind: "rebuilt", reason: check.reason };
    } else if (check.kind === "reorg") {
      const fromBlock = (await getCursor(sql))!.lastBlock;
      await this.write((tx) => rollBackTo(tx, check.commonBlock));
      change = { kind: "rolledBack", toBlock: check.commonBlock, fromBlock };
    }
    this.store.clear();
    if (check.kind !== "same" && check.kind !== "reorg") await this.write((tx) => recordChain(tx, deployment, facts, startBlockOf(deployment)));
    if (change) this.options.onChainChange?.(change);
    return change;
  }

  /**
   * Checks the chain, then reads from the cursor to the head (or `toBlock`), one committed transaction per block
   * range. A reorganisation noticed while reading (a log whose block hash is not its block's) starts it again.
   */
  async syncOnce(): Promise<SyncResult> {
    const sql = await this.sql();
    this.lease = await WriterLease.acquire(sql, { waitMs: this.options.leaseWaitMs, holder: this.holder });
    if (!this.lease) return this.busy(sql);
    try {
      let change = await this.ensureChain(this.rebuildPending);
      this.rebuildPending = false;
      for (let attempt = 1; ; attempt++) {
        try {
          return { ...(await this.readToHead()), change };
        } catch (err) {
          if (!(err instanceof ReorganisedWhileReading) || attempt >= 3) throw err;
          change = (await this.ensureChain()) ?? change;
        }
      }
    } finally {
      const lease = this.lease;
      this.lease = undefined;
      this.store.clear();
      await lease.release(sql).catch(() => undefined);
    }
  }

  /** What a sync answers when another writer holds the index: where the index stands, written by that writer. */
  private async busy(sql: Sql): Promise<SyncResult> {
    const cursor = await getCursor(sql);
    const at = cursor?.lastBlock ?? startBlockOf(this.options.deployment) - 1;
    return { fromBlock: at + 1, toBlock: at, events: 0, ranges: 0, seconds: 0, chain: await indexedChain(sql), busy: anotherWriterMessage(this.indexFile, await WriterLease.current(sql)) };
  }

  private async readToHead(): Promise<Omit<SyncResult, "change">> {
    const started = performance.now();
    const sql = await this.sql();
    const cursor = await getCursor(sql);
    const first = cursor ? cursor.lastBlock + 1 : startBlockOf(this.options.deployment);
    const head = this.options.toBlock ?? (await this.headBlock());
    const maxRange = Math.max(1, this.options.blockRange ?? 2_000);
    let range = maxRange;
    let events = 0;
    let ranges = 0;
    // Counted only for a progress report: at a million events a count is a scan, and a follow loop syncs every block.
    let totalEvents = this.options.onProgress ? (await sql.get<{ n: number }>("SELECT count(*) AS n FROM events"))!.n : 0;

    // The next range is fetched while the current one is written.
    const fetchFrom = async (from: number): Promise<FetchedRange> => {
      for (;;) {
        const to = Math.min(from + range - 1, head);
        try {
          const fetched = await this.fetchRange(from, to);
          range = Math.min(maxRange, range * 2);
          return fetched;
        } catch (err) {
          if (!isTooManyResults(err) || range === 1) throw err;
          range = Math.max(1, Math.floor(range / 2));
        }
      }
    };

    let next = first <= head ? fetchFrom(first) : undefined;
    while (next) {
      const fetched = await next;
      next = fetched.to < head ? fetchFrom(fetched.to + 1) : undefined;
      // A failed prefetch is reported when awaited; until then it must not count as unhandled.
      next?.catch(() => undefined);
      const written = await this.commit(fetched);
      events += written;
      totalEvents += written;
      ranges++;
      this.options.onProgress?.({ fromBlock: fetched.from, toBlock: fetched.to, headBlock: head, events: written, totalEvents });
      if (this.options.throttleMs && next) await sleep(this.options.throttleMs);
    }
    return { fromBlock: first, toBlock: head, events, ranges, seconds: (performance.now() - started) / 1000, chain: await indexedChain(sql) };
  }

  /** Polls for new blocks until `signal` aborts. */
  async follow(signal: AbortSignal, pollMs = 2_000, onSynced?: (result: SyncResult) => void): Promise<void> {
    while (!signal.aborted) {
      const result = await this.syncOnce();
      onSynced?.(result);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  private async fetchRange(from: number, to: number): Promise<FetchedRange> {
    const logs = await this.rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: hex(from), toBlock: hex(to), address: this.decoder.addresses }]);
    const live = logs.filter((l) => !l.removed);
    const blocks = [...new Set([...live.map((l) => Number(l.blockNumber)), to])];
    const headers = await this.rpc.batch<{ timestamp: string; hash: string } | null>(blocks.map((b) => ({ method: "eth_getBlockByNumber", params: [hex(b), false] })));
    const times = new Map<number, number>();
    const hashes = new Map<number, string>();
    blocks.forEach((b, i) => {
      if (!headers[i]) throw new ReorganisedWhileReading(`block ${b} not found`);
      times.set(b, Number(headers[i]!.timestamp));
      hashes.set(b, headers[i]!.hash);
    });
    const stale = live.find((l) => l.blockHash !== hashes.get(Number(l.blockNumber)));
    if (stale) throw new ReorganisedWhileReading(`block ${Number(stale.blockNumber)} changed while it was read`);
    // Relayed attestations: the signature is in the transaction input, not in the event.
    const attestationRegistry = this.options.deployment.contracts.AttestationRegistry.address.toLowerCase();
    const relayedTxs = new Set<string>();
    for (const log of live) {
      if (log.address.toLowerCase() !== attestationRegistry) continue;
      const event = this.decoder.decode(log, 0);
      if (event.contract === "AttestationRegistry" && event.name === "Attested" && event.args.relayer !== event.args.attester) relayedTxs.add(log.transactionHash.toLowerCase());
    }
    const txHashes = [...relayedTxs];
    const txs = await this.rpc.batch<{ input: Hex } | null>(txHashes.map((h) => ({ method: "eth_getTransactionByHash", params: [h] })));
    const relayed = new Map<string, Hex>();
    txHashes.forEach((h, i) => txs[i] && relayed.set(h, txs[i]!.input));
    return { from, to, logs: live, times, hashes, relayed };
  }

  /** Writes one fetched range, its derived rows and the cursor in one transaction; answers the events written. */
  private async commit(fetched: FetchedRange): Promise<number> {
    const events = fetched.logs
      .map((log) => this.decoder.decode(log, fetched.times.get(Number(log.blockNumber))!))
      .sort((x, y) => x.blockNumber - y.blockNumber || x.logIndex - y.logIndex);
    try {
      await this.write(async (tx) => {
        await insertRows(
          tx,
          "events",
          EVENT_COLUMNS,
          events.map((e) => [e.blockNumber, e.logIndex, e.txHash, e.blockTime, e.contract, e.name, loanIdOf(e), argsToJson(e.args)]),
        );
        await insertRows(
          tx,
          "event_accounts",
          ["block_number", "log_index", "arg", "account"],
          events.flatMap((e) => accountArgsOf(e).map(([arg, account]) => [e.blockNumber, e.logIndex, arg, account])),
        );
        await this.store.load(tx, events);
        for (const e of events) {
          applyEvent(this.store, e, e.contract === "AttestationRegistry" && e.name === "Attested" ? relayedCallOf(e, fetched.relayed.get(e.txHash)) : undefined);
        }
        await this.store.flush(tx);
        await recordBlocks(tx, [...fetched.hashes].map(([number, hash]) => ({ number, hash, time: fetched.times.get(number)! })));
        await setCursor(tx, { lastBlock: fetched.to, lastBlockTime: fetched.times.get(fetched.to)! });
      });
    } catch (err) {
      this.store.clear();
      throw err;
    }
    return events.length;
  }
}

const EVENT_COLUMNS = ["block_number", "log_index", "tx_hash", "block_time", "contract", "name", "loan_id", "args"];

/** The chain changed under a sync between two of its reads: the sync checks the chain again and retries. */
class ReorganisedWhileReading extends Error {}

/**
 * The nonce, deadline and signature of the attestBySignature call that produced a relayed Attested event, when
 * the transaction called the registry directly with exactly this request. A call made through another contract
 * leaves them unknown, and the audit says so.
 */
export function relayedCallOf(event: LedgerEventOf<"AttestationRegistry", "Attested">, input: Hex | undefined): RelayedCall | undefined {
  if (!input || event.args.relayer === event.args.attester) return undefined;
  try {
    const call = decodeFunctionData({ abi: attestationRegistryAbi, data: input });
    if (call.functionName !== "attestBySignature") return undefined;
    const [request, attester, nonce, deadline, signature] = call.args;
    const a = event.args;
    const same =
      attester.toLowerCase() === a.attester &&
      request.kind === a.kind &&
      request.subject.toLowerCase() === a.subject.toLowerCase() &&
      request.value === a.value &&
      request.dataHash.toLowerCase() === a.dataHash.toLowerCase() &&
      request.refUID.toLowerCase() === a.refUID.toLowerCase() &&
      request.expiresAt === a.expiresAt;
    return same ? { nonce, deadline, signature } : undefined;
  } catch {
    return undefined;
  }
}

/** Syncs the index of `options.deployment` once to the chain head. */
export async function syncOnce(options: SyncOptions): Promise<SyncResult> {
  const indexer = new Indexer(options);
  try {
    return await indexer.syncOnce();
  } finally {
    await indexer.close();
  }
}
