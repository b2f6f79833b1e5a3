import { createPublicClient, http, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import type { Deployment } from "../../lib/deployments";
import { indexedChain, verifyIndexedChain } from "../chain";
import { getCursor } from "../db";
import type { Sql } from "../sql";
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
  /** The index; run the audit inside one read-only transaction of it for one consistent snapshot (auditRun.ts). */
  sql: Sql;
  deployment: Deployment;
  rpcUrl: string;
  /** Compare every investor position with the chain (default true). */
  positionsOnChain?: boolean;
}

/**
 * The regulator's audit: rebuilds the ledger from the index's raw events, checks the lifecycle, listing,
 * entitlement, signature and committee rules, compares the derived tables with the rebuild, and the rebuild with the
 * chain at the indexed head block. One pass over the events, a page at a time: the memory it needs grows with the
 * ledger's state (loans, positions, participants, attestations), not with its history.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult & { store: MemoryStore }> {
  const started = performance.now();
  const { sql, deployment } = options;
  const cursor = await getCursor(sql);
  if (!cursor) throw new Error("the index is empty: run `smefin index` first");
  // Nothing is read from the chain at the indexed block unless the chain still has that block.
  await verifyIndexedChain(sql, new RpcClient(options.rpcUrl, { retries: 3 }), deployment, sql.location ?? "");
  const client = createPublicClient({
    chain: buildChain({ id: deployment.chainId, rpcUrl: options.rpcUrl }),
    transport: http(options.rpcUrl, { batch: { batchSize: 1_000 }, retryCount: 5 }),
  }) as PublicClient;

  const findings = new Findings();
  const { store, events } = await replay(sql, findings, deployment);
  checkClaims(store, findings);
  await checkConsistency(sql, store, findings);
  await checkAgainstChain(client, deployment, store, cursor.lastBlock, findings, { positions: options.positionsOnChain ?? true });
  await checkSignatures(client, deployment, sql, findings);

  const list = findings.list;
  return {
    ok: !list.some((f) => f.severity === "error"),
    network: deployment.network,
    chainId: deployment.chainId,
    chain: await indexedChain(sql),
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
    committee: await committeeHistory(sql),
    seconds: (performance.now() - started) / 1000,
    store,
  };
}
