import { createPublicClient, http, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import type { Deployment } from "../../lib/deployments";
import { indexedChain, verifyIndexedChain } from "../chain";
import { getCursor, type Db } from "../db";
import { RpcClient } from "../rpc";
import { committeeHistory } from "../committee";
import type { MemoryStore } from "../ledger";
import { checkAgainstChain } from "./chain";
import { checkClaims } from "./claims";
import { checkConsistency } from "./consistency";
import { Findings, RULES, type Finding, type RuleName } from "./findings";
import { replay } from "./replay";
import { checkSignatures } from "./signatures";
import type { AuditResult } from "../wire";

export { RULES, type AuditResult, type Finding, type RuleName };

export interface AuditOptions {
  db: Db;
  deployment: Deployment;
  rpcUrl: string;
  /** Compare every investor position with the chain (default true). */
  positionsOnChain?: boolean;
}

/**
 * The regulator's audit: rebuilds the ledger from the index's raw events, checks the lifecycle, listing,
 * entitlement, signature and committee rules, compares the derived tables with the rebuild, and the rebuild with the
 * chain at the indexed head block.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult & { store: MemoryStore }> {
  const started = performance.now();
  const { db, deployment } = options;
  const cursor = getCursor(db);
  if (!cursor) throw new Error("the index is empty: run `smefin index` first");
  // Nothing is read from the chain at the indexed block unless the chain still has that block.
  await verifyIndexedChain(db, new RpcClient(options.rpcUrl, { retries: 3 }), deployment, db.name);
  const client = createPublicClient({
    chain: buildChain({ id: deployment.chainId, rpcUrl: options.rpcUrl }),
    transport: http(options.rpcUrl, { batch: { batchSize: 1_000 }, retryCount: 5 }),
  }) as PublicClient;

  const findings = new Findings();
  const { store, events } = replay(db, findings, deployment);
  checkClaims(store, findings);
  checkConsistency(db, store, findings);
  await checkAgainstChain(client, deployment, store, cursor.lastBlock, findings, { positions: options.positionsOnChain ?? true });
  await checkSignatures(client, deployment, db, findings);

  const list = findings.list;
  return {
    ok: !list.some((f) => f.severity === "error"),
    network: deployment.network,
    chainId: deployment.chainId,
    chain: indexedChain(db),
    headBlock: cursor.lastBlock,
    headTime: cursor.lastBlockTime,
    events,
    findings: list,
    rules: (Object.keys(RULES) as RuleName[]).map((rule) => ({
      rule,
      description: RULES[rule],
      checks: findings.checked.get(rule) ?? 0,
      errors: list.filter((f) => f.rule === rule && f.severity === "error").length,
      warnings: list.filter((f) => f.rule === rule && f.severity === "warning").length,
    })),
    committee: committeeHistory(db),
    seconds: (performance.now() - started) / 1000,
    store,
  };
}
