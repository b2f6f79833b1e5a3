import type { Address, Hex, PublicClient } from "viem";
import { AttestationKind, RATINGS, kindBit, nameOf, ratingCode, type Rating } from "./enums";
import { formatTokenAmount } from "./format";
import { parseTokenAmount } from "./amount";
import { attestationRegistryAbi } from "./generated/abis";
import { inLogWindows } from "./logWindows";

/**
 * Attestations as one concept: the kinds and their labels, the agency-kind masks of accreditations and service
 * requests, the subjects a statement is about, what a value means for each kind, and reading attestations with
 * their validity from the registry. The command line, the app, the seed and the indexer all take them from here.
 */

// ---------------------------------------------------------------------------------------------------- kinds

/** The six kinds an agency may be accredited for and asked to serve, in AttestationKind order. */
export const AGENCY_KINDS = [
  AttestationKind.Identity,
  AttestationKind.CreditRating,
  AttestationKind.Guarantee,
  AttestationKind.Insurance,
  AttestationKind.IPValuation,
  AttestationKind.Audit,
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/**
 * Every agency kind's bit: the mask the contracts accept in accreditations, service requests and required kinds
 * (AGENCY_KINDS_MASK in contracts/interfaces/IParticipantRegistry.sol; test/sdk/attestations.test.ts keeps them equal).
 */
export const ALL_AGENCY_KINDS: number = AGENCY_KINDS.reduce((mask: number, kind) => mask | kindBit(kind), 0);

/** Whether a kind is an agency service (not an operating disclosure or a supervision notice). */
export const isAgencyKind = (kind: number): kind is AgencyKind => (ALL_AGENCY_KINDS & (1 << kind)) !== 0;

/** How a person reads each kind. */
export const KIND_LABELS: Readonly<Record<AttestationKind, string>> = {
  [AttestationKind.Identity]: "Identity",
  [AttestationKind.CreditRating]: "Credit rating",
  [AttestationKind.Guarantee]: "Guarantee",
  [AttestationKind.Insurance]: "Insurance",
  [AttestationKind.IPValuation]: "IP valuation",
  [AttestationKind.Audit]: "Audit",
  [AttestationKind.OperatingDisclosure]: "Operating disclosure",
  [AttestationKind.SupervisionNotice]: "Supervision notice",
};

export const kindLabel = (kind: number): string => KIND_LABELS[kind as AttestationKind] ?? `kind ${kind}`;
/** The enum name of a kind ("CreditRating"), as the command line and the index print it. */
export const kindName = (kind: number): string => nameOf(AttestationKind, kind);

/** The agency kinds whose bits are set in `mask`, in order. */
export const kindsOfMask = (mask: number | bigint): AgencyKind[] => AGENCY_KINDS.filter((kind) => (Number(mask) & kindBit(kind)) !== 0);

/** The mask of a list of kinds; refuses a kind that is not an agency service. */
export function maskOfKinds(kinds: readonly number[]): number {
  return kinds.reduce((mask, kind) => {
    if (!isAgencyKind(kind)) throw new Error(`${kindName(kind)} is not an agency service kind`);
    return mask | kindBit(kind);
  }, 0);
}

/** Labels of the kinds in a mask: "Identity, Audit", or "none". */
export const kindsText = (mask: number | bigint): string => kindsOfMask(mask).map(kindLabel).join(", ") || "none";

// ---------------------------------------------------------------------------------------------------- subjects

/** The subject of a statement about a loan: its id as a bytes32. */
export const loanSubject = (id: bigint | number): Hex => `0x${BigInt(id).toString(16).padStart(64, "0")}`;
/** The subject of a statement about an account (an enterprise): its address, left-padded to 32 bytes. */
export const accountSubject = (account: string): Hex => `0x${account.toLowerCase().replace(/^0x/, "").padStart(64, "0")}`;

/** Loan subjects are small numbers; anything above 2^64 is an account (or another attestation's uid). */
export const isLoanSubject = (subject: Hex): boolean => BigInt(subject) < 2n ** 64n;

/** What a subject is about, for people: "loan 7" or "the enterprise". */
export const describeSubject = (subject: Hex): string => (isLoanSubject(subject) ? `loan ${BigInt(subject)}` : "the enterprise");

// ---------------------------------------------------------------------------------------------------- values

/** Kinds whose value is a token amount (6 decimals): a guarantee's coverage, an IP valuation, disclosed revenue. */
export const hasAmountValue = (kind: number): boolean =>
  kind === AttestationKind.Guarantee || kind === AttestationKind.IPValuation || kind === AttestationKind.OperatingDisclosure;

export const NOTICE_SEVERITIES = ["", "information", "warning", "action required"] as const;

/**
 * The value recorded for what a person typed: a token amount for guarantees and valuations ("45000.5"), a rating
 * code for credit ratings (by name, "BBB", or by code, "4"), a plain number otherwise ("0" for a verification).
 * `parseAmount` reads amounts the way the caller's users type them (defaults to plain decimal units).
 */
export function encodeAttestationValue(kind: number, text: string, parseAmount: (text: string) => bigint = tokenUnits): bigint {
  const t = text.trim();
  if (hasAmountValue(kind)) return parseAmount(t);
  if (kind === AttestationKind.CreditRating && (RATINGS as readonly string[]).includes(t.toUpperCase())) return BigInt(ratingCode(t.toUpperCase() as Rating));
  if (!/^\d+$/.test(t)) throw new Error(`${kindName(kind)} value must be a whole number, not "${text}"`);
  return BigInt(t);
}

/** A typed token amount ("45,000.50") in units, or an error that says what was wrong. */
function tokenUnits(text: string): bigint {
  const units = parseTokenAmount(text);
  if (units === undefined) throw new Error(`"${text}" is not an amount in tokens (up to 6 decimals, thousands separated by commas)`);
  return units;
}

/** What an attestation's value means for its kind: "BBB", "covers 45,000.00 sDEP", "warning", "verified". */
export function describeAttestationValue(kind: number, value: bigint, formatAmount: (units: bigint) => string = formatTokenAmount): string {
  switch (kind) {
    case AttestationKind.CreditRating:
      return value >= 1n && value <= BigInt(RATINGS.length) ? RATINGS[Number(value) - 1] : String(value);
    case AttestationKind.Guarantee:
      return `covers ${formatAmount(value)}`;
    case AttestationKind.IPValuation:
      return `valued ${formatAmount(value)}`;
    case AttestationKind.OperatingDisclosure:
      return `revenue ${formatAmount(value)}`;
    case AttestationKind.SupervisionNotice:
      return (NOTICE_SEVERITIES as readonly string[])[Number(value)] ?? `severity ${value}`;
    default:
      return value === 0n ? "verified" : String(value);
  }
}

// ---------------------------------------------------------------------------------------------------- reading

/** One attestation as the registry's Attested event records it, with its validity and revocation now. */
export interface AttestationRow {
  uid: Hex;
  kind: number;
  /** The enum name of the kind ("CreditRating"). */
  kindName: string;
  attester: Address;
  subject: Hex;
  value: bigint;
  dataHash: Hex;
  /** The account that sent the transaction; differs from the attester when relayed with a signature. */
  relayer: Address;
  expiresAt: number;
  valid: boolean;
  revoked: boolean;
  blockNumber: bigint;
}

export interface ReadAttestationsParameters {
  /** The AttestationRegistry. */
  registry: Address;
  /** The registry's deployment block: no attestation is older. */
  fromBlock: bigint;
  loanId?: bigint;
  /** Statements about this account (the loan's enterprise). */
  enterprise?: Address;
  attester?: Address;
  kind?: number;
}

/**
 * Attestations about a loan and/or an enterprise, or by an attester, from the registry's events (read in windows
 * of blocks), each with its validity now.
 */
export async function readAttestations(client: PublicClient, parameters: ReadAttestationsParameters): Promise<AttestationRow[]> {
  const { registry, fromBlock, loanId, enterprise, attester, kind } = parameters;
  const subjects = [...(loanId !== undefined ? [loanSubject(loanId)] : []), ...(enterprise ? [accountSubject(enterprise)] : [])];
  const logs = await inLogWindows(client, fromBlock, (range) =>
    client.getContractEvents({
      address: registry,
      abi: attestationRegistryAbi,
      eventName: "Attested",
      args: { ...(subjects.length ? { subject: subjects } : {}), ...(attester ? { attester } : {}) },
      ...range,
    }),
  );
  return Promise.all(
    logs
      .filter((log) => kind === undefined || log.args.kind === kind)
      .map(async (log) => {
        const a = log.args as Required<typeof log.args>;
        const [valid, stored] = await Promise.all([
          client.readContract({ address: registry, abi: attestationRegistryAbi, functionName: "isValid", args: [a.uid] }),
          client.readContract({ address: registry, abi: attestationRegistryAbi, functionName: "getAttestation", args: [a.uid] }),
        ]);
        return {
          uid: a.uid,
          kind: a.kind,
          kindName: kindName(a.kind),
          attester: a.attester,
          subject: a.subject,
          value: a.value,
          dataHash: a.dataHash,
          relayer: a.relayer,
          expiresAt: Number(a.expiresAt),
          valid,
          revoked: stored.revokedAt > 0,
          blockNumber: log.blockNumber,
        };
      }),
  );
}

/** Whether a listing may present this attestation: a valid statement of an agency service. */
export const isListable = (row: Pick<AttestationRow, "kind" | "valid">): boolean => row.valid && isAgencyKind(row.kind);

/** Whether investors are shown it beside a loan: agency services and the regulator's supervision notices. */
export const isPresentedToInvestors = (row: Pick<AttestationRow, "kind">): boolean => isAgencyKind(row.kind) || row.kind === AttestationKind.SupervisionNotice;

/**
 * The required kinds (a policy mask) that the presented attestations do not cover: what the LoanBook would refuse
 * a listing for (LoanBookMissingAttestations), so a form can say it before a transaction is offered.
 */
export const missingKinds = (requiredKinds: number | bigint, presented: readonly Pick<AttestationRow, "kind">[]): number =>
  Number(requiredKinds) & ~maskOfKinds(presented.map((a) => a.kind).filter(isAgencyKind)) & ALL_AGENCY_KINDS;
