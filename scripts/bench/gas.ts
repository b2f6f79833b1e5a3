import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { AttestationKind, BusinessScale, Role, ratingCode } from "../../lib/enums";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { prepareFundWithPermit } from "../../lib/actions/fund";
import { signAttestation } from "../../lib/actions/attestation";
import { hardhatPublicClient, hardhatSigner } from "../lib/viemOnHardhat";
import {
  DAY, LISTING_FEE_BPS, activeLoan, admissionExpiry, attestForListing, attestationRequest, attestedUid, confirm, createWorld,
  fund, gasOf, listedLoan, newInvestors, publish, randomBytes32, repayInstalment, review, units, untilInstalment,
  type Investor, type World,
} from "./world";

/** Gas of one operation and the state it was measured in. */
export interface GasMeasurement {
  operation: Operation;
  gas: number;
  state: string;
}

/** Operations in the order they are reported: the order of the financing flow. */
export const OPERATIONS = [
  "registerParticipant", "mint", "attest", "attestBySignature", "revoke", "publish", "list", "fundFirst", "fundAgain",
  "fundWithPermit", "disburse", "repay", "claim", "refund", "declareDefault",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Runs one story through every operation and records the gas of each, each time in a state that has been written
 * before where a first write would overstate the steady cost (counters, nonces, balances already non-zero).
 */
export async function measureGas(): Promise<GasMeasurement[]> {
  const results: GasMeasurement[] = [];
  const record = async (operation: Operation, state: string, gas: number | Promise<number>) => {
    results.push({ operation, gas: await gas, state });
  };

  const w = await createWorld();
  const [a, b, c, d] = await newInvestors(w, 4, units(500_000));

  await record("registerParticipant", "regulator admits a new investor (registry.admit); other participants already admitted",
    gasOf(w.registry.admit(ethers.Wallet.createRandom().address, Role.Investor, 0, BusinessScale.None, await admissionExpiry(), ethers.id("kyc-new"))));
  await record("mint", "custodian mints to an investor that already holds tokens", gasOf(mintTx(w, a.address)));

  // A first loan, cancelled after two contributions: the refund case, and the warm-up of a first permit by c.
  const cancelled = await listedLoan(w);
  await fund(w, cancelled, a, units(10_000));
  await confirm(fundWithPermitTx(w, cancelled, c, units(10_000)));
  await confirm(w.loanBook.connect(w.enterprise).cancel(cancelled, ethers.id("withdrawn")));
  await record("refund", "first of two investors takes back its contribution to a cancelled raise", gasOf(w.loanBook.connect(a).refund(cancelled)));

  // Credit rating "BBB" is code 4.
  const rating = () => attestationRequest(AttestationKind.CreditRating, randomBytes32(), ratingCode("BBB"));
  const attested = await confirm(w.attestations.connect(w.rater).attest(rating()));
  await record("attest", "rater attests directly: credit-rating kind, random subject and dataHash, value 4; rater has attested before",
    Number(attested.gasUsed));
  await confirm(attestBySignatureTx(w, rating()));
  await record("attestBySignature", "EIP-712 signed by the rater, relayed by an unadmitted account; the rater's nonce already used once",
    gasOf(attestBySignatureTx(w, rating())));
  await record("revoke", "rater revokes its own attestation", gasOf(w.attestations.connect(w.rater).revoke(attestedUid(w, attested), "superseded by a new report")));

  // A guaranteed loan, disbursed first so the operator already holds fee income when the measured loan disburses.
  const guaranteed = await activeLoan(w, [b, d], { bond: units(40_000) });

  const { id, receipt: published } = await publish(w);
  await record("publish", "enterprise publishes its third demand", Number(published.gasUsed));
  await review(w, id);
  const uids = await attestForListing(w, id);
  await record("list", "operator lists with the two required attestations (identity of the enterprise, credit rating of the loan)",
    gasOf(w.loanBook.connect(w.operator).list(id, LISTING_FEE_BPS, uids)));

  await fund(w, id, b, units(20_000));
  await record("fundFirst", "an investor's first contribution to a loan another investor has already funded", fund(w, id, a, units(10_000)));
  await record("fundAgain", "the same investor's second contribution", fund(w, id, a, units(10_000)));
  await record("fundWithPermit", "first contribution to the loan with an ERC-2612 permit; the investor's permit nonce already used",
    gasOf(fundWithPermitTx(w, id, c, units(10_000))));
  await fund(w, id, d, units(50_000));
  await record("disburse", "enterprise draws a fully funded loan of 4 investors; fee to an operator already holding fees",
    gasOf(w.loanBook.connect(w.enterprise).disburse(id)));

  await untilInstalment(w, id, 1);
  await repayInstalment(w, id);
  await confirm(w.loanBook.connect(a).claim(id));
  await untilInstalment(w, id, 2);
  await record("repay", "enterprise pays instalment 2 of 12 on an Active loan, instalment 1 paid; any amount that leaves the loan open costs the same", repayInstalment(w, id));
  await record("claim", "investor claims after instalment 2, having claimed after instalment 1", gasOf(w.loanBook.connect(a).claim(id)));

  await time.increase(120 * DAY);
  await record("declareDefault", "operator declares default past the 90-day default period; the guarantee bond pays out (loan Compensated)",
    gasOf(w.loanBook.connect(w.operator).declareDefault(guaranteed)));

  return results.sort((x, y) => OPERATIONS.indexOf(x.operation) - OPERATIONS.indexOf(y.operation));
}

function mintTx(w: World, to: string) {
  return w.token.connect(w.custodian).mint(to, units(1_000), ethers.id(`top-up-${to}`));
}

async function attestBySignatureTx(w: World, request: ReturnType<typeof attestationRequest>) {
  const registry = (await w.attestations.getAddress()) as Address;
  const { call } = await signAttestation(hardhatPublicClient(), { signer: hardhatSigner(w.rater.address), registry, request, validFor: 3600 });
  return w.attestations.connect(w.relayer).attestBySignature(...call.args);
}

async function fundWithPermitTx(w: World, id: bigint, investor: Investor, amount: bigint) {
  const [loanBook, token] = [(await w.loanBook.getAddress()) as Address, (await w.token.getAddress()) as Address];
  const { call } = await prepareFundWithPermit(hardhatPublicClient(), { signer: privateKeyToAccount(investor.privateKey as Hex), loanBook, token, loanId: id, amount });
  return w.loanBook.connect(investor).fundWithPermit(...call.args);
}

