import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { keccak256, parseEventLogs, toHex, type Address } from "viem";
import { activeLoan, defaultTerms, deployFixture, listedLoan, publish, units, type Fixture } from "../helpers/fixture";
import { prepareAttestation, relayAttestation, signAttestation } from "../../lib/actions/attestation";
import { preparePostBond } from "../../lib/actions/bond";
import { prepareFund, prepareFundWithPermit } from "../../lib/actions/fund";
import { prepareRepay } from "../../lib/actions/repay";
import { loanSubject } from "../../lib/attestations";
import { AttestationKind, kindBit } from "../../lib/enums";
import { attestationRegistryAbi } from "../../lib/generated/abis";
import { describeError } from "../../lib/errors";
import { deploymentOf, devAccount, publicClient, walletClient } from "./helpers/viem";

// Development accounts in the fixture's order.
const RATER = 3;
const GUARANTOR = 4;
const ENTERPRISE = 5;
const OUTSIDER = 7;
const FIRST_INVESTOR = 8;

async function addressesOf(f: Fixture) {
  const d = await deploymentOf(f);
  return { registry: d.contracts.AttestationRegistry.address, loanBook: d.contracts.LoanBook.address, token: d.contracts.DepositToken.address };
}

async function expectRefusal(promise: Promise<unknown>, sentence: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(describeError(error)).to.match(sentence);
    return;
  }
  throw new Error("expected a refusal");
}

describe("lib/actions on the Hardhat network", function () {
  describe("prepareFundWithPermit", function () {
    it("signs the permit with the token's nonce and name and a deadline from chain time", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const { loanBook, token } = await addressesOf(f);
      const investor = devAccount(FIRST_INVESTOR);
      const client = publicClient();
      await time.increase(7 * 24 * 3600);
      const { deadline, call } = await prepareFundWithPermit(client, { signer: investor, loanBook, token, loanId: id, amount: units(10_000) });
      expect(deadline).to.equal(BigInt(await time.latest()) + 3600n);
      const hash = await walletClient(investor).writeContract(call);
      await client.waitForTransactionReceipt({ hash });
      expect((await f.loanBook.getPosition(id, investor.address)).contributed).to.equal(units(10_000));
      expect(await f.token.nonces(investor.address)).to.equal(1n);
    });

    it("a wallet client signs too", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const { loanBook, token } = await addressesOf(f);
      const wallet = walletClient(devAccount(FIRST_INVESTOR + 1));
      const { call } = await prepareFundWithPermit(publicClient(), { signer: wallet, loanBook, token, loanId: id, amount: units(5_000) });
      await publicClient().waitForTransactionReceipt({ hash: await wallet.writeContract(call) });
      expect((await f.loanBook.getPosition(id, wallet.account.address)).contributed).to.equal(units(5_000));
    });
  });

  describe("prepareFund, prepareRepay, preparePostBond", function () {
    it("checks a refused call before any approval: the revert is decoded and no allowance is left", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await publish(f);
      const { loanBook, token } = await addressesOf(f);
      const investor = devAccount(FIRST_INVESTOR) ;
      await expectRefusal(prepareFund(publicClient(), { account: investor.address, loanBook, token, loanId: id, amount: units(1_000) }), /not (open|listed)|Published/i);
      expect(await f.token.allowance(investor.address, loanBook)).to.equal(0n);
    });

    it("repays with the approval it needs, and none when the allowance already covers it", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await activeLoan(f);
      const { loanBook, token } = await addressesOf(f);
      const enterprise = devAccount(ENTERPRISE);
      const client = publicClient();
      const wallet = walletClient(enterprise);
      const amount = (await f.loanBook.nextInstalment(id))[2];
      const first = await prepareRepay(client, { account: enterprise.address, loanBook, token, loanId: id, amount });
      expect(first.approval?.args).to.deep.equal([loanBook, amount]);
      await client.waitForTransactionReceipt({ hash: await wallet.writeContract(first.approval!) });
      const again = await prepareRepay(client, { account: enterprise.address, loanBook, token, loanId: id, amount });
      expect(again.approval).to.equal(undefined);
      const before = (await f.loanBook.getAccounts(id)).repaid;
      await client.waitForTransactionReceipt({ hash: await wallet.writeContract(again.call) });
      expect((await f.loanBook.getAccounts(id)).repaid - before).to.equal(amount);
    });

    it("posts a guarantee bond after its approval", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await publish(f, defaultTerms());
      await f.loanBook.connect(f.operator).openReview(id);
      await f.loanBook.connect(f.operator).requestService(id, f.guarantor, kindBit(AttestationKind.Guarantee));
      const { loanBook, token } = await addressesOf(f);
      const guarantor = devAccount(GUARANTOR);
      const client = publicClient();
      const wallet = walletClient(guarantor);
      const { approval, call } = await preparePostBond(client, { account: guarantor.address, loanBook, token, loanId: id, amount: units(20_000) });
      await client.waitForTransactionReceipt({ hash: await wallet.writeContract(approval!) });
      await client.waitForTransactionReceipt({ hash: await wallet.writeContract(call) });
      expect((await f.loanBook.getAccounts(id)).bond).to.equal(units(20_000));
    });
  });

  describe("prepareAttestation and signAttestation", function () {
    it("encodes the value for its kind, the subject and an expiry from chain time; the agency sends it", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const { registry } = await addressesOf(f);
      const client = publicClient();
      const request = await prepareAttestation(client, { kind: AttestationKind.CreditRating, about: { loanId: 42n }, value: "BBB", dataHash: keccak256(toHex("report")), validFor: 86_400 });
      expect(request).to.deep.include({ subject: loanSubject(42), value: 4n, expiresAt: (await time.latest()) + 86_400 });
      const rater = walletClient(devAccount(RATER));
      const receipt = await client.waitForTransactionReceipt({ hash: await rater.writeContract({ address: registry, abi: attestationRegistryAbi, functionName: "attest", args: [request] }) });
      const [event] = parseEventLogs({ abi: attestationRegistryAbi, logs: receipt.logs, eventName: "Attested" });
      expect(event.args).to.deep.include({ attester: f.rater.address, relayer: f.rater.address, value: 4n });
    });

    it("signs a request another account relays, recorded as the signer's; a relayed copy is refused", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const { registry } = await addressesOf(f);
      const client = publicClient();
      const request = await prepareAttestation(client, { kind: AttestationKind.Identity, about: { account: f.enterprise.address as Address }, value: "0", dataHash: keccak256(toHex("kyc")) });
      expect(request.expiresAt).to.equal(0);
      const { input, signature, call } = await signAttestation(client, { signer: devAccount(RATER), registry, request });
      expect(input.deadline).to.equal(BigInt(await time.latest()) + 86_400n);
      const relayer = walletClient(devAccount(OUTSIDER));
      const receipt = await client.waitForTransactionReceipt({ hash: await relayer.writeContract(call) });
      const [event] = parseEventLogs({ abi: attestationRegistryAbi, logs: receipt.logs, eventName: "Attested" });
      expect(event.args).to.deep.include({ attester: f.rater.address, relayer: f.outsider.address });
      await expectRefusal(relayer.writeContract(relayAttestation(input, signature)), /nonce|signature/i);
      expect(await f.attestations.nonces(f.rater.address)).to.equal(1n);
    });
  });
});
