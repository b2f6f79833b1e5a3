import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { bin, ROOT } from "../../scripts/lib/processes";
import { devAddress, devSigner } from "../../lib/devAccounts";
import { CONTRACT_NAMES } from "../../lib/deployments";
import { startLocalNode, type LocalNode } from "../helpers/localNode";

function runCaptured(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const deploy = (node: LocalNode, network: string, env: NodeJS.ProcessEnv = {}) =>
  runCaptured(bin("hardhat"), ["run", "--network", network, "scripts/deploy.ts"], { ...node.env, ...env });

describe("scripts/deploy.ts", function () {
  this.timeout(180_000);

  describe("on the local chain", function () {
    let node: LocalNode;
    before(async () => (node = await startLocalNode(8560)));
    after(async () => node?.stop());

    it("deploys, records deployments/NETWORK.json, and changes nothing when run again", async function () {
      const first = await deploy(node, "localhost");
      expect(first.code, first.out).to.equal(0);
      expect(first.out).to.include("Deployed on localhost");
      const recorded = JSON.parse(readFileSync(join(node.deploymentsDir, "localhost.json"), "utf8"));
      expect(recorded.chainId).to.equal(31337);
      const client = createPublicClient({ transport: http(node.url) });
      // Each contract is recorded at its proxy, with the block of the proxy's deployment: the first block with any
      // of its events (the initializer's), where the indexer starts reading.
      for (const name of CONTRACT_NAMES) {
        const { address, blockNumber, transactionHash } = recorded.contracts[name];
        const receipt = await client.getTransactionReceipt({ hash: transactionHash });
        expect(receipt.contractAddress?.toLowerCase(), name).to.equal(address.toLowerCase());
        expect(Number(receipt.blockNumber), name).to.equal(blockNumber);
        expect(await client.getLogs({ address, fromBlock: 0n, toBlock: BigInt(blockNumber - 1) }), name).to.deep.equal([]);
        const first = await client.getLogs({ address, fromBlock: BigInt(blockNumber), toBlock: BigInt(blockNumber) });
        expect(first.length, name).to.be.greaterThan(0);
      }
      const blockBefore = await client.getBlockNumber();

      const second = await deploy(node, "localhost");
      expect(second.code, second.out).to.equal(0);
      expect(second.out).to.include("Already deployed on localhost");
      expect(JSON.parse(readFileSync(join(node.deploymentsDir, "localhost.json"), "utf8"))).to.deep.equal(recorded);
      expect(await client.getBlockNumber()).to.equal(blockBefore);
    });
  });

  describe("on a chain with free gas, from an RPC URL and a key in the environment", function () {
    let node: LocalNode;
    before(async () => (node = await startLocalNode(8561, { freeGas: true })));
    after(async () => node?.stop());

    it("deploys with a zero gas price and the command line works with --free-gas", async function () {
      const regulator = devSigner("regulator");
      const key = `0x${Buffer.from(regulator.getHdKey().privateKey!).toString("hex")}`;
      const client = createPublicClient({ transport: http(node.url) });
      const ethBefore = await client.getBalance({ address: regulator.address });

      const env = { SMEFIN_DEPLOYER_KEY: key, SMEFIN_GAS_PRICE: "0" };
      const result = await deploy(node, "consortium", env);
      expect(result.code, result.out).to.equal(0);
      expect(result.out).to.include("Deployed on consortium");

      const cli = await runCaptured(
        process.execPath,
        [join(ROOT, "bin", "smefin.js"), "--network", "consortium", "--free-gas", "--json", "regulator", "admit", devAddress("enterprise1"), "--role", "enterprise", "--scale", "small", "--credential", "USCC 91330100MA2XXXXX"],
        { ...node.env, SMEFIN_PRIVATE_KEY: key },
      );
      expect(cli.code, cli.out).to.equal(0);
      // Five transactions (four deployments and the wiring) and one admission, and not a wei spent on gas.
      expect(await client.getBalance({ address: regulator.address })).to.equal(ethBefore);
    });
  });
});
