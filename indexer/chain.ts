import { keccak256, type Hex } from "viem";
import { LOCAL_CHAIN_ID } from "../lib/chain";
import { CONTRACT_NAMES, type Deployment } from "../lib/deployments";
import { getCursor, getMeta, setMeta } from "./db";
import { insertRows, type Sql } from "./sql";
import type { RpcClient } from "./rpc";
import type { IndexedChain } from "./wire";

/**
 * Which chain the index belongs to. The index records the chain's id and genesis hash, the code at the
 * deployment's addresses, and the hashes of the last BLOCK_WINDOW blocks it has read (every block with events
 * and the end of every block range). Before each sync and audit, the chain is asked for the same:
 *
 * - the same chain, at or past the cursor: carry on;
 * - the same chain, but the cursor block's hash has changed (or the chain is shorter than the cursor): a
 *   reorganisation; the index rolls back to the newest recorded block the chain still has, and syncs forward;
 * - another chain (another genesis, other code at the addresses, another deployment, an index that recorded
 *   no chain, or no recorded block that the chain still has): the index is rebuilt from the start on the local
 *   development chain, and refused anywhere else with a sentence saying how to rebuild it.
 */

/** How many block hashes the index keeps for finding the last common block of a reorganisation. */
export const BLOCK_WINDOW = 64;

/** What the chain answers about itself. */
export interface ChainFacts {
  chainId: number;
  genesisHash: Hex;
  head: number;
  codeHashes: Record<string, Hex>;
}

export type { IndexedChain };

/** The index belongs to a chain other than the one its node serves; the message says what to do. */
export class OtherChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OtherChainError";
  }
}

export type ChainCheck =
  | { kind: "empty" }
  | { kind: "same" }
  | { kind: "reorg"; commonBlock: number }
  | { kind: "other"; reason: string };

const short = (hash: string) => `${hash.slice(0, 10)}…`;

/** The identity of a deployment as the index records it: chain id and the four addresses. */
export function deploymentIdentity(deployment: Deployment): string {
  return JSON.stringify({ chainId: deployment.chainId, contracts: CONTRACT_NAMES.map((n) => deployment.contracts[n].address.toLowerCase()) });
}

/** Whether an index of another chain may be rebuilt without asking: only on the local development chain. */
export const isLocalChain = (chainId: number) => chainId === LOCAL_CHAIN_ID;

/** Asks the node for its chain id, genesis, head and the code at the deployment's addresses (one batch). */
export async function chainFacts(rpc: RpcClient, deployment: Deployment): Promise<ChainFacts> {
  const [chainId, genesis, head, ...codes] = await rpc.batch<any>([
    { method: "eth_chainId", params: [] },
    { method: "eth_getBlockByNumber", params: ["0x0", false] },
    { method: "eth_blockNumber", params: [] },
    ...CONTRACT_NAMES.map((name) => ({ method: "eth_getCode", params: [deployment.contracts[name].address, "latest"] })),
  ]);
  const facts: ChainFacts = { chainId: Number(chainId), genesisHash: genesis.hash, head: Number(head), codeHashes: {} };
  if (facts.chainId !== deployment.chainId) {
    throw new Error(`the node at ${rpc.url} serves chain ${facts.chainId}, but the deployment of ${deployment.network} is on chain ${deployment.chainId}: point at the right node or deployment`);
  }
  CONTRACT_NAMES.forEach((name, i) => {
    if (!codes[i] || codes[i] === "0x") {
      throw new Error(
        `no ${name} contract at ${deployment.contracts[name].address} on chain ${facts.chainId} (${rpc.url}, genesis ${short(facts.genesisHash)}): the deployment of ${deployment.network} does not belong to this chain; deploy again or point at the right node`,
      );
    }
    facts.codeHashes[name] = keccak256(codes[i]);
  });
  return facts;
}

/** The recorded block hashes, newest first. */
function recordedBlocks(sql: Sql): Promise<{ number: number; hash: string; time: number }[]> {
  return sql.all<{ number: number; hash: string; time: number }>("SELECT number, hash, time FROM blocks ORDER BY number DESC");
}

/** Compares what the index recorded with what the chain answers now. */
export async function checkChain(sql: Sql, rpc: RpcClient, deployment: Deployment, facts: ChainFacts): Promise<ChainCheck> {
  const recordedDeployment = await getMeta(sql, "deployment");
  const cursor = await getCursor(sql);
  if (recordedDeployment === undefined && !cursor) return { kind: "empty" };
  if (recordedDeployment !== undefined && recordedDeployment !== deploymentIdentity(deployment)) {
    return { kind: "other", reason: `it was built for another deployment (${recordedDeployment})` };
  }
  const genesis = await getMeta(sql, "genesisHash");
  if (genesis === undefined) return { kind: "other", reason: "it does not record which chain it was built from" };
  if (genesis !== facts.genesisHash) return { kind: "other", reason: `it was built from the chain with genesis ${short(genesis)}, the node's genesis is ${short(facts.genesisHash)}` };
  const codes = JSON.parse((await getMeta(sql, "codeHashes")) ?? "{}") as Record<string, string>;
  const changed = CONTRACT_NAMES.filter((name) => codes[name] !== facts.codeHashes[name]);
  if (changed.length) return { kind: "other", reason: `the code at the address of ${changed.join(", ")} is not the code it was built from` };
  if (!cursor) return { kind: "same" };

  const blocks = await recordedBlocks(sql);
  if (blocks.length === 0) return { kind: "other", reason: "it records no block hash to compare with the chain" };
  const hashesOnChain = async (numbers: number[]) => {
    const headers = await rpc.batch<{ hash: string } | null>(numbers.map((n) => ({ method: "eth_getBlockByNumber", params: [`0x${n.toString(16)}`, false] })));
    return headers.map((h) => h?.hash);
  };
  const [newest] = blocks;
  if (newest.number <= facts.head && (await hashesOnChain([newest.number]))[0] === newest.hash) return { kind: "same" };
  // A reorganisation, or another chain: the newest recorded block the chain still has is the last common block.
  const candidates = blocks.filter((b) => b.number <= facts.head);
  const onChain = await hashesOnChain(candidates.map((b) => b.number));
  const common = candidates.find((b, i) => onChain[i] === b.hash);
  if (common) return { kind: "reorg", commonBlock: common.number };
  return {
    kind: "other",
    reason:
      cursor.lastBlock > facts.head
        ? `it is at block ${cursor.lastBlock}, past the chain's head ${facts.head}, and none of its last ${blocks.length} block hashes is on the chain`
        : `none of its last ${blocks.length} block hashes (down to block ${blocks[blocks.length - 1].number}) is on the chain`,
  };
}

/** Records the chain an empty (or just emptied) index is about to be built from. */
export async function recordChain(sql: Sql, deployment: Deployment, facts: ChainFacts, startBlock: number): Promise<void> {
  await sql.transaction(async (tx) => {
    await setMeta(tx, "deployment", deploymentIdentity(deployment));
    await setMeta(tx, "network", deployment.network);
    await setMeta(tx, "startBlock", String(startBlock));
    await setMeta(tx, "chainId", String(facts.chainId));
    await setMeta(tx, "genesisHash", facts.genesisHash);
    await setMeta(tx, "codeHashes", JSON.stringify(facts.codeHashes));
  });
}

/** Records the hashes of blocks just indexed, keeping the newest BLOCK_WINDOW; call inside the range's transaction. */
export async function recordBlocks(sql: Sql, blocks: { number: number; hash: string; time: number }[]): Promise<void> {
  // Only the newest BLOCK_WINDOW can be kept: a range of thousands of blocks with events writes no more than those.
  const newest = [...blocks].sort((x, y) => y.number - x.number).slice(0, BLOCK_WINDOW);
  await insertRows(sql, "blocks", ["number", "hash", "time"], newest.map((b) => [b.number, b.hash, b.time]), ["number"]);
  await sql.run("DELETE FROM blocks WHERE number NOT IN (SELECT number FROM blocks ORDER BY number DESC LIMIT ?)", [BLOCK_WINDOW]);
}

/** The sentence a refused index answers with: what is wrong and the command that fixes it. */
export function otherChainMessage(indexFile: string, reason: string, rpcUrl: string, facts: ChainFacts): string {
  return (
    `The ledger index ${indexFile} belongs to another chain: ${reason}. It is not used. ` +
    `Run \`smefin index --rebuild\` to rebuild it from the chain at ${rpcUrl} (chain ${facts.chainId}, genesis ${short(facts.genesisHash)}), or point at the node it was built from.`
  );
}

/** The chain and block the index names: what the audit and the explorer show beside their answers. */
export async function indexedChain(sql: Sql): Promise<IndexedChain> {
  const cursor = await getCursor(sql);
  const chainId = await getMeta(sql, "chainId");
  const hash = cursor ? (await sql.get<{ hash: string }>("SELECT hash FROM blocks WHERE number = ?", [cursor.lastBlock]))?.hash : undefined;
  return {
    chainId: chainId === undefined ? null : Number(chainId),
    genesisHash: (await getMeta(sql, "genesisHash")) ?? null,
    block: cursor ? { number: cursor.lastBlock, hash: hash ?? null, time: cursor.lastBlockTime } : null,
  };
}

/**
 * Confirms, without writing, that the index still describes the chain its node serves at its cursor block;
 * throws the sentence otherwise. The audit calls it before reading the chain at the indexed block.
 */
export async function verifyIndexedChain(sql: Sql, rpc: RpcClient, deployment: Deployment, indexFile: string): Promise<void> {
  const facts = await chainFacts(rpc, deployment);
  const check = await checkChain(sql, rpc, deployment, facts);
  if (check.kind === "other") throw new OtherChainError(otherChainMessage(indexFile, check.reason, rpc.url, facts));
  if (check.kind === "reorg") {
    const cursor = (await getCursor(sql))!;
    throw new OtherChainError(
      `The ledger index ${indexFile} is at block ${cursor.lastBlock}, which the chain at ${rpc.url} no longer has (it reorganised after block ${check.commonBlock}): run \`smefin index\` to bring the index up to date first.`,
    );
  }
}

/** Whether the chain still has `block` (number and hash): an audit of a block the chain no longer has is not shown. */
export async function isOnChain(rpc: RpcClient, block: { number: number; hash: string | null } | null | undefined): Promise<boolean> {
  if (!block?.hash) return false;
  const header = await rpc.call<{ hash: string } | null>("eth_getBlockByNumber", [`0x${block.number.toString(16)}`, false]);
  return header?.hash === block.hash;
}
