/**
 * The app's JSON-RPC relay (/api/rpc), tried as an attacker would: node administration, test controls, tracing,
 * the mempool and signing by the node are refused before the node sees them; anonymous visitors learn the chain
 * id and nothing else; logs only of the platform's contracts over a bounded range; batches capped; a session's
 * calls rate-limited; only transactions the signed-in account signed.
 */
import { expect } from "chai";
import { createPublicClient, http, numberToHex, parseEther, toHex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devSigner } from "../../lib/devAccounts";
import { participantRegistryAbi } from "../../lib/generated/abis";
import { buildChain } from "../../lib/chain";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { rpc, signIn } from "./siwe";
import { world } from "./hooks";

const as = (name: string): LocalAccount => devSigner(name);
const call = (method: string, params: unknown[] = [], id: number = 1) => ({ jsonrpc: "2.0", id, method, params });

describe("app server: the JSON-RPC relay", function () {
  this.timeout(120_000);
  let regulator: string;
  let d: Deployment;
  const node = () => createPublicClient({ chain: buildChain({ id: 31337, rpcUrl: world.env!.node.url }), transport: http() });

  before(async () => {
    regulator = await signIn(as("regulator"));
    process.env.SMEFIN_DEPLOYMENTS_DIR = world.env!.node.deploymentsDir;
    d = requireDeployment("localhost");
  });

  it("answers anonymous visitors the chain id and nothing else", async () => {
    expect((await rpc(call("eth_chainId"))).body.result).to.equal("0x7a69");
    expect((await rpc(call("net_version"))).body.result).to.equal("31337");
    for (const [method, params] of [
      ["eth_blockNumber", []],
      ["eth_getBalance", [as("regulator").address, "latest"]],
      ["eth_call", [{ to: d.contracts.LoanBook.address, data: "0x" }, "latest"]],
      ["eth_getLogs", [{ address: d.contracts.LoanBook.address, fromBlock: "0x0", toBlock: "latest" }]],
      ["eth_sendRawTransaction", ["0x02"]],
    ] as const) {
      const answer = await rpc(call(method, [...params]));
      expect(answer.body.error?.code, method).to.equal(4100);
      expect(answer.body.result, method).to.equal(undefined);
    }
  });

  it("serves a signed-in participant the reads a wallet needs", async () => {
    const answers = (await rpc([call("eth_blockNumber", [], 1), call("eth_getBalance", [as("regulator").address, "latest"], 2), call("eth_gasPrice", [], 3)], regulator)).body;
    expect(answers.map((a: { id: number }) => a.id)).to.deep.equal([1, 2, 3]);
    for (const a of answers) expect(a.result, JSON.stringify(a)).to.match(/^0x/);
  });

  const forbidden: [string, unknown[]][] = [
    // setPaused(true) from the regulator, an account the local node holds unlocked
    ["eth_sendTransaction", [{ from: "REGULATOR", to: "REGISTRY", data: "0x16c38b3c0000000000000000000000000000000000000000000000000000000000000001" }]],
    ["eth_accounts", []],
    ["eth_sign", ["REGULATOR", "0xdeadbeef"]],
    ["personal_sign", ["0xdeadbeef", "REGULATOR"]],
    ["eth_signTypedData_v4", ["REGULATOR", "{}"]],
    ["hardhat_impersonateAccount", ["REGULATOR"]],
    ["hardhat_setBalance", ["STRANGER", "0x1000000000000000000"]],
    ["evm_increaseTime", [86_400]],
    ["evm_mine", []],
    ["debug_traceTransaction", ["0x" + "00".repeat(32)]],
    ["admin_peers", []],
    ["admin_nodeInfo", []],
    ["txpool_content", []],
    ["txpool_status", []],
    ["perm_getAccountsWhitelist", []],
    ["qbft_getValidatorsByBlockNumber", ["latest"]],
  ];

  it("refuses every method outside its allowlist, before the node sees it", async () => {
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    const fill = (p: unknown) => (p === "REGULATOR" ? as("regulator").address : p === "STRANGER" ? stranger : p === "REGISTRY" ? d.contracts.ParticipantRegistry.address : p);
    const before = { block: await node().getBlockNumber(), nonce: await node().getTransactionCount({ address: as("regulator").address }) };
    for (const [method, params] of forbidden) {
      const answer = await rpc(call(method, params.map((p) => (typeof p === "object" && p !== null ? Object.fromEntries(Object.entries(p).map(([k, v]) => [k, fill(v)])) : fill(p)))), regulator);
      expect(answer.body.error?.code, method).to.equal(-32601);
      expect(answer.body.error.message, method).to.match(/is not relayed/);
    }
    // Nothing reached the node: no transaction sent, no balance set, no block mined, no time moved.
    expect(await node().getTransactionCount({ address: as("regulator").address })).to.equal(before.nonce);
    expect(await node().getBalance({ address: stranger })).to.equal(0n);
    expect(await node().getBlockNumber()).to.equal(before.block);
    expect(await node().readContract({ address: d.contracts.ParticipantRegistry.address, abi: participantRegistryAbi, functionName: "paused" })).to.equal(false);
  });

  it("refuses a forbidden call inside a batch and answers the rest", async () => {
    const answers = (await rpc([call("eth_chainId", [], 7), call("hardhat_setBalance", [as("regulator").address, "0x0"], 8), call("eth_blockNumber", [], 9)], regulator)).body;
    expect(answers[0]).to.deep.include({ id: 7, result: "0x7a69" });
    expect(answers[1].id).to.equal(8);
    expect(answers[1].error.code).to.equal(-32601);
    expect(answers[2].result).to.match(/^0x/);
  });

  it("relays eth_getLogs for the platform's contracts over at most 10,000 blocks", async () => {
    const ok = await rpc(call("eth_getLogs", [{ address: d.contracts.LoanBook.address, fromBlock: numberToHex(d.contracts.LoanBook.blockNumber), toBlock: "latest" }]), regulator);
    expect(ok.body.result).to.be.an("array").that.is.not.empty;
    const refusals: [string, unknown][] = [
      ["a foreign address", { address: privateKeyToAccount(generatePrivateKey()).address, fromBlock: "0x0", toBlock: "latest" }],
      ["one foreign address among ours", { address: [d.contracts.LoanBook.address, as("regulator").address], fromBlock: "0x0", toBlock: "latest" }],
      ["no address", { fromBlock: "0x0", toBlock: "latest" }],
      ["a range of 10,001 blocks", { address: d.contracts.LoanBook.address, fromBlock: "0x0", toBlock: toHex(10_000) }],
      ["a range up to a far head", { address: d.contracts.LoanBook.address, fromBlock: "earliest", toBlock: toHex(1_000_000) }],
    ];
    for (const [label, filter] of refusals) {
      const answer = await rpc(call("eth_getLogs", [filter]), regulator);
      expect(answer.body.error, label).to.not.equal(undefined);
      expect(answer.body.result, label).to.equal(undefined);
    }
    const widest = await rpc(call("eth_getLogs", [{ address: d.contracts.LoanBook.address, fromBlock: "0x0", toBlock: toHex(9_999) }]), regulator);
    expect(widest.body.result).to.be.an("array");
  });

  it("caps a batch at 50 calls", async () => {
    const fifty = await rpc(Array.from({ length: 50 }, (_, i) => call("eth_chainId", [], i)), regulator);
    expect(fifty.status).to.equal(200);
    expect(fifty.body).to.have.length(50);
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    const big = await rpc([...Array.from({ length: 50 }, (_, i) => call("eth_chainId", [], i)), call("hardhat_setBalance", [stranger, "0x1"], 50)], regulator);
    expect(big.status).to.equal(400);
    expect(big.body.error.message).to.match(/at most 50 calls/);
    // 20,000 calls are far past the relay's body limit too: refused before the batch is even parsed.
    const huge = await rpc(Array.from({ length: 20_000 }, (_, i) => call("eth_blockNumber", [], i)), regulator);
    expect(huge.status).to.equal(413);
  });

  it("rate-limits a session, and only that session", async () => {
    const cookie = await signIn(as("operator"));
    let limited: { status: number; body: any } | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const answer = await rpc(Array.from({ length: 50 }, (_, n) => call("eth_chainId", [], n)), cookie);
      if (answer.status !== 200) limited = answer;
    }
    expect(limited, "a session sending 2,000 calls at once is slowed down").to.not.equal(undefined);
    expect(limited!.status).to.equal(429);
    expect(limited!.body.error.code).to.equal(-32005);
    expect((await rpc(call("eth_blockNumber"), regulator)).body.result).to.match(/^0x/);
  });

  it("relays only transactions signed by the signed-in account, for this chain", async () => {
    const chain = buildChain({ id: 31337, rpcUrl: world.env!.node.url });
    const sign = async (account: LocalAccount, chainId = 31337) => {
      const nonce = await node().getTransactionCount({ address: account.address });
      return account.signTransaction({ chainId, type: "eip1559", to: account.address, value: 0n, nonce, gas: 21_000n, maxFeePerGas: parseEther("0.0000001"), maxPriorityFeePerGas: 1n });
    };
    void chain;
    const cookie = await signIn(as("investor4"));
    const someoneElse = await rpc(call("eth_sendRawTransaction", [await sign(as("investor5"))]), cookie);
    expect(someoneElse.body.error?.code).to.equal(4100);
    const otherChain = await rpc(call("eth_sendRawTransaction", [await sign(as("investor4"), 1)]), cookie);
    expect(otherChain.body.error?.code).to.equal(-32602);
    const own = await rpc(call("eth_sendRawTransaction", [await sign(as("investor4"))]), cookie);
    expect(own.body.result, JSON.stringify(own.body)).to.match(/^0x[0-9a-f]{64}$/);
    await node().waitForTransactionReceipt({ hash: own.body.result });
  });
});
