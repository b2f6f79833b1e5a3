import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Signer } from "ethers";
import { AttestationKind } from "../../lib/enums";
import type { Fixture } from "./fixture";

/** Accounts the shared fixture leaves unused (it takes the first 14). */
export async function spareSigners(): Promise<HardhatEthersSigner[]> {
  return (await ethers.getSigners()).slice(14);
}

/** The admission record and credential hash of `account`, as plain values for deep comparison. */
export async function admissionOf(f: Fixture, account: string | { getAddress(): Promise<string> }) {
  const address = typeof account === "string" ? account : await account.getAddress();
  const p = await f.registry.participant(address);
  return {
    role: p.role,
    status: p.status,
    agencyKinds: p.agencyKinds,
    suitability: p.suitability,
    scale: p.scale,
    admittedAt: p.admittedAt,
    expiresAt: p.expiresAt,
    credential: await f.registry.credentialHash(address),
  };
}

/** The regulator policy as a plain object (from `policy()` or a decoded {PolicySet} event). */
export function policyObject(p: {
  lprBps: bigint | number;
  rateCapBps: bigint | number;
  feeCapBps: bigint | number;
  requiredKinds: bigint | number;
  gracePeriod: bigint | number;
  defaultPeriod: bigint | number;
  enterpriseCap: bigint | number;
  drawdownPeriod: bigint | number;
  minContribution: bigint | number;
}) {
  return {
    lprBps: BigInt(p.lprBps),
    rateCapBps: BigInt(p.rateCapBps),
    feeCapBps: BigInt(p.feeCapBps),
    requiredKinds: BigInt(p.requiredKinds),
    gracePeriod: BigInt(p.gracePeriod),
    defaultPeriod: BigInt(p.defaultPeriod),
    enterpriseCap: BigInt(p.enterpriseCap),
    drawdownPeriod: BigInt(p.drawdownPeriod),
    minContribution: BigInt(p.minContribution),
  };
}

export interface Request {
  kind: number;
  subject: string;
  value: bigint;
  dataHash: string;
  refUID: string;
  expiresAt: bigint | number;
}

/** A credit-rating request about a random subject; fields overridable. */
export function ratingRequest(overrides: Partial<Request> = {}): Request {
  return {
    kind: AttestationKind.CreditRating,
    subject: ethers.hexlify(ethers.randomBytes(32)),
    value: 4n,
    dataHash: ethers.hexlify(ethers.randomBytes(32)),
    refUID: ethers.ZeroHash,
    expiresAt: 0,
    ...overrides,
  };
}

/** EIP-712 types of a relayed attestation, as ATTEST_TYPEHASH spells them. */
import { ATTEST_TYPES } from "./typedData";
export { ATTEST_TYPES };

export async function attestationDomain(f: Fixture) {
  return {
    name: "smefin AttestationRegistry",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await f.attestations.getAddress(),
  };
}

/** `signer` signs `request` on behalf of `attester` (itself, or a contract wallet it owns). */
export async function signAttest(
  f: Fixture,
  signer: Signer,
  request: Request,
  attester: string,
  nonce: bigint,
  deadline: bigint,
): Promise<string> {
  return signer.signTypedData(await attestationDomain(f), ATTEST_TYPES, { attester, ...request, nonce, deadline });
}
