import { expect } from "chai";
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
import type { Sql } from "../../indexer/sql";
import { syncOnce } from "../../indexer/sync";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { spawnSmefin } from "./helpers";
import { eventsNamed, inRolledBack, newStore, rewriteEvents, STORES, type StoreLocation } from "./stores";

const PORT = 8549;
const dev = devSigner;

describe("regulator's audit of the ledger index", function () {
  this.timeout(300_000);
  let node: LocalNode;
  let deployment: Deployment;
  let dir: string;

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
  });

  after(async function () {
    delete process.env.SMEFIN_DEPLOYMENTS_DIR;
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of STORES) {
    describe(`on ${kind}`, function () {
      let store: StoreLocation;
      let sql: Sql;

      /** The honest index changed by `tamper`, audited, then put back as it was. */
      const auditTampered = (tamper: (tx: Sql) => Promise<unknown>): Promise<AuditResult> => inRolledBack(sql, tamper, (tx) => runAudit({ sql: tx, deployment, rpcUrl: node.url }));

      before(async function () {
        store = await newStore(kind, dir, "audit");
        sql = await store.open();
        await syncOnce({ rpcUrl: node.url, deployment, sql });
      });

      after(async function () {
        await sql?.close();
      });

      it("finds the honest seeded chain in order: ok, zero findings, every rule exercised", async function () {
        const result = await runAudit({ sql, deployment, rpcUrl: node.url });
        expect(result.findings).to.deep.equal([]);
        expect(result.ok).to.equal(true);
        for (const r of result.rules) expect(r.checks, r.rule).to.be.greaterThan(0);
        // The seed's four relayed reports (insurers and valuers) and the one relayed above.
        expect(result.rules.find((r) => r.rule === "attestation.signature")!.checks).to.equal(5);
      });

      it("smefin audit --json prints ok, events and findings and writes JSON, CSV and an offline HTML report", async function () {
        const out = join(dir, `reports-${kind}`);
        const r = await spawnSmefin(node, ["audit", "--db", store.path, "--out", out, "--json"], store.env).done;
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
        const [row] = await eventsNamed(sql, "Repaid");
        const tamper = (tx: Sql) =>
          rewriteEvents(tx, "Repaid", (args) => args.id === row.args.id && args.amount === row.args.amount, (args) => {
            args.amount = String(BigInt(args.amount) + 1_000_000n);
            args.toInvestors = String(BigInt(args.toInvestors) + 1_000_000n);
          });
        const result = await auditTampered(tamper);
        expect(result.ok).to.equal(false);
        expect(rulesAbout(result, { loan: row.loan_id! })).to.include.members(["conservation.loan", "index.consistency"]);
        expect(result.findings.some((f) => f.rule === "conservation.total")).to.equal(true);

        // The command line on a tampered index (then put back as it was).
        await tamper(sql);
        try {
          const r = await spawnSmefin(node, ["audit", "--no-sync", "--db", store.path, "--out", join(dir, `tampered-reports-${kind}`), "--json"], store.env).done;
          expect(r.code).to.equal(1);
          const report = JSON.parse(r.stdout);
          expect(report.ok).to.equal(false);
          expect(report.findings.some((f: any) => f.rule === "conservation.loan" && f.loan === row.loan_id)).to.equal(true);
        } finally {
          await rewriteEvents(sql, "Repaid", (args) => args.id === row.args.id && args.amount === String(BigInt(row.args.amount) + 1_000_000n), (args) => Object.assign(args, row.args));
        }
        expect((await runAudit({ sql, deployment, rpcUrl: node.url })).findings).to.deep.equal([]);
      });

      it("breaks the total conservation rule when a fee withdrawal's amount is changed in the events", async function () {
        const [row] = await eventsNamed(sql, "FeesWithdrawn");
        expect(row, "the operator's withdrawal is in the index").to.not.equal(undefined);
        const result = await auditTampered((tx) =>
          rewriteEvents(tx, "FeesWithdrawn", () => true, (args) => {
            args.amount = String(BigInt(args.amount) - 1n);
          }),
        );
        expect(result.ok).to.equal(false);
        const total = result.findings.filter((f) => f.rule === "conservation.total");
        expect(total.length).to.equal(1);
        expect(total[0].detail).to.match(/fees not withdrawn/);
      });

      it("names the loan when a derived loan row no longer matches its events", async function () {
        const loan = (await sql.get<any>("SELECT id, distributed FROM loans WHERE distributed != '0' ORDER BY id LIMIT 1"))!;
        const result = await auditTampered((tx) => tx.run("UPDATE loans SET distributed = ? WHERE id = ?", [String(BigInt(loan.distributed) - 1n), loan.id]));
        expect(result.findings.map((f) => [f.rule, f.loan])).to.deep.equal([["index.consistency", loan.id]]);
        expect(result.findings[0].detail).to.match(/distributed/);
      });

      it("flags an illegal state transition", async function () {
        // The loan that was repaid: its last transition becomes Active -> Listed.
        const [row] = await eventsNamed(sql, "LoanStateChanged", (args) => args.to === LoanState.Repaid);
        const result = await auditTampered((tx) =>
          rewriteEvents(tx, "LoanStateChanged", (args) => args.id === row.args.id && args.to === LoanState.Repaid, (args) => {
            args.to = LoanState.Listed;
          }),
        );
        const transitions = result.findings.filter((f) => f.rule === "lifecycle.transition");
        expect(transitions.length).to.equal(1);
        expect(transitions[0].loan).to.equal(row.loan_id);
        expect(transitions[0].detail).to.match(/illegal transition \w+ -> Listed/);
      });

      it("flags claims above an investor's entitlement", async function () {
        const [row] = await eventsNamed(sql, "Claimed");
        const result = await auditTampered((tx) =>
          rewriteEvents(tx, "Claimed", (args) => JSON.stringify(args) === JSON.stringify(row.args), (args) => {
            args.amount = String(BigInt(args.amount) * 2n);
          }),
        );
        const claims = result.findings.filter((f) => f.rule === "claims.entitlement" && f.participant === row.args.investor);
        expect(claims.length).to.equal(1);
        expect(claims[0].loan).to.equal(row.loan_id);
      });

      it("checks listings against the policy in force at their block", async function () {
        // A policy event rewritten to a 5 % rate cap makes every listing above 5 % a violation.
        const result = await auditTampered((tx) =>
          rewriteEvents(tx, "PolicySet", () => true, (args) => {
            args.policy.rateCapBps = 500;
          }),
        );
        const listed = await sql.all<{ id: number }>("SELECT id FROM loans WHERE listed_block IS NOT NULL AND rate_bps > 500");
        expect(listed.length).to.be.greaterThan(0);
        const flagged = new Set(result.findings.filter((f) => f.rule === "listing.policy").map((f) => f.loan));
        expect([...flagged].sort()).to.deep.equal(listed.map((l) => l.id).sort());
      });

      it("flags a listing that relied on an attestation revoked before it", async function () {
        const [event] = await eventsNamed(sql, "LoanListed");
        const listing = { block_number: event.block_number, loan_id: event.loan_id, uid: event.args.attestations[0] as string };
        const result = await auditTampered(async (tx) => {
          // A revocation by the regulator inserted in the block before the listing, of the first attestation it presented.
          const regulator = (await tx.get<{ account: string }>("SELECT account FROM participants WHERE role = 1 ORDER BY account LIMIT 1"))!.account;
          await tx.run("INSERT INTO events (block_number, log_index, tx_hash, block_time, contract, name, loan_id, args) VALUES (?, 999, ?, 0, 'AttestationRegistry', 'AttestationRevoked', NULL, ?)", [
            listing.block_number - 1,
            `0x${"ab".repeat(32)}`,
            JSON.stringify({ uid: listing.uid, revoker: regulator, reasonHash: `0x${"00".repeat(32)}` }),
          ]);
        });
        const findings = result.findings.filter((f) => f.rule === "listing.attestations" && f.loan === listing.loan_id);
        expect(findings.map((f) => f.attestation)).to.include(listing.uid);
        expect(findings[0].detail).to.match(/revoked/);
      });

      it("flags a relayed attestation whose stored signature does not verify", async function () {
        const relayed = (await sql.get<any>("SELECT uid, attester, signature FROM attestations WHERE relayer != attester ORDER BY block_number, log_index LIMIT 1"))!;
        const forged = await dev("rating").signMessage({ message: "not the attestation" });
        const result = await auditTampered((tx) => tx.run("UPDATE attestations SET signature = ? WHERE uid = ?", [forged, relayed.uid]));
        expect(result.findings.map((f) => [f.rule, f.attestation, f.participant])).to.deep.equal([["attestation.signature", relayed.uid, relayed.attester]]);
      });

      it("flags a direct attestation recorded for an attester who did not send its transaction", async function () {
        const direct = (await sql.get<any>("SELECT uid, attester FROM attestations WHERE relayer = attester AND kind = 1 ORDER BY block_number, log_index LIMIT 1"))!;
        const other = dev("operator").address.toLowerCase();
        const result = await auditTampered((tx) => tx.run("UPDATE attestations SET attester = ?, relayer = ? WHERE uid = ?", [other, other, direct.uid]));
        const findings = result.findings.filter((f) => f.rule === "attestation.author");
        expect(findings.map((f) => [f.attestation, f.participant])).to.deep.equal([[direct.uid, other]]);
        expect(result.rules.find((r) => r.rule === "attestation.author")!.checks).to.be.greaterThan(0);
      });
    });
  }
});
