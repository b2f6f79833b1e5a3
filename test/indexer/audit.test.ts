import { expect } from "chai";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, toHex, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import { getContracts } from "../../lib/contracts";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { devSigner } from "../../lib/devAccounts";
import { AttestationKind, LoanState } from "../../lib/enums";
import { accountSubject } from "../../lib/attestations";
import { attestBySignatureArgs, attestTypedData } from "../../lib/typedData";
import { runAudit, type AuditResult } from "../../indexer/audit";
import { openDb, type Db } from "../../indexer/db";
import { syncOnce } from "../../indexer/sync";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { spawnSmefin } from "./helpers";

const PORT = 8549;
const dev = devSigner;

describe("regulator's audit of the ledger index", function () {
  this.timeout(120_000);
  let node: LocalNode;
  let deployment: Deployment;
  let dir: string;
  let dbPath: string;
  let db: Db;

  let copies = 0;
  /** A copy of the honest index in a file of its own. */
  async function copyOf(): Promise<{ copy: Db; path: string }> {
    const path = join(dir, `copy-${++copies}.sqlite`);
    await db.backup(path);
    return { copy: new Database(path), path };
  }

  /** A copy of the honest index, changed by `tamper`, audited. */
  async function auditTampered(tamper: (copy: Db) => void): Promise<AuditResult> {
    const { copy } = await copyOf();
    try {
      tamper(copy);
      return await runAudit({ db: copy, deployment, rpcUrl: node.url });
    } finally {
      copy.close();
    }
  }

  const rulesAbout = (result: AuditResult, about: { loan?: number; attestation?: string }) =>
    result.findings.filter((f) => (about.loan === undefined || f.loan === about.loan) && (about.attestation === undefined || f.attestation === about.attestation)).map((f) => f.rule);

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node, { seed: true });
    process.env.SMEFIN_DEPLOYMENTS_DIR = node.deploymentsDir;
    deployment = requireDeployment("localhost");

    // An identity attestation signed by its agency and relayed by someone else, as `smefin agency relay` does.
    const chain = buildChain({ id: deployment.chainId, rpcUrl: node.url });
    const client = createPublicClient({ chain, transport: http(node.url) }) as PublicClient;
    const agency = dev("identity");
    const relayer = createWalletClient({ account: dev("operator"), chain, transport: http(node.url) });
    const contracts = getContracts(deployment, client, relayer);
    const input = {
      chainId: deployment.chainId,
      registry: deployment.contracts.AttestationRegistry.address,
      attester: agency.address,
      request: { kind: AttestationKind.Identity, subject: accountSubject(dev("enterprise2").address), value: 0n, dataHash: keccak256(toHex("kyc refresh")), refUID: `0x${"0".repeat(64)}` as const, expiresAt: 0 },
      nonce: await contracts.attestations.read.nonces([agency.address]),
      deadline: (await client.getBlock()).timestamp + 3600n,
    };
    const signature = await agency.signTypedData(attestTypedData(input));
    await client.waitForTransactionReceipt({ hash: await contracts.attestations.write.attestBySignature(attestBySignatureArgs(input, signature)) });
    // The operator takes its accrued fees out, so the total check has a withdrawal to account for.
    await client.waitForTransactionReceipt({ hash: await contracts.loanBook.write.withdrawFees() });

    dir = mkdtempSync(join(tmpdir(), "smefin-audit-"));
    dbPath = join(dir, "index.sqlite");
    await syncOnce({ rpcUrl: node.url, deployment, dbPath });
    db = openDb(dbPath);
  });

  after(async function () {
    db?.close();
    delete process.env.SMEFIN_DEPLOYMENTS_DIR;
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("finds the honest seeded chain in order: ok, zero findings, every rule exercised", async function () {
    const result = await runAudit({ db, deployment, rpcUrl: node.url });
    expect(result.findings).to.deep.equal([]);
    expect(result.ok).to.equal(true);
    for (const r of result.rules) expect(r.checks, r.rule).to.be.greaterThan(0);
    // The seed's four relayed reports (insurers and valuers) and the one relayed above.
    expect(result.rules.find((r) => r.rule === "attestation.signature")!.checks).to.equal(5);
  });

  it("smefin audit --json prints ok, events and findings and writes JSON, CSV and an offline HTML report", async function () {
    const out = join(dir, "reports");
    const r = await spawnSmefin(node, ["audit", "--db", dbPath, "--out", out, "--json"]).done;
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).to.equal(true);
    expect(report.events).to.be.greaterThan(400);
    expect(report.findings).to.deep.equal([]);
    for (const f of ["audit.json", "findings.csv", "loans.csv", "movements.csv", "committee.csv", "report.html"]) expect(existsSync(join(out, f)), f).to.equal(true);
    // The seed's committee: a policy change executed after its notice, another approved and waiting.
    expect(report.committee.filter((h: any) => h.action === "executed").length).to.equal(1);
    expect(report.committee.filter((h: any) => h.action === "queued").length).to.equal(2);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect((html.match(/<svg /g) ?? []).length).to.equal(4);
    expect(html).to.not.match(/<script|<link|src=/);
    expect(html).to.include("<h2>Supervisory committee</h2>");
  });

  it("names the loan and the conservation rule when a Repaid amount is changed in the events, and exits non-zero", async function () {
    const row = db.prepare("SELECT block_number, log_index, loan_id FROM events WHERE name = 'Repaid' ORDER BY block_number LIMIT 1").get() as any;
    const tamper = (copy: Db) =>
      copy
        .prepare("UPDATE events SET args = json_set(args, '$.amount', CAST(CAST(json_extract(args, '$.amount') AS INTEGER) + 1000000 AS TEXT), '$.toInvestors', CAST(CAST(json_extract(args, '$.toInvestors') AS INTEGER) + 1000000 AS TEXT)) WHERE block_number = ? AND log_index = ?")
        .run(row.block_number, row.log_index);
    const result = await auditTampered(tamper);
    expect(result.ok).to.equal(false);
    expect(rulesAbout(result, { loan: row.loan_id })).to.include.members(["conservation.loan", "index.consistency"]);
    expect(result.findings.some((f) => f.rule === "conservation.total")).to.equal(true);

    const { copy, path: tamperedPath } = await copyOf();
    tamper(copy);
    copy.close();
    const r = await spawnSmefin(node, ["audit", "--db", tamperedPath, "--out", join(dir, "tampered-reports"), "--json"]).done;
    expect(r.code).to.equal(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).to.equal(false);
    expect(report.findings.some((f: any) => f.rule === "conservation.loan" && f.loan === row.loan_id)).to.equal(true);
  });

  it("breaks the total conservation rule when a fee withdrawal's amount is changed in the events", async function () {
    const row = db.prepare("SELECT block_number, log_index FROM events WHERE name = 'FeesWithdrawn' LIMIT 1").get() as any;
    expect(row, "the operator's withdrawal is in the index").to.not.equal(undefined);
    const result = await auditTampered((copy) =>
      copy
        .prepare("UPDATE events SET args = json_set(args, '$.amount', CAST(CAST(json_extract(args, '$.amount') AS INTEGER) - 1 AS TEXT)) WHERE block_number = ? AND log_index = ?")
        .run(row.block_number, row.log_index),
    );
    expect(result.ok).to.equal(false);
    const total = result.findings.filter((f) => f.rule === "conservation.total");
    expect(total.length).to.equal(1);
    expect(total[0].detail).to.match(/fees not withdrawn/);
  });

  it("names the loan when a derived loan row no longer matches its events", async function () {
    const loan = db.prepare("SELECT id, distributed FROM loans WHERE distributed != '0' LIMIT 1").get() as any;
    const result = await auditTampered((copy) => copy.prepare("UPDATE loans SET distributed = ? WHERE id = ?").run(String(BigInt(loan.distributed) - 1n), loan.id));
    expect(result.findings.map((f) => [f.rule, f.loan])).to.deep.equal([["index.consistency", loan.id]]);
    expect(result.findings[0].detail).to.match(/distributed/);
  });

  it("flags an illegal state transition", async function () {
    // The loan that was repaid: its last transition becomes Active -> Listed.
    const row = db.prepare("SELECT block_number, log_index, loan_id FROM events WHERE name = 'LoanStateChanged' AND json_extract(args, '$.to') = ? LIMIT 1").get(LoanState.Repaid) as any;
    const result = await auditTampered((copy) =>
      copy.prepare("UPDATE events SET args = json_set(args, '$.to', ?) WHERE block_number = ? AND log_index = ?").run(LoanState.Listed, row.block_number, row.log_index),
    );
    const transitions = result.findings.filter((f) => f.rule === "lifecycle.transition");
    expect(transitions.length).to.equal(1);
    expect(transitions[0].loan).to.equal(row.loan_id);
    expect(transitions[0].detail).to.match(/illegal transition \w+ -> Listed/);
  });

  it("flags claims above an investor's entitlement", async function () {
    const row = db.prepare("SELECT block_number, log_index, loan_id, json_extract(args, '$.investor') AS investor FROM events WHERE name = 'Claimed' LIMIT 1").get() as any;
    const result = await auditTampered((copy) =>
      copy
        .prepare("UPDATE events SET args = json_set(args, '$.amount', CAST(CAST(json_extract(args, '$.amount') AS INTEGER) * 2 AS TEXT)) WHERE block_number = ? AND log_index = ?")
        .run(row.block_number, row.log_index),
    );
    const claims = result.findings.filter((f) => f.rule === "claims.entitlement" && f.participant === row.investor);
    expect(claims.length).to.equal(1);
    expect(claims[0].loan).to.equal(row.loan_id);
  });

  it("checks listings against the policy in force at their block", async function () {
    // A policy event rewritten to a 5 % rate cap makes every listing above 5 % a violation.
    const result = await auditTampered((copy) => copy.prepare("UPDATE events SET args = json_set(args, '$.policy.rateCapBps', 500) WHERE name = 'PolicySet'").run());
    const listed = db.prepare("SELECT id FROM loans WHERE listed_block IS NOT NULL AND rate_bps > 500").all() as { id: number }[];
    expect(listed.length).to.be.greaterThan(0);
    const flagged = new Set(result.findings.filter((f) => f.rule === "listing.policy").map((f) => f.loan));
    expect([...flagged].sort()).to.deep.equal(listed.map((l) => l.id).sort());
  });

  it("flags a listing that relied on an attestation revoked before it", async function () {
    const listing = db.prepare("SELECT block_number, loan_id, json_extract(args, '$.attestations[0]') AS uid FROM events WHERE name = 'LoanListed' LIMIT 1").get() as any;
    const result = await auditTampered((copy) => {
      // A revocation by the regulator inserted in the block before the listing, of the first attestation it presented.
      const regulator = (copy.prepare("SELECT account FROM participants WHERE role = 1").get() as { account: string }).account;
      copy.prepare("INSERT INTO events (block_number, log_index, tx_hash, block_time, contract, name, loan_id, args) VALUES (?, 999, ?, 0, 'AttestationRegistry', 'AttestationRevoked', NULL, ?)").run(
        listing.block_number - 1,
        `0x${"ab".repeat(32)}`,
        JSON.stringify({ uid: listing.uid, revoker: regulator, reasonHash: `0x${"00".repeat(32)}` }),
      );
    });
    const findings = result.findings.filter((f) => f.rule === "listing.attestations" && f.loan === listing.loan_id);
    expect(findings.map((f) => f.attestation)).to.include(listing.uid);
    expect(findings[0].detail).to.match(/revoked/);
  });

  it("flags a relayed attestation whose stored signature does not verify", async function () {
    const relayed = db.prepare("SELECT uid, attester, signature FROM attestations WHERE relayer != attester").get() as any;
    const forged = await dev("rating").signMessage({ message: "not the attestation" });
    const result = await auditTampered((copy) => copy.prepare("UPDATE attestations SET signature = ? WHERE uid = ?").run(forged, relayed.uid));
    expect(result.findings.map((f) => [f.rule, f.attestation, f.participant])).to.deep.equal([["attestation.signature", relayed.uid, relayed.attester]]);
  });

  it("flags a direct attestation recorded for an attester who did not send its transaction", async function () {
    const direct = db.prepare("SELECT uid, attester FROM attestations WHERE relayer = attester AND kind = 1").get() as any;
    const other = dev("operator").address.toLowerCase();
    const result = await auditTampered((copy) => copy.prepare("UPDATE attestations SET attester = ?, relayer = ? WHERE uid = ?").run(other, other, direct.uid));
    const findings = result.findings.filter((f) => f.rule === "attestation.author");
    expect(findings.map((f) => [f.attestation, f.participant])).to.deep.equal([[direct.uid, other]]);
    expect(result.rules.find((r) => r.rule === "attestation.author")!.checks).to.be.greaterThan(0);
  });
});
