import { tablePages, type Sql } from "../sql";
import type { MemoryStore } from "../ledger";
import { approvalFromDb, attestationFromDb, committeeSettingFromDb, loanFromDb, participantFromDb, positionFromDb, proposalFromDb } from "../store";
import type { Findings } from "./findings";

const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/** Fields that differ between two rows, as "field: index X, events Y". */
function differences(indexed: Record<string, unknown>, rebuilt: Record<string, unknown>, skip: string[] = []): string[] {
  const out: string[] = [];
  for (const key of Object.keys(rebuilt)) {
    if (skip.includes(key)) continue;
    if (json(indexed[key]) !== json(rebuilt[key])) out.push(`${key}: index ${json(indexed[key])}, events ${json(rebuilt[key])}`);
  }
  return out;
}

/** index.consistency: the derived tables equal the rebuild from the raw events, row for row (read a page at a time). */
export async function checkConsistency(sql: Sql, store: MemoryStore, findings: Findings): Promise<void> {
  const rule = "index.consistency";
  const compare = async <R>(table: string, key: string[], fromDb: (r: any) => R, keyOf: (r: R) => string, rebuilt: Map<string, R>, about: (r: R) => object, skip: string[] = []) => {
    const seen = new Set<string>();
    for await (const rows of tablePages(sql, table, key)) {
      for (const raw of rows) {
        const row = fromDb(raw);
        const k = keyOf(row);
        seen.add(k);
        findings.check(rule);
        const expected = rebuilt.get(k);
        if (!expected) {
          findings.error(rule, `${table} row ${k} has no source in the events`, about(row));
          continue;
        }
        const diff = differences(row as Record<string, unknown>, expected as Record<string, unknown>, skip);
        if (diff.length) findings.error(rule, `${table} row ${k} differs from the events: ${diff.join("; ")}`, about(row));
      }
    }
    for (const [k, row] of rebuilt) if (!seen.has(k)) findings.error(rule, `${table} lacks row ${k} that the events create`, about(row));
  };

  await compare("loans", ["id"], loanFromDb, (l) => String(l.id), new Map([...store.loans].map(([k, v]) => [String(k), v])), (l) => ({ loan: l.id }));
  await compare("positions", ["loan_id", "investor"], positionFromDb, (p) => `${p.loanId}:${p.investor}`, store.positions, (p) => ({ loan: p.loanId, participant: p.investor }));
  await compare("participants", ["account"], participantFromDb, (p) => p.account, store.participants, (p) => ({ participant: p.account }));
  // The relayed call's nonce, deadline and signature come from transaction input, not events: the signature rule checks them.
  await compare("attestations", ["uid"], attestationFromDb, (a) => a.uid, store.attestations, (a) => ({ attestation: a.uid }), ["nonce", "deadline", "signature"]);
  await compare(
    "balances",
    ["account"],
    (r: any) => ({ account: r.account as string, balance: BigInt(r.balance) }),
    (b) => b.account,
    new Map([...store.balances].map(([account, balance]) => [account, { account, balance }])),
    (b) => ({ participant: b.account }),
  );
  await compare("proposals", ["id"], proposalFromDb, (p) => String(p.id), new Map([...store.proposals].map(([k, v]) => [String(k), v])), (p) => ({ proposal: p.id }));
  await compare(
    "proposal_approvals",
    ["proposal_id", "member"],
    approvalFromDb,
    (a) => `${a.proposalId}:${a.member}`,
    new Map([...store.approvals.values()].flat().map((a) => [`${a.proposalId}:${a.member}`, a])),
    (a) => ({ proposal: a.proposalId, participant: a.member }),
  );
  await compare(
    "committee_settings",
    ["block_number", "log_index"],
    committeeSettingFromDb,
    (c) => `${c.blockNumber}:${c.logIndex}`,
    new Map(store.committeeSettings.map((c) => [`${c.blockNumber}:${c.logIndex}`, c])),
    () => ({}),
  );
  const count = async (table: string) => (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  const policies = await count("policies");
  const movements = await count("movements");
  if (policies !== store.policies.length) findings.error(rule, `policies has ${policies} rows, the events set ${store.policies.length}`);
  if (movements !== store.movements) findings.error(rule, `movements has ${movements} rows, the events book ${store.movements}`);
}
