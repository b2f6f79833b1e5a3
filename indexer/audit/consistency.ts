import type { Db } from "../db";
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

/** index.consistency: the derived tables equal the rebuild from the raw events, row for row. */
export function checkConsistency(db: Db, store: MemoryStore, findings: Findings): void {
  const rule = "index.consistency";
  const compare = <R>(table: string, rows: any[], fromDb: (r: any) => R, keyOf: (r: R) => string, rebuilt: Map<string, R>, about: (r: R) => object, skip: string[] = []) => {
    const seen = new Set<string>();
    for (const raw of rows) {
      const row = fromDb(raw);
      const key = keyOf(row);
      seen.add(key);
      findings.check(rule);
      const expected = rebuilt.get(key);
      if (!expected) {
        findings.error(rule, `${table} row ${key} has no source in the events`, about(row));
        continue;
      }
      const diff = differences(row as Record<string, unknown>, expected as Record<string, unknown>, skip);
      if (diff.length) findings.error(rule, `${table} row ${key} differs from the events: ${diff.join("; ")}`, about(row));
    }
    for (const [key, row] of rebuilt) if (!seen.has(key)) findings.error(rule, `${table} lacks row ${key} that the events create`, about(row));
  };

  compare("loans", db.prepare("SELECT * FROM loans").all(), loanFromDb, (l) => String(l.id), new Map([...store.loans].map(([k, v]) => [String(k), v])), (l) => ({ loan: l.id }));
  compare("positions", db.prepare("SELECT * FROM positions").all(), positionFromDb, (p) => `${p.loanId}:${p.investor}`, store.positions, (p) => ({ loan: p.loanId, participant: p.investor }));
  compare("participants", db.prepare("SELECT * FROM participants").all(), participantFromDb, (p) => p.account, store.participants, (p) => ({ participant: p.account }));
  // The relayed call's nonce, deadline and signature come from transaction input, not events: the signature rule checks them.
  compare("attestations", db.prepare("SELECT * FROM attestations").all(), attestationFromDb, (a) => a.uid, store.attestations, (a) => ({ attestation: a.uid }), ["nonce", "deadline", "signature"]);
  compare(
    "balances",
    db.prepare("SELECT * FROM balances").all(),
    (r: any) => ({ account: r.account as string, balance: BigInt(r.balance) }),
    (b) => b.account,
    new Map([...store.balances].map(([account, balance]) => [account, { account, balance }])),
    (b) => ({ participant: b.account }),
  );
  compare("proposals", db.prepare("SELECT * FROM proposals").all(), proposalFromDb, (p) => String(p.id), new Map([...store.proposals].map(([k, v]) => [String(k), v])), (p) => ({ proposal: p.id }));
  compare(
    "proposal_approvals",
    db.prepare("SELECT * FROM proposal_approvals").all(),
    approvalFromDb,
    (a) => `${a.proposalId}:${a.member}`,
    new Map([...store.approvals.values()].flat().map((a) => [`${a.proposalId}:${a.member}`, a])),
    (a) => ({ proposal: a.proposalId, participant: a.member }),
  );
  compare(
    "committee_settings",
    db.prepare("SELECT * FROM committee_settings").all(),
    committeeSettingFromDb,
    (c) => `${c.blockNumber}:${c.logIndex}`,
    new Map(store.committeeSettings.map((c) => [`${c.blockNumber}:${c.logIndex}`, c])),
    () => ({}),
  );
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  if (count("policies") !== store.policies.length) findings.error(rule, `policies has ${count("policies")} rows, the events set ${store.policies.length}`);
  if (count("movements") !== store.movements) findings.error(rule, `movements has ${count("movements")} rows, the events book ${store.movements}`);
}
