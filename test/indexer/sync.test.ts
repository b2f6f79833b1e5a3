import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import { getContracts } from "../../lib/contracts";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { DEV_ACCOUNTS, devAddress, devSigner } from "../../lib/devAccounts";
import { LoanState, Status } from "../../lib/enums";
import { ACCOUNT_FIELDS } from "../../indexer/ledger";
import { openDb } from "../../indexer/db";
import { syncOnce } from "../../indexer/sync";
import { LedgerViews } from "../../indexer/views";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { dumpIndex, flakyProxy, spawnSmefin } from "./helpers";

const PORT = 8548;

describe("ledger index: sync of the seeded chain", function () {
  this.timeout(120_000);
  let node: LocalNode;
  let deployment: Deployment;
  let client: PublicClient;
  let dir: string;
  let fullPath: string;

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node, { seed: true });
    process.env.SMEFIN_DEPLOYMENTS_DIR = node.deploymentsDir;
    deployment = requireDeployment("localhost");
    client = createPublicClient({ transport: http(node.url) }) as PublicClient;
    dir = mkdtempSync(join(tmpdir(), "smefin-index-"));
    fullPath = join(dir, "full.sqlite");
    await syncOnce({ rpcUrl: node.url, deployment, dbPath: fullPath });
  });

  after(async function () {
    delete process.env.SMEFIN_DEPLOYMENTS_DIR;
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("indexes up to the head, and a second run finds nothing new", async function () {
    const head = Number(await client.getBlockNumber());
    const again = await syncOnce({ rpcUrl: node.url, deployment, dbPath: fullPath });
    expect(again.events).to.equal(0);
    const views = new LedgerViews(openDb(fullPath, { readonly: true }));
    const status = views.status();
    expect(status.lastBlock).to.equal(head);
    expect(status.events).to.be.greaterThan(400);
    views.db.close();
  });

  it("matches the chain: loan states, freezes and accounts, participant statuses, positions", async function () {
    const c = getContracts(deployment, client);
    const views = new LedgerViews(openDb(fullPath, { readonly: true }));
    const loans = views.loans();
    expect(loans.length).to.equal(Number(await c.loanBook.read.loanCount()));
    const states = new Set(loans.map((l) => l.state));
    for (const s of [LoanState.Published, LoanState.Listed, LoanState.Active, LoanState.Repaid]) expect(states).to.include(s);
    for (const l of loans) {
      const [onChain, accounts] = await Promise.all([c.loanBook.read.getLoan([BigInt(l.id)]), c.loanBook.read.getAccounts([BigInt(l.id)])]);
      expect(l.state, `loan ${l.id} state`).to.equal(onChain.state);
      expect(l.frozen, `loan ${l.id} frozen`).to.equal(onChain.frozen);
      expect(l.riskGrade).to.equal(onChain.riskGrade);
      for (const f of ACCOUNT_FIELDS) expect(BigInt((l as any)[f]), `loan ${l.id} ${f}`).to.equal((accounts as any)[f]);
      expect(BigInt(l.held)).to.equal(await c.loanBook.read.heldFor([BigInt(l.id)]));
    }
    expect(loans.some((l) => l.frozen)).to.equal(true);
    for (const p of views.positions()) {
      const position = await c.loanBook.read.getPosition([BigInt(p.loanId), p.investor as `0x${string}`]);
      expect(BigInt(p.contributed)).to.equal(position.contributed);
      expect(BigInt(p.claimed)).to.equal(position.claimed);
      expect(BigInt(p.claimable)).to.equal(await c.loanBook.read.claimable([BigInt(p.loanId), p.investor as `0x${string}`]));
    }
    const participants = views.participants();
    for (const dev of DEV_ACCOUNTS) {
      const address = devAddress(dev.index);
      const record = await c.registry.read.participant([address]);
      const indexed = participants.find((p) => p.account === address.toLowerCase());
      if (record.status === Status.None) expect(indexed).to.equal(undefined);
      else {
        expect(indexed, dev.name).to.not.equal(undefined);
        expect(indexed!.status, dev.name).to.equal(record.status);
        expect(indexed!.role, dev.name).to.equal(record.role);
        expect(indexed!.suitability, dev.name).to.equal(record.suitability);
      }
    }
    const balance = views.balances().find((b) => b.account === deployment.contracts.LoanBook.address.toLowerCase());
    expect(BigInt(balance!.balance)).to.equal(await c.token.read.balanceOf([deployment.contracts.LoanBook.address]));
    views.db.close();
  });

  it("answers the views the app reads: history, schedule position, attestations, money, regulator actions", function () {
    const views = new LedgerViews(openDb(fullPath, { readonly: true }));
    const late = views.loans({ state: "Late" });
    expect(late.length).to.be.greaterThan(0);
    expect(late[0].daysLate).to.be.greaterThan(0);
    expect(BigInt(late[0].arrears)).to.be.greaterThan(0n);
    const detail = views.loan(late[0].id)!;
    expect(detail.events[0].name).to.equal("LoanPublished");
    const operator = views.participants().find((p) => p.roleName === "Operator")!;
    expect(views.participant(operator.account)!.history.map((e) => e.name)).to.include("ParticipantAdmitted");
    const attestations = views.attestations();
    expect(attestations.length).to.be.greaterThan(10);
    expect(attestations.some((a) => a.kindName === "SupervisionNotice")).to.equal(true);
    const kinds = new Set(views.movements().map((m) => m.kind));
    for (const k of ["token.mint", "token.transfer", "loan.fund", "loan.disburse", "loan.repay", "loan.claim", "loan.bond"]) expect(kinds).to.include(k);
    const actions = views.regulatorActions().map((a) => a.action);
    for (const a of ["ParticipantAdmitted", "PolicySet", "LoanFrozen", "Attested"]) expect(actions).to.include(a);
    views.db.close();
  });

  it("filters events by account, transaction and time, newest first, with a count for paging", function () {
    const views = new LedgerViews(openDb(fullPath, { readonly: true }));
    const all = views.events();
    const investor = views.positions()[0].investor;
    const mine = views.events({ account: investor });
    expect(mine.length).to.be.greaterThan(0);
    expect(mine.length).to.be.lessThan(all.length);
    for (const e of mine) expect(Object.values(e.args)).to.include(investor);
    expect(views.countEvents({ account: investor })).to.equal(mine.length);
    const tx = all.find((e) => e.name === "LoanFunded")!.txHash;
    const ofTx = views.events({ txHash: tx.toUpperCase().replace("0X", "0x") });
    expect(ofTx.map((e) => e.txHash)).to.deep.equal(all.filter((e) => e.txHash === tx).map((e) => e.txHash));
    const middle = all[Math.floor(all.length / 2)].blockTime;
    const later = views.events({ fromTime: middle });
    expect(later.every((e) => e.blockTime >= middle)).to.equal(true);
    expect(views.countEvents({ fromTime: middle }) + views.countEvents({ toTime: middle - 1 })).to.equal(all.length);
    const page = views.events({ newestFirst: true, limit: 5, offset: 5 });
    expect(page.map((e) => [e.blockNumber, e.logIndex])).to.deep.equal(all.slice(-10, -5).reverse().map((e) => [e.blockNumber, e.logIndex]));
    const kinds = views.eventKinds();
    expect(kinds.reduce((n, k) => n + k.count, 0)).to.equal(all.length);
    expect(kinds.find((k) => k.name === "LoanFunded")!.contract).to.equal("LoanBook");
    views.db.close();
  });

  it("shrinks its block range on 'too many results' and retries failed requests, with the same result", async function () {
    const proxy = await flakyProxy(node.url, { maxLogRange: 16, failEvery: 7 });
    try {
      const path = join(dir, "flaky.sqlite");
      const result = await syncOnce({ rpcUrl: proxy.url, deployment, dbPath: path, blockRange: 2_000, backoffMs: 5 });
      expect(proxy.stats.refused).to.be.greaterThan(0);
      expect(proxy.stats.failed).to.be.greaterThan(0);
      expect(result.ranges).to.be.greaterThan(10);
      expect(dumpIndex(path)).to.deep.equal(dumpIndex(fullPath));
    } finally {
      await proxy.close();
    }
  });

  it("loses and duplicates nothing when killed mid-run and started again", async function () {
    const path = join(dir, "killed.sqlite");
    const args = ["index", "--db", path, "--block-range", "3", "--throttle", "40"];
    const first = spawnSmefin(node, args);
    const committed = () => {
      try {
        const db = new Database(path, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare("SELECT last_block FROM cursor").get() as { last_block: number } | undefined)?.last_block ?? 0;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const until = Date.now() + 60_000;
    while (committed() < 60 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).to.equal("SIGKILL");
    const head = Number(await client.getBlockNumber());
    const atKill = committed();
    expect(atKill).to.be.greaterThanOrEqual(60);
    expect(atKill).to.be.lessThan(head);

    const second = await spawnSmefin(node, ["index", "--db", path, "--block-range", "50"]).done;
    expect(second.code, second.stderr).to.equal(0);
    expect(committed()).to.equal(head);
    expect(dumpIndex(path)).to.deep.equal(dumpIndex(fullPath));
  });

  it("follows new blocks with --follow and stops cleanly on Ctrl-C", async function () {
    const path = join(dir, "follow.sqlite");
    const follower = spawnSmefin(node, ["index", "--db", path, "--follow", "--poll", "100"]);
    const lastBlock = () => {
      try {
        const db = new Database(path, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare("SELECT last_block FROM cursor").get() as { last_block: number } | undefined)?.last_block ?? 0;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const waitForBlock = async (block: number) => {
      const until = Date.now() + 30_000;
      while (lastBlock() < block && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(lastBlock()).to.equal(block);
    };
    await waitForBlock(Number(await client.getBlockNumber()));
    const chain = buildChain({ id: deployment.chainId, rpcUrl: node.url });
    const regulator = createWalletClient({ account: devSigner("regulator"), chain, transport: http(node.url) });
    // Pausing is one member's emergency power (resuming is the committee's).
    const hash = await getContracts(deployment, client, regulator).registry.write.setPaused([true]);
    const receipt = await client.waitForTransactionReceipt({ hash });
    await waitForBlock(Number(receipt.blockNumber));
    follower.child.kill("SIGINT");
    const result = await follower.done;
    expect(result.code, result.stderr).to.equal(0);
    const views = new LedgerViews(openDb(path, { readonly: true }));
    expect(views.events({ name: "PauseSet" }).map((e) => e.txHash)).to.deep.equal([hash]);
    views.db.close();
  });
});
