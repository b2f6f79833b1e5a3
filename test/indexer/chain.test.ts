import { expect } from "chai";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, toHex, type PublicClient } from "viem";
import { buildChain } from "../../lib/chain";
import { getContracts } from "../../lib/contracts";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { devSigner } from "../../lib/devAccounts";
import { Role } from "../../lib/enums";
import { runAudit } from "../../indexer/audit";
import { isOnChain, OtherChainError, type IndexedChain } from "../../indexer/chain";
import { openDb } from "../../indexer/db";
import { SqliteSql } from "../../indexer/sql";
import { RpcClient } from "../../indexer/rpc";
import { syncOnce } from "../../indexer/sync";
import { LedgerViews } from "../../indexer/views";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { dumpFile, spawnSmefin } from "./helpers";

const PORT = 8550;
const account = (index: number) => devSigner(index);
const dev = (name: string) => devSigner(name);

describe("ledger index: the chain it belongs to", function () {
  this.timeout(240_000);
  let node: LocalNode;
  let deployment: Deployment;
  let client: PublicClient;
  let dir: string;
  let dbPath: string;
  /** The block the audit after the reorganisation read, on the chain that is then replaced. */
  let auditedBlock: IndexedChain["block"];

  const rpc = <T>(method: string, params: unknown[] = []) => client.request({ method: method as any, params: params as any }) as Promise<T>;

  /** The same chain indexed from scratch into a file of its own. */
  async function freshIndex(name: string): Promise<string> {
    const path = join(dir, `${name}.sqlite`);
    await syncOnce({ rpcUrl: node.url, deployment, dbPath: path });
    return path;
  }

  function connect() {
    const chain = buildChain({ id: deployment.chainId, rpcUrl: node.url });
    client = createPublicClient({ chain, transport: http(node.url) }) as PublicClient;
    const as = (who: ReturnType<typeof account>) => getContracts(deployment, client, createWalletClient({ account: who, chain, transport: http(node.url) }));
    return { regulator: as(dev("regulator")), custodian: as(dev("custodian")) };
  }

  const admit = async (c: ReturnType<typeof connect>, index: number) => {
    const expiresAt = Number((await client.getBlock()).timestamp) + 365 * 86_400;
    const hash = await c.regulator.registry.write.admit([account(index).address, Role.Investor, 0, 0, expiresAt, keccak256(toHex(`kyc ${index}`))]);
    await client.waitForTransactionReceipt({ hash });
  };

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node, { seed: true });
    process.env.SMEFIN_DEPLOYMENTS_DIR = node.deploymentsDir;
    deployment = requireDeployment("localhost");
    connect();
    dir = mkdtempSync(join(tmpdir(), "smefin-chain-"));
    dbPath = join(dir, "index.sqlite");
    await syncOnce({ rpcUrl: node.url, deployment, dbPath });
  });

  after(async function () {
    delete process.env.SMEFIN_DEPLOYMENTS_DIR;
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("records the chain's id and genesis hash, and the hash of the block it has indexed to", async function () {
    const views = new LedgerViews(new SqliteSql(openDb(dbPath, { readonly: true })));
    try {
      const { chain } = await views.status();
      const head = await client.getBlock();
      const genesis = await client.getBlock({ blockNumber: 0n });
      expect(chain.chainId).to.equal(31337);
      expect(chain.genesisHash).to.equal(genesis.hash);
      expect(chain.block).to.deep.equal({ number: Number(head.number), hash: head.hash, time: Number(head.timestamp) });
    } finally {
      await views.sql.close();
    }
  });

  it("rolls a reorganisation back to the last common block and syncs forward: the orphaned events are gone, the derived tables equal a rebuild", async function () {
    const c = connect();
    const investor = dev("investor1").address.toLowerCase();
    const common = Number(await rpc<string>("eth_blockNumber"));
    const snapshot = await rpc<string>("evm_snapshot");

    // Two blocks with events on the branch that will be abandoned: an admission and a deposit.
    await admit(c, 30);
    await client.waitForTransactionReceipt({ hash: await c.custodian.token.write.mint([dev("investor1").address, 7_000_000n, keccak256(toHex("orphaned deposit"))]) });
    const orphaned = await syncOnce({ rpcUrl: node.url, deployment, dbPath });
    expect(orphaned.toBlock).to.equal(common + 2);
    const balanceBefore = await c.regulator.token.read.balanceOf([dev("investor1").address]);

    // The chain goes back and grows a different block at the first height: the cursor (common + 2) is now past the head.
    expect(await rpc<boolean>("evm_revert", [snapshot])).to.equal(true);
    await admit(c, 31);
    expect(Number(await rpc<string>("eth_blockNumber"))).to.equal(common + 1);

    const changes: unknown[] = [];
    const result = await syncOnce({ rpcUrl: node.url, deployment, dbPath, onChainChange: (change) => changes.push(change) });
    expect(changes).to.deep.equal([{ kind: "rolledBack", fromBlock: common + 2, toBlock: common }]);
    expect(result.change).to.deep.equal(changes[0]);
    expect(result.chain.block!.number).to.equal(common + 1);
    expect(result.chain.block!.hash).to.equal((await client.getBlock()).hash);

    const views = new LedgerViews(new SqliteSql(openDb(dbPath, { readonly: true })));
    try {
      expect(await views.participant(account(30).address.toLowerCase()), "the orphaned admission").to.equal(undefined);
      expect((await views.participant(account(31).address.toLowerCase()))?.role, "the new admission").to.equal(Role.Investor);
      expect((await views.events({ name: "Minted" })).some((e) => e.blockNumber > common), "the orphaned deposit").to.equal(false);
      expect((await views.balances()).find((b) => b.account === investor)?.balance).to.equal((await c.regulator.token.read.balanceOf([dev("investor1").address])).toString());
      expect(BigInt((await views.balances()).find((b) => b.account === investor)!.balance)).to.equal(balanceBefore - 7_000_000n);
    } finally {
      await views.sql.close();
    }
    // Events, derived rows (relayed attestations' signatures included) and cursor: the same as indexing the chain from scratch.
    expect(await dumpFile(dbPath)).to.deep.equal(await dumpFile(await freshIndex("after-reorg")));
    const sql = new SqliteSql(openDb(dbPath, { readonly: true }));
    try {
      const audit = await runAudit({ sql, deployment, rpcUrl: node.url });
      expect(audit.findings).to.deep.equal([]);
      expect(audit.ok).to.equal(true);
      auditedBlock = audit.chain.block;
      expect(await isOnChain(new RpcClient(node.url), auditedBlock)).to.equal(true);
    } finally {
      await sql.close();
    }
  });

  describe("when the chain is replaced under the index (a fresh node, the same contracts redeployed at the same addresses)", function () {
    let oldDump: Record<string, unknown[]>;
    let oldHead: number;

    before(async function () {
      oldHead = Number(await rpc<string>("eth_blockNumber"));
      oldDump = await dumpFile(dbPath);
      await node.stop();
      node = await startLocalNode(PORT);
      await deployOn(node);
      process.env.SMEFIN_DEPLOYMENTS_DIR = node.deploymentsDir;
      const redeployed = requireDeployment("localhost");
      for (const name of Object.keys(deployment.contracts) as (keyof Deployment["contracts"])[]) {
        expect(redeployed.contracts[name].address, name).to.equal(deployment.contracts[name].address);
      }
      deployment = redeployed;
      connect();
      expect(Number(await rpc<string>("eth_blockNumber"))).to.be.lessThan(oldHead);
    });

    it("an audit of the index as it is answers the sentence, not the node's 'Missing or invalid parameters'", async function () {
      const r = await spawnSmefin(node, ["audit", "--no-sync", "--db", dbPath, "--out", join(dir, "refused-reports")]).done;
      expect(r.code).to.not.equal(0);
      expect(r.stderr).to.not.match(/Missing or invalid parameters/);
      expect(r.stderr, r.stderr).to.include(`The ledger index ${dbPath} belongs to another chain: `);
      expect(r.stderr).to.include("It is not used. Run `smefin index --rebuild` to rebuild it from the chain at http://127.0.0.1:8550 (chain 31337");
      expect(await dumpFile(dbPath)).to.deep.equal(oldDump);
    });

    it("on a chain other than the local one, the sync refuses the index with the sentence and leaves it as it was", async function () {
      const copy = join(dir, "not-local.sqlite");
      copyFileSync(dbPath, copy);
      let refused: unknown;
      try {
        await syncOnce({ rpcUrl: node.url, deployment, dbPath: copy, rebuildOtherChain: false });
      } catch (error) {
        refused = error;
      }
      expect(refused).to.be.instanceOf(OtherChainError);
      expect((refused as Error).message).to.match(/^The ledger index .*not-local\.sqlite belongs to another chain: .*\. It is not used\. Run `smefin index --rebuild` to rebuild it from the chain at http:\/\/127\.0\.0\.1:8550 \(chain 31337, genesis 0x[0-9a-f]{8}…\)/);
      expect(await dumpFile(copy)).to.deep.equal(oldDump);
      // The rebuild it names works there too.
      const rebuilt = await syncOnce({ rpcUrl: node.url, deployment, dbPath: copy, rebuildOtherChain: false, rebuild: true });
      expect(rebuilt.change?.kind).to.equal("rebuilt");
      expect(await dumpFile(copy)).to.deep.equal(await dumpFile(await freshIndex("fresh-for-rebuild")));
    });

    it("on the local chain, `smefin index` rebuilds the index from the new chain, and the audit is ok and names it", async function () {
      const synced = await spawnSmefin(node, ["index", "--db", dbPath]).done;
      expect(synced.code, synced.stderr).to.equal(0);
      expect(synced.stderr, synced.stderr).to.match(/Rebuilding the index from the start: it (was built from the chain with genesis|is at block \d+, past the chain's head)/);
      expect(await dumpFile(dbPath)).to.deep.equal(await dumpFile(await freshIndex("fresh-after-replace")));

      const out = join(dir, "reports");
      const r = await spawnSmefin(node, ["audit", "--db", dbPath, "--out", out, "--json"]).done;
      expect(r.code, r.stderr).to.equal(0);
      const report = JSON.parse(r.stdout);
      const head = await client.getBlock();
      expect(report.ok).to.equal(true);
      expect(report.chain).to.deep.equal({
        chainId: 31337,
        genesisHash: (await client.getBlock({ blockNumber: 0n })).hash,
        block: { number: Number(head.number), hash: head.hash, time: Number(head.timestamp) },
      });
      expect(readFileSync(join(out, "report.html"), "utf8")).to.include(head.hash!);
      // The app shows a stored audit only while the chain has the block it audited: the old chain's audit is not shown.
      expect(await isOnChain(new RpcClient(node.url), report.chain.block)).to.equal(true);
      expect(await isOnChain(new RpcClient(node.url), auditedBlock)).to.equal(false);

      // Asked for, a rebuild of an index of this very chain starts over and ends where a fresh index does.
      const again = await spawnSmefin(node, ["index", "--db", dbPath, "--rebuild"]).done;
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stderr).to.include("Rebuilding the index from the start: a rebuild was asked for.");
      expect(await dumpFile(dbPath)).to.deep.equal(await dumpFile(await freshIndex("fresh-after-asked-rebuild")));
    });
  });
});
