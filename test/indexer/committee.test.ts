import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, toHex, type Hex, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import { getContracts } from "../../lib/contracts";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { devAddress, devSigner } from "../../lib/devAccounts";
import { BusinessScale, Role } from "../../lib/enums";
import { proposalCall, type ProposalCall } from "../../lib/governance";
import { runAudit, type AuditResult } from "../../indexer/audit";
import type { Sql } from "../../indexer/sql";
import { syncOnce } from "../../indexer/sync";
import { LedgerViews } from "../../indexer/views";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { deleteEvents, eventsNamed, inRolledBack, newStore, rewriteEvents, STORES } from "./stores";

/** The supervisory committee in the index and the audit: proposals executed, cancelled and pending, then tampering. */
const PORT = 8552;
const DAY = 86_400;

describe("ledger index: the supervisory committee and its audit rules", function () {
  this.timeout(600_000);
  let node: LocalNode;
  let deployment: Deployment;
  let client: PublicClient;
  let dir: string;
  const ids = { reinstate: 0, policy: 0, threshold: 0, cancelled: 0, pending: 0 };

  const wallet = (name: string) => getContracts(deployment, client, createWalletClient({ account: devSigner(name), chain: client.chain!, transport: http(node.url) }));
  const wait = async (hash: Promise<Hex>) => client.waitForTransactionReceipt({ hash: await hash });
  async function propose(name: string, call: ProposalCall, description: string): Promise<number> {
    await wait(wallet(name).committee.write.propose([call.target, call.data, description]));
    return Number(await wallet(name).committee.read.proposalCount());
  }
  const approve = (name: string, id: number) => wait(wallet(name).committee.write.approve([BigInt(id)]));
  const execute = (name: string, id: number) => wait(wallet(name).committee.write.execute([BigInt(id)]));
  async function increaseTime(seconds: number) {
    await client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await client.request({ method: "evm_mine" as never });
  }

  const about = (result: AuditResult, proposal: number) => result.findings.filter((f) => f.proposal === proposal).map((f) => f.rule);

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node);
    process.env.SMEFIN_DEPLOYMENTS_DIR = node.deploymentsDir;
    deployment = requireDeployment("localhost");
    client = createPublicClient({ chain: buildChain({ id: deployment.chainId, rpcUrl: node.url }), transport: http(node.url) }) as PublicClient;

    // One member alone: admit an investor, suspend it, pause the platform.
    const now = Number((await client.getBlock()).timestamp);
    const regulator = wallet("regulator");
    await wait(regulator.registry.write.admit([devAddress("investor1"), Role.Investor, 0, BusinessScale.None, now + 365 * DAY, keccak256(toHex("kyc"))]));
    await wait(regulator.registry.write.suspend([devAddress("investor1"), "KYC file expired; renewal documents not received."]));
    await wait(regulator.registry.write.setPaused([true]));

    // Executed at once after two approvals.
    ids.reinstate = await propose("regulator", proposalCall(deployment, "ParticipantRegistry", "reinstate", [devAddress("investor1")]), "KYC file renewed");
    await approve("regulator2", ids.reinstate);
    await execute("regulator3", ids.reinstate);

    // Executed after its notice.
    const policy = { ...(await regulator.registry.read.policy()), enterpriseCap: 2_000_000_000_000n };
    ids.policy = await propose("regulator2", proposalCall(deployment, "ParticipantRegistry", "setPolicy", [policy]), "raise the enterprise cap");
    await approve("regulator3", ids.policy);
    await increaseTime(3 * DAY + 1);
    await execute("regulator", ids.policy);

    // The committee raises its own threshold.
    ids.threshold = await propose("regulator", proposalCall(deployment, "SupervisoryCommittee", "setThreshold", [3]), "all three bodies");
    await approve("regulator3", ids.threshold);
    await execute("regulator2", ids.threshold);

    // Withdrawn by its proposer; and one left pending.
    ids.cancelled = await propose("regulator", proposalCall(deployment, "ParticipantRegistry", "revoke", [devAddress("investor1"), "Suspected fraud: forged KYC documents."]), "suspected fraud");
    await wait(wallet("regulator").committee.write.cancel([BigInt(ids.cancelled)]));
    ids.pending = await propose("regulator3", proposalCall(deployment, "ParticipantRegistry", "setPaused", [false]), "the incident is over");

    dir = mkdtempSync(join(tmpdir(), "smefin-committee-"));
  });

  after(async function () {
    delete process.env.SMEFIN_DEPLOYMENTS_DIR;
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of STORES) {
    describe(`on ${kind}`, function () {
      let sql: Sql;

      /** The honest index changed by `tamper`, audited, then put back as it was. */
      const auditTampered = (tamper: (tx: Sql) => Promise<unknown>): Promise<AuditResult> => inRolledBack(sql, tamper, (tx) => runAudit({ sql: tx, deployment, rpcUrl: node.url }));

      before(async function () {
        sql = await (await newStore(kind, dir, "committee")).open();
        await syncOnce({ rpcUrl: node.url, deployment, sql });
      });

      after(async function () {
        await sql?.close();
      });

      it("keeps the committee: members, threshold and notice history, proposals with decoded calls, approvals, state and time left", async function () {
        const c = await new LedgerViews(sql).committee(deployment);
        expect(c.address).to.equal(deployment.contracts.SupervisoryCommittee.address.toLowerCase());
        expect(c.members.map((m) => m.account).sort()).to.deep.equal(["regulator", "regulator2", "regulator3"].map((n) => devAddress(n).toLowerCase()).sort());
        expect(c.members.every((m) => m.eligible && m.roleName === "Regulator" && m.expiresIn > 0)).to.equal(true);
        expect(c.eligibleMembers).to.equal(3);
        expect(c.threshold).to.equal(3);
        expect(c.noticePeriod).to.equal(3 * DAY);
        expect(c.settings.map((s) => [s.setting, s.value, s.proposalId])).to.deep.equal([
          ["threshold", 2, null],
          ["noticePeriod", 3 * DAY, null],
          ["threshold", 3, ids.threshold],
        ]);

        expect(c.proposals.map((p) => [p.id, p.state])).to.deep.equal([
          [ids.pending, "Pending"],
          [ids.cancelled, "Cancelled"],
          [ids.threshold, "Executed"],
          [ids.policy, "Executed"],
          [ids.reinstate, "Executed"],
        ]);
        const byId = (id: number) => c.proposals.find((p) => p.id === id)!;
        const policy = byId(ids.policy);
        expect(policy).to.include({ kind: "policy", contract: "ParticipantRegistry", functionName: "setPolicy", description: "raise the enterprise cap", requiresNotice: true, notice: 3 * DAY, threshold: 2 });
        expect(policy.sentence).to.match(/enterprise cap 2000000 sDEP/);
        expect(policy.approvers).to.deep.equal([devAddress("regulator2").toLowerCase(), devAddress("regulator3").toLowerCase()]);
        expect(policy.executedAt! - policy.queuedAt!).to.be.greaterThanOrEqual(3 * DAY);
        expect(policy.executor).to.equal(devAddress("regulator").toLowerCase());
        expect(byId(ids.reinstate)).to.include({ kind: "reinstate", requiresNotice: false, notice: 0, timeLeft: null });
        expect(byId(ids.cancelled).cancelledBy).to.equal(devAddress("regulator").toLowerCase());
        const pending = byId(ids.pending);
        expect(pending).to.include({ kind: "unpause", threshold: 3, queuedAt: null, eta: null });
        expect(pending.approvals.map((a) => [a.member, a.approvals])).to.deep.equal([[devAddress("regulator3").toLowerCase(), 1]]);
        expect(pending.timeLeft).to.equal(pending.deadline - c.now);
        expect(pending.deadline).to.equal(pending.createdAt + 14 * DAY);

        expect(c.history[0]).to.include({ action: "approved", proposalId: ids.pending });
        expect(c.history.map((h) => h.action)).to.include.members(["created", "approved", "queued", "executed", "cancelled", "threshold", "noticePeriod"]);
        expect(c.history.find((h) => h.action === "created" && h.proposalId === ids.policy)!.sentence).to.match(/proposed #\d+: raise the enterprise cap/);
      });

      it("audits the honest index clean, every committee rule checked", async function () {
        const result = await runAudit({ sql, deployment, rpcUrl: node.url });
        expect(result.findings).to.deep.equal([]);
        for (const rule of ["committee.approvals", "committee.notice", "committee.authority"] as const) {
          expect(result.rules.find((r) => r.rule === rule)!.checks, rule).to.be.greaterThan(0);
        }
        // Approvals: the three executed proposals; authority: the reinstatement and the policy change.
        expect(result.rules.find((r) => r.rule === "committee.approvals")!.checks).to.equal(3);
        expect(result.rules.find((r) => r.rule === "committee.authority")!.checks).to.equal(2);
        expect(result.committee.length).to.equal((await new LedgerViews(sql).committee(deployment)).history.length);
      });

      it("names the proposal and committee.approvals when an approval is removed from the index", async function () {
        const result = await auditTampered((tx) => deleteEvents(tx, "ProposalApproved", (args) => args.id === String(ids.policy) && args.member === devAddress("regulator3").toLowerCase()));
        expect(result.ok).to.equal(false);
        expect(about(result, ids.policy)).to.include.members(["committee.approvals", "index.consistency"]);
        expect(result.findings.find((f) => f.rule === "committee.approvals")!.detail).to.match(new RegExp(`proposal ${ids.policy} was executed with 1 eligible approval\\(s\\), the threshold in force was 2`));
      });

      it("names the proposal and committee.notice when its queued time is moved later", async function () {
        const result = await auditTampered(async (tx) => {
          for (const e of await eventsNamed(tx, "ProposalQueued", (args) => args.id === String(ids.policy))) {
            await tx.run("UPDATE events SET block_time = block_time + ? WHERE block_number = ? AND log_index = ?", [DAY, e.block_number, e.log_index]);
          }
        });
        const notice = result.findings.filter((f) => f.rule === "committee.notice");
        expect(notice.map((f) => f.proposal)).to.deep.equal([ids.policy, ids.policy]);
        expect(notice.some((f) => /before its notice of 3 days/.test(f.detail))).to.equal(true);
      });

      it("names every proposal executed under it and committee.approvals when the threshold is raised in the index", async function () {
        const result = await auditTampered((tx) =>
          rewriteEvents(tx, "ThresholdSet", (args) => Number(args.threshold) === 2, (args) => {
            args.threshold = typeof args.threshold === "string" ? "3" : 3;
          }),
        );
        const flagged = result.findings.filter((f) => f.rule === "committee.approvals").map((f) => f.proposal);
        expect(flagged).to.deep.equal([ids.reinstate, ids.policy, ids.threshold]);
      });

      it("names the proposal in index.consistency when a derived approval row is removed", async function () {
        const result = await auditTampered((tx) => tx.run("DELETE FROM proposal_approvals WHERE proposal_id = ? AND member = ?", [ids.reinstate, devAddress("regulator2").toLowerCase()]));
        expect(result.findings.map((f) => [f.rule, f.proposal])).to.deep.equal([["index.consistency", ids.reinstate]]);
      });

      it("flags a committee-only change that no executed proposal made (committee.authority)", async function () {
        const result = await auditTampered((tx) => deleteEvents(tx, "ProposalExecuted", (args) => args.id === String(ids.reinstate)));
        const authority = result.findings.filter((f) => f.rule === "committee.authority");
        expect(authority.length).to.equal(1);
        expect(authority[0].detail).to.match(/reinstatement of .* was not made through a committee proposal; no proposal was executed in that transaction/);
      });
    });
  }
});
