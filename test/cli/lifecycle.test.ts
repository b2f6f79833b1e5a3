import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, http, type Address } from "viem";
import { devAddress } from "../../lib/devAccounts";
import { depositTokenAbi } from "../../lib/generated/abis";
import { deployOn, startLocalNode, type LocalNode, type LocalNodeOptions } from "../helpers/localNode";
import { smefin, smefinJson } from "../helpers/cli";

/**
 * A loan's whole life through the command line alone, on a freshly deployed chain: admissions, deposits, a demand,
 * its review and attestations, the listing, funding by permit and by approval, the close of the window, the draw,
 * the repayment in full and the claims. Run on Hardhat's node and on anvil with free gas and accounts that hold no
 * ether, so nothing depends on one EVM implementation or on fees being paid.
 */
const address = devAddress;

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

const NODES: { title: string; port: number; options: LocalNodeOptions }[] = [
  { title: "on a Hardhat node", port: 8563, options: {} },
  { title: "on anvil with zero fees and accounts holding no ether (--free-gas)", port: 8564, options: { kind: "anvil", freeGas: true, balance: 0 } },
];

for (const { title, port, options } of NODES) {
  describe(`the command line walks a loan's whole life ${title}`, function () {
    this.timeout(1_800_000);
    let node: LocalNode;
    const cli = (args: string[]) => smefinJson(node, args);

    before(async function () {
      node = await startLocalNode(port, options);
      await deployOn(node);
    });

    after(async function () {
      await node?.stop();
    });

    it("admit, mint, publish, review, attest, list, fund by permit and by approval, close, draw, repay all, claim", async function () {
      const client = createPublicClient({ transport: http(node.url) });
      const ether = async () => Promise.all(["regulator", "operator", "custodian", "rating", "enterprise1", "investor1", "investor2"].map((n) => client.getBalance({ address: address(n) })));
      const etherBefore = await ether();

      await cli(["--as", "regulator", "regulator", "admit", "operator", "--role", "operator", "--credential", "operator dossier"]);
      await cli(["--as", "regulator", "regulator", "admit", "custodian", "--role", "custodian", "--credential", "bank licence"]);
      await cli(["--as", "regulator", "regulator", "admit", "rating", "--role", "agency", "--kinds", "identity,credit-rating", "--credential", "agency licence"]);
      await cli(["--as", "regulator", "regulator", "admit", "enterprise1", "--role", "enterprise", "--scale", "micro", "--credential", "USCC 91330100MA2XXXXX"]);
      for (const investor of ["investor1", "investor2"]) {
        await cli(["--as", "regulator", "regulator", "admit", investor, "--role", "investor", "--credential", `KYC file of ${investor}`]);
        await cli(["--as", "operator", "operator", "suitability", investor, "3"]);
      }
      for (const [to, amount] of [["investor1", "30000"], ["investor2", "30000"], ["enterprise1", "10000"]]) {
        await cli(["--as", "custodian", "custodian", "mint", to, amount, "--ref", `bank transfer in for ${to}`]);
      }

      const { loan } = await cli(["--as", "enterprise1", "enterprise", "publish", "--amount", "50000", "--min-raise", "30000", "--rate", "8", "--method", "equal-instalment", "--instalments", "3", "--funding-days", "7", "--purpose", "Tea-drying equipment"]);
      const id = String(loan);
      await cli(["--as", "operator", "operator", "review", id]);
      await cli(["--as", "rating", "agency", "attest", `account:${address("enterprise1")}`, "--kind", "identity", "--report", "unified social credit code checked"]);
      await cli(["--as", "rating", "agency", "attest", `loan:${id}`, "--kind", "credit-rating", "--value", "3", "--report", "rating report"]);
      const listed = await cli(["--as", "operator", "operator", "list", id, "--fee", "1"]);
      expect(listed.riskGrade).to.equal(2);

      // A funding the loan book refuses (below the policy's minimum contribution of one token) leaves no approval
      // behind.
      const deployment = JSON.parse(readFileSync(join(node.deploymentsDir, "localhost.json"), "utf8"));
      const allowance = () =>
        client.readContract({ address: deployment.contracts.DepositToken.address as Address, abi: depositTokenAbi, functionName: "allowance", args: [address("investor2"), deployment.contracts.LoanBook.address as Address] });
      const refused = await smefin(node, ["--as", "investor2", "investor", "fund", id, "0.5", "--approve"]);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.include("LoanBookBelowMinContribution");
      expect(await allowance()).to.equal(0n);

      expect((await cli(["--as", "investor1", "investor", "fund", id, "25000"])).raised).to.equal("25000000000");
      expect((await cli(["--as", "investor2", "investor", "fund", id, "15000", "--approve"])).raised).to.equal("40000000000");

      // The window passes with 40000 of 50000 raised, above the minimum: closing it makes the raise a success.
      await rpc(node.url, "evm_increaseTime", [8 * 24 * 3600]);
      await rpc(node.url, "evm_mine");
      await cli(["--as", "operator", "operator", "close-funding", id]);

      const drawn = await cli(["--as", "enterprise1", "enterprise", "draw", id]);
      expect(drawn.principal).to.equal("40000000000");
      const repaid = await cli(["--as", "enterprise1", "enterprise", "repay", id, "--all"]);
      expect(BigInt(repaid.repaid)).to.be.greaterThan(40_000_000_000n);

      const claim1 = await cli(["--as", "investor1", "investor", "claim", id]);
      const claim2 = await cli(["--as", "investor2", "investor", "claim", id]);
      expect(BigInt(claim1.amount)).to.be.greaterThan(25_000_000_000n);
      expect(BigInt(claim2.amount)).to.be.greaterThan(15_000_000_000n);
      expect(BigInt(claim1.amount) + BigInt(claim2.amount)).to.be.at.most(BigInt(repaid.repaid));
      expect((await cli(["loan", "show", id])).stateName).to.equal("Repaid");

      if (options.freeGas) {
        // Not a wei of ether anywhere, before or after: every transaction carried zero fees.
        expect(etherBefore.every((b) => b === 0n)).to.equal(true);
        expect((await ether()).every((b) => b === 0n)).to.equal(true);
      }
    });
  });
}
