import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http, type PublicClient } from "viem";
import { devAddress } from "../../lib/devAccounts";
import { getContracts } from "../../lib/contracts";
import { STATE_INTERVAL_SECONDS, startAnvil, type Anvil } from "../../scripts/lib/anvil";
import { bin, run } from "../../scripts/lib/processes";
import { smefin, smefinJson } from "../helpers/cli";

/**
 * The local chain `npm start` runs keeps its state under the data folder: stopped with Ctrl-C and started again it
 * is the same chain (blocks, balances, loans); killed, it loses at most the last few seconds and carries on; and
 * the ledger index built across both restarts audits clean.
 */
const URL = "http://127.0.0.1:8565";
const address = devAddress;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the durable local chain (anvil with its state under the data folder)", function () {
  this.timeout(1_800_000);
  let dir: string;
  let chain: Anvil | undefined;
  let env: NodeJS.ProcessEnv;
  const node = () => ({ url: URL, env });
  const start = async () => (chain = await startAnvil({ url: URL, statePath: join(dir, "data", "chain", "anvil-state.json") }));

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "smefin-durable-"));
    env = { ...process.env, SMEFIN_LOCAL_RPC_URL: URL, SMEFIN_DATA_DIR: join(dir, "data"), SMEFIN_DEPLOYMENTS_DIR: join(dir, "deployments") };
  });

  after(async function () {
    if (chain?.child.exitCode === null) chain.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Waits until the state file anvil writes every STATE_INTERVAL_SECONDS holds `block`. On a loaded machine one
   * write can take longer than the interval, so the test waits for the file rather than for a fixed time.
   */
  async function stateWritten(block: bigint) {
    const path = join(dir, "data", "chain", "anvil-state.json");
    const deadline = Date.now() + 30 * STATE_INTERVAL_SECONDS * 1000;
    for (;;) {
      try {
        if (BigInt(JSON.parse(readFileSync(path, "utf8")).best_block_number) >= block) return;
      } catch {
        // Being written: read it again.
      }
      if (Date.now() > deadline) throw new Error(`the state file did not reach block ${block} within ${30 * STATE_INTERVAL_SECONDS} s`);
      await sleep(250);
    }
  }

  async function snapshot(client: PublicClient) {
    const deployment = JSON.parse(readFileSync(join(dir, "deployments", "localhost.json"), "utf8"));
    const { token, loanBook } = getContracts(deployment, client);
    const block = await client.getBlock();
    return {
      block: block.number,
      hash: block.hash,
      timestamp: block.timestamp,
      investor3: await token.read.balanceOf([address("investor3")]),
      loanBook: await token.read.balanceOf([loanBook.address]),
      loan4: await loanBook.read.getAccounts([4n]),
      loans: await loanBook.read.loanCount(),
    };
  }

  it("keeps every block, balance and loan across Ctrl-C, loses at most seconds to a kill, and the index audits ok", async function () {
    await start();
    const quiet = { env, stdio: "ignore" as const };
    await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/deploy.ts"], quiet);
    await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/seed.ts"], quiet);
    await smefinJson(node(), ["--as", "investor3", "investor", "fund", "9", "1000"]);
    const client = createPublicClient({ transport: http(URL) }) as PublicClient;
    const beforeStop = await snapshot(client);

    // Ctrl-C and start again: the same chain, to the block.
    await chain!.stop();
    await start();
    expect(await snapshot(client)).to.deep.equal(beforeStop);

    // It carries on, and its clock (moved months ahead by the seed) never runs backwards.
    await smefinJson(node(), ["--as", "investor3", "investor", "fund", "9", "500"]);
    const afterWrite = await snapshot(client);
    expect(afterWrite.block).to.equal(beforeStop.block + 1n);
    expect(afterWrite.timestamp > beforeStop.timestamp).to.equal(true);

    // Killed after its state was written (within seconds, without stopping): nothing lost.
    await stateWritten(afterWrite.block);
    chain!.child.kill("SIGKILL");
    await new Promise((resolve) => chain!.child.once("exit", resolve));
    await start();
    expect(await snapshot(client)).to.deep.equal(afterWrite);

    // Killed right after a write: at most that write is lost, and the chain carries on from where its state was.
    await smefinJson(node(), ["--as", "investor5", "investor", "fund", "10", "700"]);
    chain!.child.kill("SIGKILL");
    await new Promise((resolve) => chain!.child.once("exit", resolve));
    await start();
    const afterKill = await snapshot(client);
    expect(afterKill.block >= afterWrite.block).to.equal(true);
    expect(afterKill.block <= afterWrite.block + 1n).to.equal(true);
    await smefinJson(node(), ["--as", "investor3", "investor", "fund", "9", "250"]);
    expect((await snapshot(client)).investor3).to.equal(afterWrite.investor3 - 250_000_000n);

    // The ledger index, built from the chain as it stands, audits clean.
    const indexed = await smefinJson(node(), ["index"]);
    expect(indexed.toBlock).to.be.greaterThan(0);
    const audit = await smefin(node(), ["audit", "--json"]);
    expect(audit.code, audit.stderr).to.equal(0);
    expect(JSON.parse(audit.stdout).ok).to.equal(true);
    await chain!.stop();
  });
});
