import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { smefin, smefinJson } from "../helpers/cli";

/** The command line, run as a real subprocess against a seeded node of the test's own. */
const PORT = 8547;

const json = smefinJson;

describe("smefin command line (subprocesses against a local node)", function () {
  this.timeout(300_000);
  let node: LocalNode;

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node, { seed: true });
  });

  after(async function () {
    await node?.stop();
  });

  it("prints help with a command group per role", async function () {
    const r = await smefin(node, ["--help"]);
    expect(r.code).to.equal(0);
    for (const group of ["regulator", "operator", "custodian", "agency", "investor", "enterprise", "loan", "portfolio", "recommend", "participant"]) {
      expect(r.stdout).to.include(group);
    }
  });

  it("lists loans as JSON with id, state, enterprise, amount and raised, and filters them", async function () {
    const loans = await json<any[]>(node, ["loan", "list"]);
    expect(loans.length).to.be.greaterThanOrEqual(13);
    for (const l of loans) expect(l).to.include.keys("id", "state", "stateName", "enterprise", "amount", "raised");
    const states = new Set(loans.map((l) => l.stateName));
    for (const s of ["Published", "UnderReview", "Listed", "Funded", "Active", "Late", "Compensated", "Repaid", "Cancelled", "Failed"]) expect(states).to.include(s);

    const listed = await json<any[]>(node, ["loan", "list", "--state", "listed"]);
    expect(listed.length).to.be.greaterThan(0);
    expect(listed.every((l) => l.stateName === "Listed")).to.equal(true);
    const ofOne = await json<any[]>(node, ["loan", "list", "--enterprise", "enterprise1"]);
    expect(ofOne.length).to.be.greaterThan(0);
    expect(new Set(ofOne.map((l) => l.enterprise)).size).to.equal(1);
    const grade2 = await json<any[]>(node, ["loan", "list", "--grade", "2"]);
    expect(grade2.every((l) => l.riskGrade === 2)).to.equal(true);
  });

  it("shows a loan, a participant, a portfolio and recommendations", async function () {
    const loan = await json(node, ["loan", "show", "4"]);
    expect(loan.stateName).to.equal("Active");
    expect(BigInt(loan.scheduleTotal)).to.be.greaterThan(BigInt(loan.amount));
    const human = await smefin(node, ["loan", "show", "4"]);
    expect(human.stdout).to.match(/next instalment\s+#\d+ due/);

    const investor = await json(node, ["participant", "show", "investor3"]);
    expect(investor.role).to.equal("Investor");
    expect(investor.suitability).to.equal(3);

    const portfolio = await json(node, ["portfolio", "investor3"]);
    expect(portfolio.positions.length).to.be.greaterThan(0);

    const recommended = await json<any>(node, ["recommend", "investor5"]);
    expect(recommended.matches.length).to.be.greaterThan(0);
    for (const m of recommended.matches) expect(m.loan.riskGrade).to.be.at.most(5);
  });

  it("walks a demand from publication to a claim, one role at a time", async function () {
    const published = await json(node, ["--as", "enterprise2", "enterprise", "publish", "--amount", "20000", "--min-raise", "15000", "--rate", "7.5", "--method", "equal-instalment", "--instalments", "6", "--purpose", "Tooling for a new contract"]);
    const id = String(published.loan);
    await json(node, ["--as", "operator", "operator", "review", id]);
    await json(node, ["--as", "operator", "operator", "request", id, "rating", "--kinds", "credit-rating"]);
    await json(node, ["--as", "rating", "agency", "attest", `loan:${id}`, "--kind", "credit-rating", "--value", "3", "--report", "rating report"]);
    const listed = await json(node, ["--as", "operator", "operator", "list", id, "--fee", "1"]);
    expect(listed.riskGrade).to.equal(2);

    const funded = await json(node, ["--as", "investor5", "investor", "fund", id, "12000"]);
    expect(funded.raised).to.equal("12000000000");
    await json(node, ["--as", "investor4", "investor", "fund", id, "8000", "--approve"]);
    expect((await json(node, ["loan", "show", id])).stateName).to.equal("Funded");

    await json(node, ["--as", "enterprise2", "enterprise", "draw", id]);
    const repaid = await json(node, ["--as", "enterprise2", "enterprise", "repay", id]);
    expect(BigInt(repaid.amount)).to.be.greaterThan(0n);
    const claimed = await json(node, ["--as", "investor5", "investor", "claim", id]);
    expect(BigInt(claimed.amount)).to.be.greaterThan(0n);
  });

  it("reads amounts with thousands separators and refuses malformed grouping before sending anything", async function () {
    const publish = (amount: string) => ["--as", "enterprise3", "enterprise", "publish", "--amount", amount, "--min-raise", "10,000", "--rate", "6", "--method", "equal-instalment", "--instalments", "3", "--purpose", "Cold-chain vans"];
    const published = await json(node, publish("25,000.50"));
    expect((await json(node, ["loan", "show", String(published.loan)])).amount).to.equal("25000500000");
    const bad = await smefin(node, publish("8,0000"));
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('not an amount of tokens (up to 6 decimals): "8,0000"');
  });

  it("shows a revert as the decoded custom error in words and exits non-zero", async function () {
    const listed = await json<any[]>(node, ["loan", "list", "--state", "listed"]);
    const risky = listed.find((l) => l.riskGrade >= 3);
    expect(risky, "a listed loan of grade 3 or worse in the seed").to.not.equal(undefined);
    const r = await smefin(node, ["--as", "investor1", "investor", "fund", String(risky.id), "100"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include("LoanBookUnsuitableInvestor");
    expect(r.stderr).to.match(/suitability 1/);
    expect(r.stderr).to.not.match(/0x[0-9a-f]{64,}/i);
  });

  it("never echoes a key typed where a name, a file, an option or an argument belongs", async function () {
    const key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    const attempts = [
      ["--as", key, "investor", "claim", "4"],
      ["--as", key.slice(2), "investor", "claim", "4"],
      ["--json", "--as", key, "investor", "claim", "4"],
      [`--as=${key}`, "investor", "claim", "4"],
      [`--private-key=${key}`, "loan", "list"],
      ["--private-key", key, "loan", "list"],
      ["--keystore", key, "investor", "claim", "4"],
      ["--keystore", key.slice(2), "investor", "claim", "4"],
      ["loan", "show", key],
      ["investor", "fund", "9", key, "--as", "investor3"],
    ];
    for (const args of attempts) {
      const r = await smefin(node, args);
      expect(r.code, args.join(" ")).to.not.equal(0);
      expect(r.stdout + r.stderr, args.join(" ")).to.not.match(/4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318/i);
    }
    const asKey = await smefin(node, ["--as", key, "investor", "claim", "4"]);
    expect(asKey.stderr).to.include("--as takes the name of a development account, never a key");
    const keystoreKey = await smefin(node, ["--keystore", key, "investor", "claim", "4"]);
    expect(keystoreKey.stderr).to.include("--keystore takes a keystore file, never a key");
  });

  it("takes keys from the environment or an encrypted keystore, never from an argument", async function () {
    const dir = mkdtempSync(join(tmpdir(), "smefin-keys-"));
    try {
      const noKey = await smefin(node, ["investor", "claim", "4"]);
      expect(noKey.code).to.equal(1);
      expect(noKey.stderr).to.include("no signing key");
      const asArg = await smefin(node, ["--private-key", "0x01", "loan", "list"]);
      expect(asArg.code).to.not.equal(0);

      // A key nobody admitted: whichever source it comes from, the claim it signs is refused for that account.
      const key = "0x" + "0".repeat(63) + "1";
      const address = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf";
      const viaEnv = await smefin(node, ["investor", "claim", "4"], { SMEFIN_PRIVATE_KEY: key });
      expect(viaEnv.code).to.equal(1);
      expect(viaEnv.stderr).to.include("LoanBookNothingToClaim");

      const file = join(dir, "key.json");
      const created = await smefin(node, ["keystore", "create", file], { SMEFIN_PRIVATE_KEY: key, SMEFIN_KEYSTORE_PASSWORD: "correct horse" });
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout.trim()).to.equal(address);
      const viaKeystore = await smefin(node, ["--keystore", file, "investor", "claim", "4"], { SMEFIN_KEYSTORE_PASSWORD: "correct horse" });
      expect(viaKeystore.code).to.equal(1);
      expect(viaKeystore.stderr).to.include("LoanBookNothingToClaim");
      const wrongPassword = await smefin(node, ["--keystore", file, "investor", "claim", "4"], { SMEFIN_KEYSTORE_PASSWORD: "wrong" });
      expect(wrongPassword.code).to.equal(1);
      expect(wrongPassword.stderr).to.match(/password/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
