import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Abi,
  type ContractErrorArgs,
  type ContractErrorName,
  type Hex,
} from "viem";
import { attestationRegistryAbi, depositTokenAbi, loanBookAbi, participantRegistryAbi, supervisoryCommitteeAbi } from "./generated/abis";
import { AttestationKind, BusinessScale, LoanState, Role, Status, nameOf } from "./enums";
import { formatBps, formatDuration, formatTimestamp, formatTokenAmount, shortAddress } from "./format";

/**
 * Turns a revert into words. Works on anything viem throws (it looks through the error chain for the revert
 * data) and on raw revert data, decoding against the custom errors of all four contracts together: a call to the
 * LoanBook can revert with an error of the registry or the token it called.
 */

type ErrorItem<abi extends Abi> = Extract<abi[number], { type: "error" }>;

/** Every custom error the four contracts can raise, OpenZeppelin's included, each signature once. */
export const smefinErrorsAbi = dedupe([
  ...participantRegistryAbi.filter((item) => item.type === "error"),
  ...attestationRegistryAbi.filter((item) => item.type === "error"),
  ...depositTokenAbi.filter((item) => item.type === "error"),
  ...loanBookAbi.filter((item) => item.type === "error"),
  ...supervisoryCommitteeAbi.filter((item) => item.type === "error"),
]) as readonly (
  | ErrorItem<typeof participantRegistryAbi>
  | ErrorItem<typeof attestationRegistryAbi>
  | ErrorItem<typeof depositTokenAbi>
  | ErrorItem<typeof loanBookAbi>
  | ErrorItem<typeof supervisoryCommitteeAbi>
)[];

function dedupe<T extends { name: string; inputs: readonly { type: string }[] }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const signature = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

type SmefinErrorsAbi = typeof smefinErrorsAbi;
export type SmefinErrorName = ContractErrorName<SmefinErrorsAbi>;
type Args<N extends SmefinErrorName> = ContractErrorArgs<SmefinErrorsAbi, N>;

const kindName = (kind: number | bigint) => nameOf(AttestationKind, kind);
const kindsOf = (mask: number) =>
  Object.entries(AttestationKind)
    .filter(([, bit]) => mask & (1 << bit))
    .map(([name]) => name)
    .join(", ") || "none";
const amount = formatTokenAmount;
const PROPOSAL_STATES = ["unknown", "pending", "queued", "ready", "executed", "cancelled", "expired"];
const who = shortAddress;

/**
 * A sentence for every custom error of the four contracts, keyed by error name. Typed against the generated ABIs:
 * a new error in a contract fails `tsc` here until it has its sentence.
 */
export const ERROR_SENTENCES: { [N in SmefinErrorName]: (args: Args<N>) => string } = {
  // ParticipantRegistry
  RegistryNotAdmitted: ([account]) => `account ${who(account)} is not admitted`,
  RegistryAlreadyAdmitted: ([account]) => `account ${who(account)} is already admitted`,
  RegistryAdmissionExpired: ([account, expiresAt]) => `the admission of ${who(account)} expired at ${formatTimestamp(expiresAt)}`,
  RegistryNotActive: ([account, status]) => `account ${who(account)} is not active (status ${nameOf(Status, status)})`,
  RegistryWrongRole: ([account, needed, actual]) =>
    `account ${who(account)} is admitted as ${nameOf(Role, actual)}, this needs ${nameOf(Role, needed)}`,
  RegistryNotAccredited: ([account, kind]) =>
    `agency ${who(account)} is not accredited for ${kind <= 7 ? kindName(kind) : `kind ${kind}`} attestations`,
  RegistryInvalidRole: ([role]) => `role ${nameOf(Role, role)} cannot be given`,
  RegistryInvalidExpiry: ([expiresAt]) => `admission expiry ${formatTimestamp(expiresAt)} is not in the future`,
  RegistryInvalidStatus: ([account, status]) =>
    `account ${who(account)} is ${nameOf(Status, status)}, which does not allow this change`,
  RegistryInvalidSuitability: ([level]) => `suitability level ${level} is outside 1..5`,
  RegistryInvalidAgencyKinds: ([kinds]) => `agency kinds 0x${kinds.toString(16)} are not a valid non-empty set of agency services`,
  RegistryInvalidScale: ([scale]) => `business scale ${nameOf(BusinessScale, scale)} does not fit the role (enterprises only, and they need one)`,
  RegistryInvalidPolicy: () => "the policy is inconsistent (rate cap, fee cap, periods or required kinds out of range)",
  RegistryZeroAddress: () => "the zero address cannot be used here",
  RegistryNotCommittee: ([caller]) => `only the supervisory committee, through an approved proposal, may do this (not ${who(caller)})`,
  RegistryPaused: () => "the platform is paused by the regulator",
  RegistryBelowThreshold: ([inOffice, threshold]) =>
    `this would leave ${inOffice} committee member(s) in office, fewer than the ${threshold} approvals a decision needs`,
  RegistryInvalidMembers: () => "the committee needs at least one member, each with a credential",
  RegistryEmptyReason: () => "say why, in words: the reason is part of the public record",

  // AttestationRegistry
  AttestationKindNotAllowed: ([kind]) => `${kindName(kind)} attestations cannot be made this way`,
  AttestationAlreadyExists: ([uid]) => `attestation ${uid} already exists`,
  AttestationNotFound: ([uid]) => `attestation ${uid} does not exist`,
  AttestationUnknownReference: ([refUID]) => `the referenced attestation ${refUID} does not exist`,
  AttestationInvalidExpiry: ([expiresAt]) => `attestation expiry ${formatTimestamp(expiresAt)} is not in the future`,
  AttestationAlreadyRevoked: ([uid]) => `attestation ${uid} is already revoked`,
  AttestationNotRevocableBy: ([uid, account]) => `${who(account)} may not revoke attestation ${uid} (only its author or the regulator)`,
  AttestationDeadlinePassed: ([deadline]) => `the signed attestation expired at ${formatTimestamp(deadline)}`,
  AttestationInvalidSignature: ([attester]) => `the signature is not ${who(attester)}'s`,
  AttestationEmptyText: () => "write the reason or the notice in words: the text is part of the public record",
  AttestationNotCommittee: ([caller]) => `${who(caller)} is not the committee: only the committee may upgrade the attestation registry`,

  // DepositToken
  DepositTokenHolderNotAllowed: ([account]) => `${who(account)} may not hold or move the deposit token (not an active participant)`,
  DepositTokenPaused: () => "the platform is paused by the regulator: only repayments and burns move tokens",
  DepositTokenNotCommittee: ([caller]) => `${who(caller)} is not the committee: only the committee may upgrade the deposit token`,

  // LoanBook
  LoanBookUnknownLoan: ([id]) => `loan ${id} does not exist`,
  LoanBookInvalidState: ([id, state]) => `loan ${id} is ${nameOf(LoanState, state)}, which does not allow this`,
  LoanBookNotEnterprise: ([id, account]) => `${who(account)} is not the enterprise of loan ${id}`,
  LoanBookInvalidAmount: ([total, minRaise]) => `amount ${amount(total)} with minimum raise ${amount(minRaise)}: the minimum must be above 0 and at most the amount`,
  LoanBookInvalidSchedule: ([instalments, periodLength]) =>
    `${instalments} instalments of ${periodLength} s: allowed are 1..360 instalments of 1..365 days, at most 30 years`,
  LoanBookInvalidFundingPeriod: ([fundingPeriod]) => `funding period of ${fundingPeriod} s is outside 1 hour..180 days`,
  LoanBookRateAboveCap: ([rateBps, capBps]) => `a rate of ${formatBps(rateBps)} a year is above the regulator's cap of ${formatBps(capBps)}`,
  LoanBookFeeAboveCap: ([feeBps, capBps]) => `a platform fee of ${formatBps(feeBps)} is above the regulator's cap of ${formatBps(capBps)}`,
  LoanBookOverEnterpriseCap: ([enterprise, outstanding, requested, cap]) =>
    `enterprise ${who(enterprise)} has ${amount(outstanding)} outstanding; ${amount(requested)} more would exceed the cap of ${amount(cap)}`,
  LoanBookInvalidAttestation: ([id, uid]) => `attestation ${uid} is not valid for loan ${id} (revoked, expired, wrong subject, kind or value)`,
  LoanBookMissingAttestations: ([id, missingKinds]) => `loan ${id} lacks the required attestations: ${kindsOf(missingKinds)}`,
  LoanBookInvalidServiceKinds: ([kinds]) => `service kinds 0x${kinds.toString(16)} are empty, not agency services, or not all accredited to the agency`,
  LoanBookUnsuitableInvestor: ([investor, suitability, riskGrade]) =>
    `investor ${who(investor)} has suitability ${suitability}, loan risk grade ${riskGrade}`,
  LoanBookFundingClosed: ([id, deadline]) => `funding of loan ${id} closed at ${formatTimestamp(deadline)}`,
  LoanBookFundingOpen: ([id, deadline]) => `funding of loan ${id} is open until ${formatTimestamp(deadline)}`,
  LoanBookRaiseNotEmpty: ([id, raised]) => `loan ${id} has already raised ${amount(raised)}`,
  LoanBookZeroAmount: () => "the amount is zero (or nothing is owed)",
  LoanBookFrozen: ([id]) => `loan ${id} is frozen by the regulator`,
  LoanBookPaused: () => "the platform is paused by the regulator",
  LoanBookNothingToClaim: ([id, account]) => `${who(account)} has nothing to claim from loan ${id}`,
  LoanBookNothingToRefund: ([id, account]) => `${who(account)} has nothing to refund from loan ${id}`,
  LoanBookNotOverdue: ([id, repaid, due]) => `loan ${id} is not overdue: ${amount(repaid)} repaid of ${amount(due)} due`,
  LoanBookNotGuarantor: ([id, account]) => `${who(account)} is not the guarantor of loan ${id}`,
  LoanBookGuarantorTaken: ([id, guarantor]) => `loan ${id} already has guarantor ${who(guarantor)}`,
  LoanBookNoBond: ([id]) => `loan ${id} holds no guarantee bond`,
  LoanBookServiceNotRequested: ([id, agency]) => `the operator has not asked ${who(agency)} for the guarantee service on loan ${id}`,
  LoanBookPayerNotActive: ([id, payer]) => `${who(payer)} is not active and may repay only its own loans, not loan ${id}`,
  LoanBookNothingToWithdraw: ([account]) => `${who(account)} has no platform fees to withdraw`,
  LoanBookNoSurplus: () => "the loan book holds nothing beyond what it owes",
  LoanBookBelowMinContribution: ([id, given, minimum]) =>
    `${amount(given)} is below the minimum contribution of ${amount(minimum)} to loan ${id} (unless it fills what remains)`,
  LoanBookDrawdownExpired: ([id, deadline]) => `loan ${id} was not drawn by its drawdown deadline ${formatTimestamp(deadline)}; it can only be cancelled`,
  LoanBookNotRevoked: ([account]) => `${who(account)} is not revoked; only a revoked participant's claims can be moved`,
  LoanBookPositionTaken: ([id, account]) => `${who(account)} already has a position in loan ${id}`,
  LoanBookCannotHold: ([account]) => `${who(account)} may not hold the deposit token`,
  LoanBookEmptyReason: () => "say why the loan is frozen, in words: the reason is part of the public record",
  LoanBookNotCommittee: ([caller]) => `only the supervisory committee, through an approved proposal, may do this (not ${who(caller)})`,

  // SupervisoryCommittee
  CommitteeNotMember: ([account]) => `${who(account)} is not a committee member in office who may act on this proposal`,
  CommitteeUnknownProposal: ([id]) => `proposal ${id} does not exist`,
  CommitteeInvalidState: ([id, state]) => `proposal ${id} is ${PROPOSAL_STATES[state] ?? state}, which does not allow this`,
  CommitteeAlreadyApproved: ([id, member]) => `${who(member)} has already approved proposal ${id}`,
  CommitteeNotEnoughApprovals: ([id, approvals, threshold]) =>
    `proposal ${id} has ${approvals} approval(s) from members still in office, ${threshold} needed`,
  CommitteeInvalidThreshold: ([threshold, inOffice]) => `a threshold of ${threshold} is not between 1 and the ${inOffice} member(s) in office`,
  CommitteeInvalidNoticePeriod: ([period]) => `a notice period of ${formatDuration(period)} is outside 1 to 30 days`,
  CommitteeInvalidCall: () => "a proposal must name a function to call",
  CommitteeOnlySelf: ([caller]) => `only the committee itself, through an approved proposal, may do this (not ${who(caller)})`,
  CommitteeNotProposer: ([id, caller]) => `only the proposer may withdraw proposal ${id} before it is approved (not ${who(caller)})`,
  CommitteeZeroAddress: () => "a proposal needs a target contract",

  // OpenZeppelin
  SafeCastOverflowedUintDowncast: ([bits, value]) => `${value} does not fit in ${bits} bits`,
  ERC20InsufficientBalance: ([sender, balance, needed]) => `${who(sender)} holds ${amount(balance)}, needs ${amount(needed)}`,
  ERC20InsufficientAllowance: ([spender, allowance, needed]) =>
    `${who(spender)} is allowed ${amount(allowance)}, needs ${amount(needed)}: approve or sign a permit first`,
  ERC20InvalidSender: ([sender]) => `invalid token sender ${who(sender)}`,
  ERC20InvalidReceiver: ([receiver]) => `invalid token receiver ${who(receiver)}`,
  ERC20InvalidApprover: ([approver]) => `invalid approver ${who(approver)}`,
  ERC20InvalidSpender: ([spender]) => `invalid spender ${who(spender)}`,
  ERC2612ExpiredSignature: ([deadline]) => `the permit expired at ${formatTimestamp(deadline)}`,
  ERC2612InvalidSigner: ([signer, owner]) => `the permit is signed by ${who(signer)}, not by the owner ${who(owner)}`,
  ECDSAInvalidSignature: () => "the signature is invalid",
  ECDSAInvalidSignatureLength: ([length]) => `the signature has ${length} bytes, 65 expected`,
  ECDSAInvalidSignatureS: ([s]) => `the signature's s value ${s} is not canonical`,
  InvalidAccountNonce: ([account, currentNonce]) => `wrong nonce for ${who(account)}: the next one is ${currentNonce} (already used or out of order)`,
  InvalidInitialization: () => "the contract is already initialized (an implementation can never be)",
  NotInitializing: () => "the call is only allowed during initialization",
  UUPSUnauthorizedCallContext: () => "upgrades go through the proxy, never to the implementation directly",
  UUPSUnsupportedProxiableUUID: ([slot]) => `the new implementation is not UUPS-compatible (proxiable slot ${slot})`,
  ERC1967InvalidImplementation: ([implementation]) => `${who(implementation)} has no code and cannot be an implementation`,
  ERC1967NonPayable: () => "the upgrade call carries a value but runs no initializer",
  AddressEmptyCode: ([target]) => `${who(target)} has no code`,
  FailedCall: () => "the call failed without a reason",
  ReentrancyGuardReentrantCall: () => "re-entrant call refused",
  SafeERC20FailedOperation: ([token]) => `the token transfer of ${who(token)} failed`,
  InsufficientBalance: ([balance, needed]) => `the balance ${balance} is below the ${needed} needed`,
};

/** A revert, decoded. */
export interface DecodedRevert {
  /** Error name (`"LoanBookUnsuitableInvestor"`, `"Error"` for `require` strings, `"Panic"`). */
  name: string;
  args: readonly unknown[];
  /** `Name: sentence`, e.g. "LoanBookUnsuitableInvestor: investor 0x3C44…93BC has suitability 2, loan risk grade 3". */
  message: string;
  /** The raw revert data. */
  data: Hex;
}

const PANICS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop from an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

/** Decodes raw revert data against every smefin and OpenZeppelin error; undefined when it matches none. */
export function decodeRevertData(data: Hex): DecodedRevert | undefined {
  if (!data || data === "0x") return undefined;
  let decoded: { errorName: string; args?: readonly unknown[] };
  try {
    decoded = decodeErrorResult({ abi: smefinErrorsAbi, data }) as { errorName: string; args?: readonly unknown[] };
  } catch {
    return undefined;
  }
  const args = decoded.args ?? [];
  const name = decoded.errorName;
  let sentence: string;
  if (name === "Error") sentence = String(args[0]);
  else if (name === "Panic") sentence = PANICS[Number(args[0])] ?? `panic 0x${Number(args[0]).toString(16)}`;
  else {
    const describe = (ERROR_SENTENCES as unknown as Record<string, (a: readonly unknown[]) => string>)[name];
    sentence = describe ? describe(args) : args.map(String).join(", ");
  }
  return { name, args, message: `${name}: ${sentence}`, data };
}

/** The revert data inside whatever viem (or an EIP-1193 provider) threw, if any. */
export function revertDataOf(error: unknown): Hex | undefined {
  if (typeof error === "string") return /^0x[0-9a-fA-F]*$/.test(error) ? (error as Hex) : undefined;
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (reverted?.raw) return reverted.raw;
  }
  // Look through causes and `data` fields: RPC errors carry the revert data as `data` (or `data.data`).
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data as Hex;
    if (data && typeof data === "object") {
      const inner = (data as { data?: unknown }).data;
      if (typeof inner === "string" && /^0x[0-9a-fA-F]{8,}$/.test(inner)) return inner as Hex;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Decodes the revert in an error (or raw revert data); undefined when there is no revert data or it is unknown. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  const data = revertDataOf(error);
  return data ? decodeRevertData(data) : undefined;
}

/**
 * A one-line explanation of any error, for developers and the command line: the decoded revert with its error's
 * name when there is one ("LoanBookFrozen: loan 9 is frozen by the regulator"), else viem's summary.
 */
export function describeError(error: unknown): string {
  const decoded = decodeRevert(error);
  if (decoded) return decoded.message;
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The same explanation as a sentence for the people using the app, without the contract's name for the error:
 * "Loan 9 is frozen by the regulator."
 */
export function errorSentence(error: unknown): string {
  const decoded = decodeRevert(error);
  return asSentence(decoded ? decoded.message.slice(decoded.name.length + 2) : describeError(error));
}

/** `text` with a capital first letter and a closing full stop. */
export function asSentence(text: string): string {
  const t = text.trim();
  if (t === "") return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
