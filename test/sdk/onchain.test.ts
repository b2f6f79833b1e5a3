import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { createPublicClient, custom, encodeErrorResult, hashDomain, keccak256, parseEventLogs, toHex, zeroHash, type Hex } from "viem";
import { network } from "hardhat";
import { deployFixture, listedLoan, defaultTerms, units, type Fixture } from "../helpers/fixture";
import { TOKEN_NAME } from "../../scripts/lib/system";
import { AttestationKind, LoanState, RepaymentMethod } from "../../lib/enums";
import { loanSubject } from "../../lib/attestations";
import { attestationRegistryAbi, depositTokenAbi } from "../../lib/generated/abis";
import { buildChain } from "../../lib/chain";
import {
  DEPOSIT_TOKEN_NAME,
  attestBySignatureArgs,
  attestTypedData,
  attestationDomain,
  fundWithPermitArgs,
  permitTypedData,
  type AttestationRequest,
} from "../../lib/typedData";
import { ERROR_SENTENCES, decodeRevert, describeError, smefinErrorsAbi } from "../../lib/errors";
import { shortAddress } from "../../lib/format";
import { dueAfterUp, periodRateWad } from "../../lib/schedule";
import { devAccount, sdkFor } from "./helpers/viem";

// Development accounts in the fixture's order.
const RATER = 3;
const OUTSIDER = 7;
const FIRST_INVESTOR = 8;

async function expectRevert(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a revert");
}

describe("SDK on the Hardhat network (viem)", function () {
  describe("typed contracts", function () {
    it("reads the system deployed by the fixture through the generated ABIs", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const { contracts } = await sdkFor(f, devAccount(OUTSIDER));
      expect(await contracts.token.read.name()).to.equal(TOKEN_NAME);
      expect(await contracts.token.read.decimals()).to.equal(6);
      expect(await contracts.registry.read.isPlatformContract([contracts.loanBook.address])).to.equal(true);
      const policy = await contracts.registry.read.policy();
      expect(policy.rateCapBps).to.equal(1200);
      expect(await contracts.loanBook.read.loanCount()).to.equal(0n);
    });

    it("computes the same schedule as the LoanBook's dueAfter for a listed loan", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const terms = defaultTerms({ method: RepaymentMethod.EqualPrincipal, instalments: 7, rateBps: 1100 });
      const id = await listedLoan(f, terms);
      const { contracts } = await sdkFor(f, devAccount(OUTSIDER));
      const loan = await contracts.loanBook.read.getLoan([id]);
      expect(loan.state).to.equal(LoanState.Listed);
      const r = periodRateWad(loan.terms.rateBps, loan.terms.periodLength);
      for (let k = 0n; k <= 7n; k++) {
        expect(await contracts.loanBook.read.dueAfter([id, k])).to.equal(dueAfterUp(loan.terms.amount, loan.terms.method as RepaymentMethod, r, 7, k));
      }
    });
  });

  describe("EIP-712 attestations", function () {
    async function signedAttestation(f: Fixture, overrides: Partial<AttestationRequest> = {}) {
      const rater = devAccount(RATER);
      expect(rater.address).to.equal(f.rater.address);
      const { contracts, client } = await sdkFor(f, devAccount(OUTSIDER));
      const request: AttestationRequest = {
        kind: AttestationKind.CreditRating,
        subject: loanSubject(42),
        value: 4n,
        dataHash: keccak256(toHex("rating report 42")),
        refUID: zeroHash,
        expiresAt: 0,
        ...overrides,
      };
      const input = {
        chainId: await client.getChainId(),
        registry: contracts.attestations.address,
        attester: rater.address,
        request,
        nonce: await contracts.attestations.read.nonces([rater.address]),
        deadline: BigInt((await time.latest()) + 3600),
      };
      const signature = await rater.signTypedData(attestTypedData(input));
      return { contracts, client, input, signature };
    }

    it("uses the registry's domain", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const { contracts, client } = await sdkFor(f, devAccount(OUTSIDER));
      const domain = attestationDomain(await client.getChainId(), contracts.attestations.address);
      expect(hashDomain({ domain, types: { EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ] } })).to.equal(await contracts.attestations.read.domainSeparator());
    });

    it("a viem-signed attestation relayed by another account is recorded as the signer's", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const { contracts, client, input, signature } = await signedAttestation(f);
      const hash = await contracts.attestations.write.attestBySignature(attestBySignatureArgs(input, signature));
      const receipt = await client.waitForTransactionReceipt({ hash });
      const [event] = parseEventLogs({ abi: attestationRegistryAbi, logs: receipt.logs, eventName: "Attested" });
      expect(event.args.attester).to.equal(f.rater.address);
      expect(event.args.relayer).to.equal(f.outsider.address);
      expect(event.args.value).to.equal(4n);
      const stored = await contracts.attestations.read.getAttestation([event.args.uid]);
      expect(stored).to.deep.include({ attester: f.rater.address, kind: AttestationKind.CreditRating, subject: loanSubject(42), value: 4n });
      expect(await contracts.attestations.read.isValid([event.args.uid])).to.equal(true);
      expect(await contracts.attestations.read.nonces([input.attester])).to.equal(input.nonce + 1n);
    });

    it("a replayed or tampered signature is refused, and the decoder says why", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const { contracts, input, signature } = await signedAttestation(f);
      // Tampered: the relayer raises the rating.
      const tampered = { ...input, request: { ...input.request, value: 1n } };
      const invalid = await expectRevert(contracts.attestations.write.attestBySignature(attestBySignatureArgs(tampered, signature)));
      expect(describeError(invalid)).to.equal(`AttestationInvalidSignature: the signature is not ${shortAddress(f.rater.address)}'s`);
      expect(await contracts.attestations.read.nonces([input.attester])).to.equal(input.nonce);

      await contracts.attestations.write.attestBySignature(attestBySignatureArgs(input, signature));
      const replay = await expectRevert(contracts.attestations.write.attestBySignature(attestBySignatureArgs(input, signature)));
      expect(decodeRevert(replay)).to.deep.include({ name: "InvalidAccountNonce", args: [f.rater.address, 1n] });
    });
  });

  describe("ERC-2612 permits", function () {
    it("a viem-signed permit funds a listed loan in one transaction through fundWithPermit", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const investor = devAccount(FIRST_INVESTOR);
      expect(investor.address).to.equal(f.investors[0].address);
      const { contracts, client } = await sdkFor(f, investor);
      const amount = units(2_500);
      const deadline = BigInt((await time.latest()) + 3600);
      const input = {
        chainId: await client.getChainId(),
        token: contracts.token.address,
        tokenName: await contracts.token.read.name(),
        owner: investor.address,
        spender: contracts.loanBook.address,
        value: amount,
        nonce: await contracts.token.read.nonces([investor.address]),
        deadline,
      };
      expect(input.tokenName).to.equal(DEPOSIT_TOKEN_NAME);
      const signature = await investor.signTypedData(permitTypedData(input));
      const balanceBefore = await contracts.token.read.balanceOf([investor.address]);
      expect(await contracts.token.read.allowance([investor.address, contracts.loanBook.address])).to.equal(0n);

      const hash = await contracts.loanBook.write.fundWithPermit(fundWithPermitArgs(id, amount, deadline, signature));
      const receipt = await client.waitForTransactionReceipt({ hash });
      expect(receipt.status).to.equal("success");

      expect(await contracts.token.read.balanceOf([investor.address])).to.equal(balanceBefore - amount);
      expect(await contracts.token.read.nonces([investor.address])).to.equal(input.nonce + 1n);
      expect(await contracts.token.read.allowance([investor.address, contracts.loanBook.address])).to.equal(0n);
      expect((await contracts.loanBook.read.getPosition([id, investor.address])).contributed).to.equal(amount);
      expect((await contracts.loanBook.read.getAccounts([id])).raised).to.equal(amount);
      const transfers = parseEventLogs({ abi: depositTokenAbi, logs: receipt.logs, eventName: "Transfer" });
      expect(transfers.map((t) => t.args.value)).to.deep.equal([amount]);
    });
  });

  describe("revert decoding", function () {
    it("explains an unsuitable investor in words, from a real revert through viem", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await listedLoan(f, defaultTerms(), { rating: "BBB" }); // risk grade 3
      await f.registry.connect(f.operator).setSuitability(f.investors[0], 2);
      const { contracts } = await sdkFor(f, devAccount(FIRST_INVESTOR));
      await contracts.token.write.approve([contracts.loanBook.address, units(1_000)]);
      const raisedBefore = (await contracts.loanBook.read.getAccounts([id])).raised;

      const error = await expectRevert(contracts.loanBook.write.fund([id, units(1_000)]));
      expect(describeError(error)).to.equal(
        `LoanBookUnsuitableInvestor: investor ${shortAddress(f.investors[0].address)} has suitability 2, loan risk grade 3`,
      );
      const decoded = decodeRevert(error)!;
      expect(decoded.name).to.equal("LoanBookUnsuitableInvestor");
      expect(decoded.args).to.deep.equal([f.investors[0].address, 2, 3]);
      expect((await contracts.loanBook.read.getAccounts([id])).raised).to.equal(raisedBefore);
    });

    it("decodes an error raised by the registry inside a LoanBook call, which the LoanBook's ABI does not list", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const { contracts } = await sdkFor(f, devAccount(OUTSIDER));
      const error = await expectRevert(contracts.loanBook.simulate.fund([id, 1n]));
      expect(describeError(error)).to.equal(`RegistryNotAdmitted: account ${shortAddress(f.outsider.address)} is not admitted`);
    });

    it("names enum arguments and formats token amounts", async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const id = await listedLoan(f, defaultTerms({ amount: units(100_000) }));
      const { contracts } = await sdkFor(f, devAccount(FIRST_INVESTOR));
      const small = await expectRevert(contracts.loanBook.simulate.fund([id, units(0.5)]));
      expect(describeError(small)).to.equal(`LoanBookBelowMinContribution: 0.5 sDEP is below the minimum contribution of 1 sDEP to loan ${id} (unless it fills what remains)`);
      const state = await expectRevert(contracts.loanBook.simulate.disburse([id]));
      expect(describeError(state)).to.equal(`LoanBookInvalidState: loan ${id} is Listed, which does not allow this`);
    });

    it("has a sentence for every custom error of the five contracts", function () {
      const names = [...new Set(smefinErrorsAbi.map((e) => e.name))].sort();
      expect(Object.keys(ERROR_SENTENCES).sort()).to.deep.equal(names);
      // 77 before the supervisory committee: its errors (with its UUPS parents') and the new ones of the registry and LoanBook;
      // 104 with the refusals of an empty reason (LoanBook, registry) and an empty notice text (attestation registry).
      expect(names).to.have.length(104);
    });

    it("decodes raw revert data, require strings and panics, and leaves unknown data alone", function () {
      const frozen = encodeErrorResult({ abi: smefinErrorsAbi, errorName: "LoanBookFrozen", args: [7n] });
      expect(decodeRevert(frozen)).to.deep.equal({ name: "LoanBookFrozen", args: [7n], message: "LoanBookFrozen: loan 7 is frozen by the regulator", data: frozen });
      const missing = encodeErrorResult({ abi: smefinErrorsAbi, errorName: "LoanBookMissingAttestations", args: [3n, 0b11] });
      expect(decodeRevert(missing)?.message).to.equal("LoanBookMissingAttestations: loan 3 lacks the required attestations: Identity, CreditRating");
      const text = encodeErrorResult({ abi: [{ type: "error", name: "Error", inputs: [{ type: "string" }] }], errorName: "Error", args: ["no"] });
      expect(decodeRevert(text)?.message).to.equal("Error: no");
      const panic = encodeErrorResult({ abi: [{ type: "error", name: "Panic", inputs: [{ type: "uint256" }] }], errorName: "Panic", args: [0x11n] });
      expect(decodeRevert(panic)?.message).to.equal("Panic: arithmetic overflow or underflow");
      expect(decodeRevert("0xdeadbeef" as Hex)).to.equal(undefined);
      expect(describeError(new Error("socket hang up"))).to.equal("socket hang up");
    });
  });

  describe("chains", function () {
    it("a free-gas chain prices every transaction at zero, legacy or EIP-1559", async function () {
      const chain = buildChain({ id: 31337, rpcUrl: "http://127.0.0.1:8545", freeGas: true });
      const client = createPublicClient({ chain, transport: custom(network.provider) });
      expect(await client.estimateFeesPerGas()).to.deep.equal({ maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
      expect(await client.estimateFeesPerGas({ type: "legacy" })).to.deep.equal({ gasPrice: 0n });
      const priced = createPublicClient({ chain: buildChain({ id: 31337, rpcUrl: "http://127.0.0.1:8545" }), transport: custom(network.provider) });
      expect((await priced.estimateFeesPerGas()).maxFeePerGas > 0n).to.equal(true);
    });
  });
});
