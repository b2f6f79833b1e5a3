import "server-only";
import { getAddress, isHex, numberToHex, parseTransaction, recoverTransactionAddress, type Address, type Hex, type TransactionSerialized } from "viem";
import { CONTRACT_NAMES, type Deployment } from "@lib/deployments";
import { LOG_BLOCK_WINDOW } from "@lib/logWindows";
import { rpcUrl } from "./env";
import { TokenBuckets } from "./rateLimit";

/**
 * The policy of the browser's JSON-RPC relay (/api/rpc): what a wallet and the app's pages need of the chain and
 * nothing else. Anonymous visitors learn the chain id; signed-in participants read the chain, fetch the platform
 * contracts' logs over a bounded range and send transactions they signed themselves. Node administration, test
 * controls, tracing, mempool and any signing by the node are refused before the node sees them.
 */

/** Read methods a wallet and the app's pages use, and the one way to write: a transaction the wallet signed. */
export const RELAYED_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_estimateGas",
  "eth_getBalance",
  "eth_getCode",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_getTransactionByHash",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_gasPrice",
  "eth_feeHistory",
  "eth_maxPriorityFeePerGas",
  "eth_getLogs",
  "eth_sendRawTransaction",
]);
/** What anyone may ask, answered from the deployment without the node. */
export const ANONYMOUS_METHODS: ReadonlySet<string> = new Set(["eth_chainId", "net_version"]);
export const MAX_BATCH = 50;
/** Per session: a burst of this many calls, then this many a second. */
export const RATE_BURST = 600;
export const RATE_PER_SECOND = 60;

const buckets = ((globalThis as { __smefinRelayBuckets?: TokenBuckets }).__smefinRelayBuckets ??= new TokenBuckets(RATE_BURST, RATE_PER_SECOND));

/** Who is asking: `address` set for a signed-in account the registry lets use the relay. */
export interface RelayCaller {
  /** The session's key (rate limits); undefined for anonymous visitors. */
  session?: string;
  /** The signed-in account, when it may read and send through the relay. */
  participant?: Address;
}

type RpcError = { code: number; message: string };
type Answer = { jsonrpc: "2.0"; id: unknown; result?: unknown; error?: RpcError };
type Call = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  /** EIP-1474 "limit exceeded". */
  limitExceeded: -32005,
  /** EIP-1193 "unauthorized". */
  unauthorized: 4100,
} as const;

const failure = (id: unknown, code: number, message: string): Answer => ({ jsonrpc: "2.0", id: id ?? null, error: { code, message } });

export interface RelayAnswer {
  status: number;
  body: Answer | Answer[];
}

/** Answers a JSON-RPC request or batch (`text`, as received) for `caller` on deployment `d`. */
export async function relay(d: Deployment, text: string, caller: RelayCaller): Promise<RelayAnswer> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, body: failure(null, RPC_ERRORS.parse, "the body is not JSON") };
  }
  const batch = Array.isArray(parsed);
  const calls = (batch ? parsed : [parsed]) as Call[];
  if (calls.length === 0) return { status: 400, body: failure(null, RPC_ERRORS.invalidRequest, "an empty batch") };
  if (calls.length > MAX_BATCH) return { status: 400, body: failure(null, RPC_ERRORS.limitExceeded, `a batch carries at most ${MAX_BATCH} calls, not ${calls.length}`) };
  if (caller.session && !buckets.take(caller.session, calls.length)) {
    return { status: 429, body: failure(null, RPC_ERRORS.limitExceeded, `too many calls: at most ${RATE_PER_SECOND} a second for a session`) };
  }

  const answers: (Answer | undefined)[] = new Array(calls.length);
  const forwarded: number[] = [];
  const head = lazyHead();
  await Promise.all(
    calls.map(async (call, i) => {
      const refusal = await refuse(d, call, caller, head);
      if (refusal) answers[i] = refusal;
      else if (call.method === "eth_chainId") answers[i] = { jsonrpc: "2.0", id: call.id ?? null, result: numberToHex(d.chainId) };
      else if (call.method === "net_version") answers[i] = { jsonrpc: "2.0", id: call.id ?? null, result: String(d.chainId) };
      else forwarded.push(i);
    }),
  );
  if (forwarded.length > 0) {
    const results = await toNode(forwarded.map((i) => ({ method: calls[i].method as string, params: calls[i].params ?? [] })));
    forwarded.forEach((i, n) => {
      const r = results[n];
      answers[i] = r.error ? { jsonrpc: "2.0", id: calls[i].id ?? null, error: r.error } : { jsonrpc: "2.0", id: calls[i].id ?? null, result: r.result };
    });
  }
  return { status: 200, body: batch ? (answers as Answer[]) : answers[0]! };
}

/** Why `call` is not relayed for `caller`, as its JSON-RPC answer; undefined when it is. */
async function refuse(d: Deployment, call: Call, caller: RelayCaller, head: () => Promise<bigint>): Promise<Answer | undefined> {
  if (typeof call !== "object" || call === null || typeof call.method !== "string") return failure(call?.id, RPC_ERRORS.invalidRequest, "not a JSON-RPC call");
  const { method, id } = call;
  if (!RELAYED_METHODS.has(method)) return failure(id, RPC_ERRORS.methodNotFound, `${method.slice(0, 64)} is not relayed by this app`);
  if (call.params !== undefined && !Array.isArray(call.params)) return failure(id, RPC_ERRORS.invalidParams, "params must be an array");
  if (ANONYMOUS_METHODS.has(method)) return undefined;
  if (!caller.participant) return failure(id, RPC_ERRORS.unauthorized, "sign in with the wallet of an admitted participant to read the ledger");
  const params = (call.params ?? []) as unknown[];
  if (method === "eth_getLogs") return refuseLogs(d, id, params[0], head);
  if (method === "eth_sendRawTransaction") return refuseTransaction(d, id, params[0], caller.participant);
  return undefined;
}

const contractSet = (d: Deployment) => new Set(CONTRACT_NAMES.map((name) => d.contracts[name].address.toLowerCase()));

async function refuseLogs(d: Deployment, id: unknown, filter: unknown, head: () => Promise<bigint>): Promise<Answer | undefined> {
  if (typeof filter !== "object" || filter === null) return failure(id, RPC_ERRORS.invalidParams, "eth_getLogs takes a filter object");
  const f = filter as { address?: unknown; fromBlock?: unknown; toBlock?: unknown; blockHash?: unknown };
  const addresses = Array.isArray(f.address) ? f.address : [f.address];
  const ours = contractSet(d);
  if (addresses.length === 0 || !addresses.every((a) => typeof a === "string" && ours.has(a.toLowerCase()))) {
    return failure(id, RPC_ERRORS.invalidParams, "eth_getLogs is relayed for the platform's contracts only: name their addresses");
  }
  if (f.blockHash !== undefined) return f.fromBlock === undefined && f.toBlock === undefined ? undefined : failure(id, RPC_ERRORS.invalidParams, "blockHash excludes fromBlock and toBlock");
  let from: bigint | undefined, to: bigint | undefined;
  try {
    [from, to] = [await blockOf(f.fromBlock, head), await blockOf(f.toBlock, head)];
  } catch {
    return failure(id, RPC_ERRORS.internal, "the chain's node does not answer");
  }
  if (from === undefined || to === undefined) return failure(id, RPC_ERRORS.invalidParams, "fromBlock and toBlock are block numbers or tags");
  if (to >= from && to - from + 1n > LOG_BLOCK_WINDOW) return failure(id, RPC_ERRORS.limitExceeded, `eth_getLogs covers at most ${LOG_BLOCK_WINDOW} blocks at a time`);
  return undefined;
}

async function blockOf(tag: unknown, head: () => Promise<bigint>): Promise<bigint | undefined> {
  if (tag === undefined || tag === "latest" || tag === "pending" || tag === "safe" || tag === "finalized") return head();
  if (tag === "earliest") return 0n;
  if (typeof tag === "string" && /^0x[0-9a-fA-F]{1,16}$/.test(tag)) return BigInt(tag);
  return undefined;
}

async function refuseTransaction(d: Deployment, id: unknown, raw: unknown, sender: Address): Promise<Answer | undefined> {
  if (typeof raw !== "string" || !isHex(raw) || raw.length > 2 * 128 * 1024) return failure(id, RPC_ERRORS.invalidParams, "eth_sendRawTransaction takes a signed transaction");
  try {
    const tx = parseTransaction(raw as Hex);
    if (tx.chainId !== d.chainId) return failure(id, RPC_ERRORS.invalidParams, `the transaction is for chain ${tx.chainId ?? "none"}, not ${d.chainId}`);
    const from = await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerialized });
    if (getAddress(from) !== getAddress(sender)) return failure(id, RPC_ERRORS.unauthorized, "only transactions signed by the signed-in account are relayed");
  } catch {
    return failure(id, RPC_ERRORS.invalidParams, "eth_sendRawTransaction takes a signed transaction");
  }
  return undefined;
}

/** The chain head, asked of the node at most once per relayed request. */
function lazyHead(): () => Promise<bigint> {
  let head: Promise<bigint> | undefined;
  return () =>
    (head ??= toNode([{ method: "eth_blockNumber", params: [] }]).then(([r]) => {
      if (typeof r.result !== "string") throw new Error("the chain's node does not answer");
      return BigInt(r.result);
    }));
}

/** Sends calls to the node as one batch; answers their results in order (errors in place of unanswered ones). */
async function toNode(calls: { method: string; params: unknown }[]): Promise<{ result?: unknown; error?: RpcError }[]> {
  const down = calls.map(() => ({ error: { code: RPC_ERRORS.internal, message: "the chain's node does not answer" } }));
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(calls.map((c, i) => ({ jsonrpc: "2.0", id: i, method: c.method, params: c.params }))),
      signal: AbortSignal.timeout(30_000),
    });
    const answers = (await response.json()) as { id: number; result?: unknown; error?: RpcError }[];
    if (!Array.isArray(answers)) return down;
    const byId = new Map(answers.map((a) => [a.id, a]));
    return calls.map((_, i) => {
      const a = byId.get(i);
      return a ? (a.error ? { error: a.error } : { result: a.result }) : down[i];
    });
  } catch {
    return down;
  }
}
