import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import { getContracts } from "../../lib/contracts";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { DEV_ACCOUNTS, devAddress, devSigner } from "../../lib/devAccounts";
import { LoanState, Status } from "../../lib/enums";
import { ACCOUNT_FIELDS } from "../../indexer/ledger";
import { LeaseLostError, WriterLease } from "../../indexer/lease";
import { PgSql, SqliteSql, type Sql } from "../../indexer/sql";
import { openDb } from "../../indexer/db";
import { syncOnce } from "../../indexer/sync";
import { LedgerViews } from "../../indexer/views";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { dumpIndex, dumpStore, flakyProxy, spawnSmefin } from "./helpers";
import { newStore, STORES, type StoreLocation } from "./stores";

const PORT = 8548;

/** The last block committed to an index another process writes (0 before it has one). */
async function committedBlock(store: StoreLocation): Promise<number> {
  let sql: Sql | undefined;
  try {
    sql = store.url ? new PgSql(store.url, { max: 1 }) : new SqliteSql(openDb(store.path, { readonly: true }));
    return (await sql.get<{ last_block: number }>("SELECT last_block FROM cursor"))?.last_block ?? 0;
  } catch {
    return 0;
  } finally {
    await sql?.close().catch(() => undefined);
  }
}

describe("ledger index: sync of the seeded chain", function () {
  this.timeout(300_000);
  let node: LocalNode;
  let deployment: Deployment;
  let client: PublicClient;
  let dir: string;
  /** The SQLite index of the whole chain: what every store's index must equal. */
  let reference: Record<string, unknown[]>;

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node, { seed: true });
    process.env.SMEFIN_DEPLOYMENTS_DIR = node.deploymentsDir;
    deployment = requireDeployment("localhost");
    client = createPublicClient({ transport: http(node.url) }) as PublicClient;
    dir = mkdtempSync(join(tmpdir(), "smefin-index-"));
    const path = join(dir, "reference.sqlite");
    await syncOnce({ rpcUrl: node.url, deployment, dbPath: path });
    const sql = new SqliteSql(openDb(path, { readonly: true }));
    reference = await dumpIndex(sql);
    await sql.close();
  });

  after(async function () {
    delete process.env.SMEFIN_DEPLOYMENTS_DIR;
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of STORES) {
    describe(`on ${kind}`, function () {
      let sql: Sql;
      let views: LedgerViews;

      before(async function () {
        const full = await newStore(kind, dir, "full");
        sql = await full.open();
        views = new LedgerViews(sql);
        await syncOnce({ rpcUrl: node.url, deployment, sql });
      });

      after(async function () {
        await sql?.close();
      });

      it("indexes up to the head, and a second run finds nothing new", async function () {
        const head = Number(await client.getBlockNumber());
        const again = await syncOnce({ rpcUrl: node.url, deployment, sql });
        expect(again.events).to.equal(0);
        const status = await views.status();
        expect(status.lastBlock).to.equal(head);
        expect(status.events).to.be.greaterThan(400);
      });

      it("holds the same rows as the reference index", async function () {
        expect(await dumpIndex(sql)).to.deep.equal(reference);
      });

      it("matches the chain: loan states, freezes and accounts, participant statuses, positions", async function () {
        const c = getContracts(deployment, client);
        const loans = await views.loans();
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
        for (const p of await views.positions()) {
          const position = await c.loanBook.read.getPosition([BigInt(p.loanId), p.investor as `0x${string}`]);
          expect(BigInt(p.contributed)).to.equal(position.contributed);
          expect(BigInt(p.claimed)).to.equal(position.claimed);
          expect(BigInt(p.claimable)).to.equal(await c.loanBook.read.claimable([BigInt(p.loanId), p.investor as `0x${string}`]));
        }
        const participants = await views.participants();
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
        const balance = (await views.balances()).find((b) => b.account === deployment.contracts.LoanBook.address.toLowerCase());
        expect(BigInt(balance!.balance)).to.equal(await c.token.read.balanceOf([deployment.contracts.LoanBook.address]));
      });

      it("answers the views the app reads: history, schedule position, attestations, money, regulator actions", async function () {
        const late = await views.loans({ state: "Late" });
        expect(late.length).to.be.greaterThan(0);
        expect(late[0].daysLate).to.be.greaterThan(0);
        expect(BigInt(late[0].arrears)).to.be.greaterThan(0n);
        const detail = (await views.loan(late[0].id))!;
        expect(detail.events[0].name).to.equal("LoanPublished");
        const operator = (await views.participants()).find((p) => p.roleName === "Operator")!;
        expect((await views.participant(operator.account))!.history.map((e) => e.name)).to.include("ParticipantAdmitted");
        const attestations = await views.attestations();
        expect(attestations.length).to.be.greaterThan(10);
        expect(attestations.some((a) => a.kindName === "SupervisionNotice")).to.equal(true);
        const kinds = new Set((await views.movements()).map((m) => m.kind));
        for (const k of ["token.mint", "token.transfer", "loan.fund", "loan.disburse", "loan.repay", "loan.claim", "loan.bond"]) expect(kinds).to.include(k);
        const actions = (await views.regulatorActions()).map((a) => a.action);
        for (const a of ["ParticipantAdmitted", "PolicySet", "LoanFrozen", "Attested"]) expect(actions).to.include(a);
      });

      it("filters events by account, transaction and time, newest first, with a count for paging", async function () {
        const all = await views.events();
        const investor = (await views.positions())[0].investor;
        const mine = await views.events({ account: investor });
        expect(mine.length).to.be.greaterThan(0);
        expect(mine.length).to.be.lessThan(all.length);
        for (const e of mine) expect(Object.values(e.args)).to.include(investor);
        expect(await views.countEvents({ account: investor })).to.equal(mine.length);
        const tx = all.find((e) => e.name === "LoanFunded")!.txHash;
        const ofTx = await views.events({ txHash: tx.toUpperCase().replace("0X", "0x") });
        expect(ofTx.map((e) => e.txHash)).to.deep.equal(all.filter((e) => e.txHash === tx).map((e) => e.txHash));
        const middle = all[Math.floor(all.length / 2)].blockTime;
        const later = await views.events({ fromTime: middle });
        expect(later.every((e) => e.blockTime >= middle)).to.equal(true);
        expect((await views.countEvents({ fromTime: middle })) + (await views.countEvents({ toTime: middle - 1 }))).to.equal(all.length);
        const page = await views.events({ newestFirst: true, limit: 5, offset: 5 });
        expect(page.map((e) => [e.blockNumber, e.logIndex])).to.deep.equal(all.slice(-10, -5).reverse().map((e) => [e.blockNumber, e.logIndex]));
        const kinds = await views.eventKinds();
        expect(kinds.reduce((n, k) => n + k.count, 0)).to.equal(all.length);
        expect(kinds.find((k) => k.name === "LoanFunded")!.contract).to.equal("LoanBook");
      });

      it("shrinks its block range on 'too many results' and retries failed requests, with the same result", async function () {
        const proxy = await flakyProxy(node.url, { maxLogRange: 16, failEvery: 7 });
        try {
          const flaky = await newStore(kind, dir, "flaky");
          const flakySql = await flaky.open();
          const result = await syncOnce({ rpcUrl: proxy.url, deployment, sql: flakySql, blockRange: 2_000, backoffMs: 5 }).finally(() => flakySql.close());
          expect(proxy.stats.refused).to.be.greaterThan(0);
          expect(proxy.stats.failed).to.be.greaterThan(0);
          expect(result.ranges).to.be.greaterThan(10);
          expect(await dumpStore(flaky)).to.deep.equal(reference);
        } finally {
          await proxy.close();
        }
      });

      it("lets one of two syncs started together write, and the index is the same as one sync's", async function () {
        const store = await newStore(kind, dir, "two-writers");
        const [a, b] = [await store.open(), await store.open()];
        try {
          const results = await Promise.all([syncOnce({ rpcUrl: node.url, deployment, sql: a }), syncOnce({ rpcUrl: node.url, deployment, sql: b })]);
          expect(results.filter((r) => r.busy).length).to.equal(1);
          expect(results.find((r) => r.busy)!.busy).to.match(/another writer holds the index/);
          expect(results.reduce((n, r) => n + r.events, 0)).to.equal(reference.events.length);
          // Two syncers that wait for the lease both get it in turn (whichever asked first) and find the index at the head.
          const [first, waited] = await Promise.all([syncOnce({ rpcUrl: node.url, deployment, sql: a, leaseWaitMs: 30_000 }), syncOnce({ rpcUrl: node.url, deployment, sql: b, leaseWaitMs: 30_000 })]);
          expect(first.busy ?? waited.busy).to.equal(undefined);
          expect(first.events + waited.events).to.equal(0);
        } finally {
          await a.close();
          await b.close();
        }
        expect(await dumpStore(store)).to.deep.equal(reference);
      });

      it("takes over the lease of a writer that stopped renewing it, and the old writer can no longer commit", async function () {
        const store = await newStore(kind, dir, "lease");
        const sql = await store.open();
        try {
          const crashed = (await WriterLease.tryAcquire(sql, "crashed-host:1:dead", 60_000))!;
          const refused = await syncOnce({ rpcUrl: node.url, deployment, sql });
          expect(refused.busy).to.match(/crashed-host:1:dead/);
          expect(refused.events).to.equal(0);
          await sql.run("UPDATE writer_lease SET expires_at = ?", [Date.now() - 1]);
          const result = await syncOnce({ rpcUrl: node.url, deployment, sql });
          expect(result.busy).to.equal(undefined);
          expect(result.events).to.equal(reference.events.length);
          await WriterLease.tryAcquire(sql, "another-host:2:live", 60_000);
          let lost: unknown;
          await sql.transaction((tx) => crashed.renew(tx)).catch((error) => (lost = error));
          expect(lost).to.be.instanceOf(LeaseLostError);
        } finally {
          await sql.close();
        }
      });

      it("loses and duplicates nothing when killed mid-run and started again", async function () {
        const killedStore = await newStore(kind, dir, "killed");
        const args = ["index", "--db", killedStore.path, "--block-range", "3", "--throttle", "40"];
        const first = spawnSmefin(node, args, killedStore.env);
        const committed = () => committedBlock(killedStore);
        const until = Date.now() + 60_000;
        while ((await committed()) < 60 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        first.child.kill("SIGKILL");
        const killed = await first.done;
        expect(killed.signal).to.equal("SIGKILL");
        const head = Number(await client.getBlockNumber());
        const atKill = await committed();
        expect(atKill).to.be.greaterThanOrEqual(60);
        expect(atKill).to.be.lessThan(head);

        // The killed writer's lease is taken over (its expiry lies ahead), as a crashed writer's would be after LEASE_TTL_MS.
        const lease = await killedStore.open();
        await lease.run("UPDATE writer_lease SET expires_at = ?", [Date.now() - 1]);
        await lease.close();
        const second = await spawnSmefin(node, ["index", "--db", killedStore.path, "--block-range", "50"], killedStore.env).done;
        expect(second.code, second.stderr).to.equal(0);
        expect(await committed()).to.equal(head);
        expect(await dumpStore(killedStore)).to.deep.equal(reference);
      });
    });
  }

  // Last (a suite runs its own tests before its child suites): it pauses the chain, which no reference index includes.
  describe("while the chain grows", function () {
    it("follows new blocks with --follow on every store and stops cleanly on Ctrl-C", async function () {
      const stores = await Promise.all(STORES.map((kind) => newStore(kind, dir, "follow")));
      const followers = stores.map((store) => spawnSmefin(node, ["index", "--db", store.path, "--follow", "--poll", "100"], store.env));
      const output = followers.map(() => "");
      followers.forEach((f, i) => f.child.stderr!.on("data", (d) => (output[i] += d)));
      const waitForBlock = async (block: number) => {
        for (const [i, store] of stores.entries()) {
          // Two command lines starting at once (each compiling its TypeScript) take a while on a busy machine.
          const until = Date.now() + 120_000;
          while ((await committedBlock(store)) < block && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
          expect(await committedBlock(store), `${store.kind}: ${output[i]}`).to.equal(block);
        }
      };
      await waitForBlock(Number(await client.getBlockNumber()));
      const chain = buildChain({ id: deployment.chainId, rpcUrl: node.url });
      const regulator = createWalletClient({ account: devSigner("regulator"), chain, transport: http(node.url) });
      // Pausing is one member's emergency power (resuming is the committee's).
      const hash = await getContracts(deployment, client, regulator).registry.write.setPaused([true]);
      const receipt = await client.waitForTransactionReceipt({ hash });
      await waitForBlock(Number(receipt.blockNumber));
      for (const follower of followers) {
        follower.child.kill("SIGINT");
        const result = await follower.done;
        expect(result.code, result.stderr).to.equal(0);
      }
      for (const store of stores) {
        const followed = await store.open();
        try {
          expect((await new LedgerViews(followed).events({ name: "PauseSet" })).map((e) => e.txHash)).to.deep.equal([hash]);
        } finally {
          await followed.close();
        }
      }
    });
  });
});
