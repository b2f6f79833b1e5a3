/**
 * The large ledger, derived from the real chain's own logs: the loans of the real chain played `copies` times over,
 * each copy with its own loan ids, attestation uids, deposit references and transaction hashes, interleaved block
 * by block (block b of the real chain becomes blocks b*copies .. b*copies + copies - 1, with b's time), and served
 * over JSON-RPC as a chain of its own so that the indexer builds the large index exactly as it builds any other,
 * on SQLite or PostgreSQL, and the app server follows it.
 *
 * What is replicated: every LoanBook event of a loan, every Attested event about a loan, and the DepositToken's
 * transfers and mints (so that each copy's investors hold what they fund). Admissions, policy and the
 * committee stay single: copies share the real chain's participants. Relayed attestations of copies have no
 * transaction input (their signature belonged to the original request), so the index records them without one.
 *
 * Served from the logs: eth_blockNumber, eth_getBlockByNumber, eth_getLogs, and eth_getTransactionByHash for the
 * original transactions; everything else (chain id, genesis, code, calls) is passed to the real chain.
 */
import { createServer, type Server } from "node:http";
import { decodeEventLog, encodeAbiParameters, keccak256, toEventSelector, toHex, concat, type Abi, type AbiEvent, type Hex } from "viem";
import { ABIS } from "../../lib/contracts";
import { CONTRACT_NAMES, type ContractName, type Deployment } from "../../lib/deployments";
import { isLoanSubject, loanSubject } from "../../lib/attestations";
import { RpcClient, type RpcLog } from "../../indexer/rpc";

const hex = (n: number) => `0x${n.toString(16)}`;
const ZERO = `0x${"0".repeat(64)}`;

interface Block {
  hash: Hex;
  timestamp: number;
}

export interface ReplayLedger {
  logs: RpcLog[];
  head: number;
  copies: number;
  loans: number;
  blockTime: (number: number) => number;
  blockHash: (number: number) => Hex;
  deployment: Deployment;
  originalTxs: Set<string>;
}

/** Reads the real chain's logs and block times, and derives the large ledger from them. */
export async function deriveLedger(rpc: RpcClient, deployment: Deployment, copies: number): Promise<ReplayLedger> {
  const head = Number(await rpc.call<string>("eth_blockNumber", []));
  const addresses = CONTRACT_NAMES.map((n) => deployment.contracts[n].address);
  const original: RpcLog[] = [];
  for (let from = 0; from <= head; from += 200) {
    original.push(...(await rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: hex(from), toBlock: hex(Math.min(from + 199, head)), address: addresses }])));
  }
  const times: number[] = [];
  for (let from = 0; from <= head; from += 500) {
    const numbers = Array.from({ length: Math.min(500, head - from + 1) }, (_, i) => from + i);
    const blocks = await rpc.batch<{ timestamp: string }>(numbers.map((n) => ({ method: "eth_getBlockByNumber", params: [hex(n), false] })));
    blocks.forEach((b, i) => (times[numbers[i]] = Number(b.timestamp)));
  }
  const contractOf = new Map(CONTRACT_NAMES.map((n) => [deployment.contracts[n].address.toLowerCase(), n] as const));
  const names = eventNames();
  const loans = original.filter((l) => names.get(`${contractOf.get(l.address.toLowerCase())}:${l.topics[0]}`) === "LoanPublished").length;

  const blockHash = (n: number) => keccak256(toHex(`smefin scale benchmark block ${n}`));
  const logs: RpcLog[] = [];
  for (const log of original) {
    const contract = contractOf.get(log.address.toLowerCase())!;
    const b = Number(log.blockNumber);
    for (let k = 0; k < copies; k++) {
      const mapped = k === 0 ? log : remap(contract, log, k, loans, names);
      if (!mapped) continue;
      const number = b * copies + k;
      logs.push({ ...mapped, blockNumber: hex(number) as Hex, blockHash: blockHash(number), transactionHash: k === 0 ? log.transactionHash : keccak256(concat([log.transactionHash, toHex(k, { size: 32 })])) });
    }
  }
  logs.sort((x, y) => Number(x.blockNumber) - Number(y.blockNumber) || Number(x.logIndex) - Number(y.logIndex));
  const scaled: Deployment = {
    ...deployment,
    contracts: Object.fromEntries(CONTRACT_NAMES.map((n) => [n, { ...deployment.contracts[n], blockNumber: deployment.contracts[n].blockNumber * copies }])) as Deployment["contracts"],
  };
  return {
    logs,
    head: head * copies + copies - 1,
    copies,
    loans: loans * copies,
    blockTime: (n) => times[Math.floor(n / copies)],
    blockHash,
    deployment: scaled,
    originalTxs: new Set(original.map((l) => l.transactionHash.toLowerCase())),
  };
}

function decode(contract: ContractName, log: RpcLog): { eventName: string; args: Record<string, unknown> } | undefined {
  try {
    return decodeEventLog({ abi: ABIS[contract] as Abi, topics: log.topics as [Hex, ...Hex[]], data: log.data }) as any;
  } catch {
    return undefined;
  }
}

const other = (value: Hex, k: number): Hex => keccak256(concat([value, toHex(k, { size: 32 })]));

const word = (n: bigint): Hex => `0x${n.toString(16).padStart(64, "0")}`;

/**
 * Copy `k` of a log (its loan id moved by k * loans, its uids and deposit references its own), or none. The
 * fields sit at fixed places (the loan id is the first indexed argument of every loan event; an attestation's
 * uid and subject are topics, its refUID the fourth word of the data; a deposit reference is a topic), so they are
 * replaced in place; only a listing's array of attestation uids is decoded and encoded again.
 */
function remap(contract: ContractName, log: RpcLog, k: number, loans: number, names: Map<string, string>): RpcLog | undefined {
  const name = names.get(`${contract}:${log.topics[0]}`);
  if (!name) return undefined;
  const offset = BigInt(k * loans);
  const topics = [...log.topics] as Hex[];
  let data = log.data;
  if (contract === "LoanBook") {
    if (log.topics.length < 2 || !LOAN_EVENTS.has(name)) return undefined;
    topics[1] = word(BigInt(topics[1]) + offset);
    if (name === "LoanListed") {
      const event = decode(contract, log)!;
      const args = { ...event.args, attestations: (event.args.attestations as Hex[]).map((uid) => other(uid, k)) };
      const item = (ABIS.LoanBook as Abi).find((x): x is AbiEvent => x.type === "event" && x.name === "LoanListed")!;
      const body = item.inputs.filter((i) => !i.indexed);
      data = encodeAbiParameters(body, body.map((i) => (args as Record<string, unknown>)[i.name!]));
    }
  } else if (contract === "AttestationRegistry") {
    if (name !== "Attested" || !isLoanSubject(topics[3])) return undefined;
    topics[1] = other(topics[1], k);
    topics[3] = loanSubject(BigInt(topics[3]) + offset);
    const refUID = `0x${data.slice(2 + 64 * 3, 2 + 64 * 4)}` as Hex;
    if (refUID !== ZERO) data = `${data.slice(0, 2 + 64 * 3)}${other(refUID, k).slice(2)}${data.slice(2 + 64 * 4)}` as Hex;
  } else if (contract === "DepositToken") {
    // Money only: approvals and the proxy's own events (its upgrade at deployment) belong to the real chain once.
    if (name !== "Transfer" && name !== "Minted") return undefined;
    if (name === "Minted") topics[2] = other(topics[2], k);
  } else {
    return undefined;
  }
  return { ...log, topics, data };
}

/** The LoanBook events about one loan (its id the first indexed argument). */
const LOAN_EVENTS = new Set(
  (ABIS.LoanBook as Abi)
    .filter((x): x is AbiEvent => x.type === "event" && x.inputs[0]?.name === "id" && x.inputs[0]?.indexed === true && x.inputs[0]?.type === "uint256")
    .map((x) => x.name),
);

/** Event names by contract and selector. */
function eventNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const contract of CONTRACT_NAMES) {
    for (const item of ABIS[contract] as Abi) if (item.type === "event") names.set(`${contract}:${toEventSelector(item)}`, item.name);
  }
  return names;
}

/** Serves the large ledger on `port`, passing what it does not hold to the real chain at `upstream`. */
export function serveLedger(ledger: ReplayLedger, port: number, upstream: string): Promise<Server> {
  const first = (n: number) => {
    let lo = 0;
    let hi = ledger.logs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Number(ledger.logs[mid].blockNumber) < n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const block = (n: number): Record<string, unknown> | null =>
    n > ledger.head ? null : { number: hex(n), hash: ledger.blockHash(n), parentHash: n === 0 ? ZERO : ledger.blockHash(n - 1), timestamp: hex(ledger.blockTime(n)), transactions: [] };
  const number = (tag: string) => (tag === "latest" || tag === "safe" || tag === "finalized" || tag === "pending" ? ledger.head : tag === "earliest" ? 0 : Number(tag));
  const pass = async (calls: unknown[]) => {
    const res = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(calls) });
    return (await res.json()) as { id: unknown }[];
  };

  const answer = (call: { id: unknown; method: string; params?: any[] }): unknown | typeof PASS => {
    const p = call.params ?? [];
    switch (call.method) {
      case "eth_blockNumber":
        return hex(ledger.head);
      case "eth_getBlockByNumber": {
        const n = number(p[0]);
        return n === 0 ? PASS : block(n);
      }
      case "eth_getLogs": {
        const filter = p[0] ?? {};
        const from = number(filter.fromBlock ?? "latest");
        const to = Math.min(number(filter.toBlock ?? "latest"), ledger.head);
        const addresses = filter.address ? new Set([filter.address].flat().map((a: string) => a.toLowerCase())) : undefined;
        const topic0 = filter.topics?.[0] ? new Set([filter.topics[0]].flat()) : undefined;
        const out: RpcLog[] = [];
        for (let i = first(from); i < ledger.logs.length && Number(ledger.logs[i].blockNumber) <= to; i++) {
          const log = ledger.logs[i];
          if (addresses && !addresses.has(log.address.toLowerCase())) continue;
          if (topic0 && !topic0.has(log.topics[0])) continue;
          out.push(log);
        }
        return out;
      }
      case "eth_getTransactionByHash":
        return ledger.originalTxs.has(String(p[0]).toLowerCase()) ? PASS : null;
      default:
        return PASS;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const calls = [body].flat() as { id: unknown; method: string; params?: any[] }[];
        const answers = calls.map((c) => ({ call: c, result: answer(c) }));
        const passed = answers.filter((a) => a.result === PASS).map((a) => a.call);
        const upstreamAnswers = passed.length ? new Map((await pass(passed)).map((a) => [JSON.stringify(a.id), a])) : new Map();
        const out = answers.map((a) => (a.result === PASS ? upstreamAnswers.get(JSON.stringify(a.call.id)) : { jsonrpc: "2.0", id: a.call.id, result: a.result }));
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(Array.isArray(body) ? out : out[0]));
      } catch (error) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32603, message: (error as Error).message } }));
      }
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

const PASS = Symbol("pass to the real chain");
