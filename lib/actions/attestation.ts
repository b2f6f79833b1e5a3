import type { Address, Hex, PublicClient } from "viem";
import { zeroHash } from "viem";
import { accountSubject, encodeAttestationValue, loanSubject } from "../attestations";
import type { AttestationKind } from "../enums";
import { attestationRegistryAbi } from "../generated/abis";
import { attestBySignatureArgs, attestTypedData, type AttestTypedDataInput, type AttestationRequest } from "../typedData";
import type { ContractCall } from "./call";
import { signTypedDataWith, signerAddress, type TypedDataSigner } from "./signer";

export interface PrepareAttestationParameters {
  kind: AttestationKind;
  /** What the statement is about: a loan, an account (the enterprise), or a subject already encoded (an attestation uid). */
  about: { loanId: bigint } | { account: Address } | { subject: Hex };
  /** The value as typed ("A", "45000", "0"), encoded for the kind (lib/attestations.ts), or already encoded. */
  value: string | bigint;
  /** Reads amounts as the caller's users type them; defaults to plain decimal units. */
  parseAmount?: (text: string) => bigint;
  /** Hash of the report the statement rests on. */
  dataHash: Hex;
  refUID?: Hex;
  /** Seconds of validity from the chain's time (0 or absent: no expiry), or an absolute expiry in unix seconds. */
  validFor?: number;
  expiresAt?: number;
}

const subjectOf = (about: PrepareAttestationParameters["about"]): Hex =>
  "loanId" in about ? loanSubject(about.loanId) : "account" in about ? accountSubject(about.account) : about.subject;

/**
 * The AttestationRequest for what an agency states: the value encoded for its kind, the subject, and the expiry
 * counted from the chain's time (not the local clock). Send it with `attest` from the agency, or sign it with
 * `signAttestation` for another account to relay.
 */
export async function prepareAttestation(client: PublicClient, parameters: PrepareAttestationParameters): Promise<AttestationRequest> {
  const { kind, about, value, parseAmount, dataHash, refUID = zeroHash, validFor, expiresAt } = parameters;
  const now = validFor ? Number((await client.getBlock()).timestamp) : 0;
  return {
    kind,
    subject: subjectOf(about),
    value: typeof value === "bigint" ? value : encodeAttestationValue(kind, value, parseAmount),
    dataHash,
    refUID,
    expiresAt: expiresAt ?? (validFor ? now + validFor : 0),
  };
}

/** How long a signed attestation may wait to be relayed, from the chain's time. */
export const SIGNATURE_VALID_FOR = 24 * 3600;

/**
 * A request signed (EIP-712) by its agency for anyone to relay: reads the agency's nonce, the chain id and time,
 * signs, and returns the signed input (to hand to a relayer) and the `attestBySignature` call.
 */
export async function signAttestation(
  client: PublicClient,
  { signer, registry, request, validFor = SIGNATURE_VALID_FOR }: { signer: TypedDataSigner; registry: Address; request: AttestationRequest; validFor?: number },
): Promise<{ input: AttestTypedDataInput; signature: Hex; call: ContractCall<typeof attestationRegistryAbi, "attestBySignature"> }> {
  const attester = signerAddress(signer);
  const [nonce, block, chainId] = await Promise.all([
    client.readContract({ address: registry, abi: attestationRegistryAbi, functionName: "nonces", args: [attester] }),
    client.getBlock(),
    client.getChainId(),
  ]);
  const input: AttestTypedDataInput = { chainId, registry, attester, request, nonce, deadline: block.timestamp + BigInt(validFor) };
  const signature = await signTypedDataWith(signer, attestTypedData(input));
  return { input, signature, call: relayAttestation(input, signature) };
}

/** The `attestBySignature` call for a signed request (from `signAttestation`, possibly read back from a file). */
export function relayAttestation(input: AttestTypedDataInput, signature: Hex): ContractCall<typeof attestationRegistryAbi, "attestBySignature"> {
  return { address: input.registry, abi: attestationRegistryAbi, functionName: "attestBySignature", args: attestBySignatureArgs(input, signature) };
}
