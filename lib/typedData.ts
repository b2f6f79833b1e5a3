import { parseSignature, type Address, type Hex, type TypedDataDomain } from "viem";
import type { AttestationKind } from "./enums";

/**
 * EIP-712 typed data the contracts verify: attestations relayed through AttestationRegistry.attestBySignature
 * and ERC-2612 permits of the deposit token (LoanBook.fundWithPermit). Sign the result with any viem account
 * or wallet (`signTypedData(typedData)`), in a browser or on a server.
 */

export const ATTESTATION_DOMAIN_NAME = "smefin AttestationRegistry";
export const ATTESTATION_DOMAIN_VERSION = "1";
/** The deposit token's name, which is also its EIP-712 domain name (scripts/lib/system.ts deploys it so). */
export const DEPOSIT_TOKEN_NAME = "smefin Deposit Token";
export const PERMIT_DOMAIN_VERSION = "1";

export const attestTypes = {
  Attest: [
    { name: "attester", type: "address" },
    { name: "kind", type: "uint8" },
    { name: "subject", type: "bytes32" },
    { name: "value", type: "uint256" },
    { name: "dataHash", type: "bytes32" },
    { name: "refUID", type: "bytes32" },
    { name: "expiresAt", type: "uint40" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** The AttestationRequest struct of IAttestationRegistry, as viem encodes it. */
export interface AttestationRequest {
  kind: AttestationKind;
  subject: Hex;
  value: bigint;
  dataHash: Hex;
  refUID: Hex;
  expiresAt: number;
}

export function attestationDomain(chainId: number | bigint, verifyingContract: Address) {
  return {
    name: ATTESTATION_DOMAIN_NAME,
    version: ATTESTATION_DOMAIN_VERSION,
    chainId: BigInt(chainId),
    verifyingContract,
  } as const satisfies TypedDataDomain;
}

export function permitDomain(chainId: number | bigint, token: Address, tokenName = DEPOSIT_TOKEN_NAME) {
  return { name: tokenName, version: PERMIT_DOMAIN_VERSION, chainId: BigInt(chainId), verifyingContract: token } as const satisfies TypedDataDomain;
}

export interface AttestTypedDataInput {
  chainId: number | bigint;
  /** The AttestationRegistry. */
  registry: Address;
  attester: Address;
  request: AttestationRequest;
  /** The attester's next nonce: `attestations.read.nonces([attester])`. */
  nonce: bigint;
  /** Unix seconds after which the signature no longer counts. */
  deadline: bigint;
}

/** Typed data an attester signs so that anyone may relay the attestation with `attestBySignature`. */
export function attestTypedData({ chainId, registry, attester, request, nonce, deadline }: AttestTypedDataInput) {
  return {
    domain: attestationDomain(chainId, registry),
    types: attestTypes,
    primaryType: "Attest",
    message: {
      attester,
      kind: request.kind,
      subject: request.subject,
      value: request.value,
      dataHash: request.dataHash,
      refUID: request.refUID,
      expiresAt: request.expiresAt,
      nonce,
      deadline,
    },
  } as const;
}

/** The arguments of `attestBySignature` for a signed request, in order. */
export function attestBySignatureArgs(input: AttestTypedDataInput, signature: Hex) {
  return [input.request, input.attester, input.nonce, input.deadline, signature] as const;
}

export interface PermitTypedDataInput {
  chainId: number | bigint;
  token: Address;
  /** The token's name as deployed (its EIP-712 domain name); defaults to {DEPOSIT_TOKEN_NAME}. */
  tokenName?: string;
  owner: Address;
  spender: Address;
  value: bigint;
  /** The owner's next permit nonce: `token.read.nonces([owner])`. */
  nonce: bigint;
  deadline: bigint;
}

/** ERC-2612 permit typed data for the deposit token. */
export function permitTypedData({ chainId, token, tokenName, owner, spender, value, nonce, deadline }: PermitTypedDataInput) {
  return {
    domain: permitDomain(chainId, token, tokenName),
    types: permitTypes,
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  } as const;
}

/** The arguments of `LoanBook.fundWithPermit(id, amount, deadline, v, r, s)` for a permit signed to the LoanBook. */
export function fundWithPermitArgs(loanId: bigint, amount: bigint, deadline: bigint, signature: Hex) {
  const { r, s, v, yParity } = parseSignature(signature);
  const vByte = v !== undefined ? Number(v) : yParity + 27;
  return [loanId, amount, deadline, vByte, r, s] as const;
}
