import { decodeFunctionData, encodeFunctionData, type Address, type ContractFunctionArgs, type ContractFunctionName, type Hex } from "viem";
import { ABIS, type ContractAddresses } from "./contracts";
import type { ContractName } from "./deployments";
import { BusinessScale, Role, nameOf } from "./enums";
import { formatBps, formatDuration, formatTimestamp, formatTokenAmount, shortAddress } from "./format";

/**
 * The supervisory committee's proposals as people name them: each kind is one committee-only call on one
 * contract. The command line's `regulator propose <kind>`, the app's forms and the audit all go through this table,
 * so a proposal is encoded, decoded and put into words the same way everywhere.
 */
export const PROPOSAL_KINDS = {
  "admit-member": { contract: "ParticipantRegistry", functionName: "admit", summary: "admit a new committee member" },
  "renew-member": { contract: "ParticipantRegistry", functionName: "renew", summary: "renew a member's admission" },
  "suspend-member": { contract: "ParticipantRegistry", functionName: "suspend", summary: "suspend a committee member" },
  reinstate: { contract: "ParticipantRegistry", functionName: "reinstate", summary: "lift a suspension" },
  revoke: { contract: "ParticipantRegistry", functionName: "revoke", summary: "revoke an admission for good (members included)" },
  policy: { contract: "ParticipantRegistry", functionName: "setPolicy", summary: "change the policy (after the notice period)" },
  "platform-contract": { contract: "ParticipantRegistry", functionName: "setPlatformContract", summary: "let a contract hold the deposit token, or stop it" },
  unpause: { contract: "ParticipantRegistry", functionName: "setPaused", summary: "resume the platform" },
  unfreeze: { contract: "LoanBook", functionName: "unfreeze", summary: "lift a loan's freeze" },
  "sweep-surplus": { contract: "LoanBook", functionName: "sweepSurplus", summary: "send tokens held outside any loan to an account" },
  "move-claims": { contract: "LoanBook", functionName: "moveClaims", summary: "move a revoked participant's claims to a successor" },
  threshold: { contract: "SupervisoryCommittee", functionName: "setThreshold", summary: "change how many approvals a proposal needs" },
  "notice-period": { contract: "SupervisoryCommittee", functionName: "setNoticePeriod", summary: "change the notice period (after the current one)" },
  upgrade: { contract: undefined, functionName: "upgradeToAndCall", summary: "give a contract new logic (after the notice period)" },
} as const;

export type ProposalKind = keyof typeof PROPOSAL_KINDS;

/** The states of ISupervisoryCommittee.ProposalState, by number. */
export const PROPOSAL_STATES = ["None", "Pending", "Queued", "Ready", "Executed", "Cancelled", "Expired"] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];
/** Proposals still open to approval or execution. */
export const OPEN_PROPOSAL_STATES: readonly ProposalStateName[] = ["Pending", "Queued", "Ready"];

type Abis = typeof ABIS;
type Nonpayable<C extends ContractName> = ContractFunctionName<Abis[C], "nonpayable">;

/** What the committee is asked to call, ready for `propose(target, data, description)`. */
export interface ProposalCall {
  target: Address;
  data: Hex;
}

/** Encodes a committee-only call on one of the deployment's contracts. */
export function proposalCall<C extends ContractName, F extends Nonpayable<C>>(
  deployment: ContractAddresses,
  contract: C,
  functionName: F,
  args: ContractFunctionArgs<Abis[C], "nonpayable", F>,
): ProposalCall {
  const data = encodeFunctionData({ abi: ABIS[contract], functionName, args } as never);
  return { target: deployment.contracts[contract].address, data };
}

/** A proposal's call decoded against the deployment's contracts; undefined when the target is none of them. */
export interface DecodedCall {
  contract: ContractName;
  functionName: string;
  args: readonly unknown[];
  kind: ProposalKind | undefined;
}

export function decodeProposalCall(deployment: ContractAddresses, target: string, data: Hex): DecodedCall | undefined {
  const entry = (Object.entries(deployment.contracts) as [ContractName, { address: string }][]).find(([, c]) => c.address.toLowerCase() === target.toLowerCase());
  if (!entry) return undefined;
  const contract = entry[0];
  try {
    const { functionName, args } = decodeFunctionData({ abi: ABIS[contract], data });
    return { contract, functionName, args: args ?? [], kind: kindOf(contract, functionName, args ?? []) };
  } catch {
    return undefined;
  }
}

function kindOf(contract: ContractName, functionName: string, args: readonly unknown[]): ProposalKind | undefined {
  if (functionName === "upgradeToAndCall") return "upgrade";
  if (contract === "ParticipantRegistry" && functionName === "setPaused") return args[0] === false ? "unpause" : undefined;
  const found = (Object.entries(PROPOSAL_KINDS) as [ProposalKind, { contract: string | undefined; functionName: string }][]).find(
    ([, k]) => k.contract === contract && k.functionName === functionName,
  );
  return found?.[0];
}

/** Names an address for a sentence: a known participant's label, else the short address. */
export type AddressLabel = (address: string) => string;

/** What a decoded call does, in one sentence (English: the app translates the kind and shows these arguments). */
export function describeCall(call: DecodedCall | undefined, name: AddressLabel = shortAddress): string {
  if (!call) return "a call to a contract outside this deployment";
  const a = call.args as readonly any[];
  switch (`${call.contract}.${call.functionName}`) {
    case "ParticipantRegistry.admit":
      return `admit ${name(a[0])} as ${nameOf(Role, a[1])}${a[3] !== BusinessScale.None ? ` (${nameOf(BusinessScale, a[3])})` : ""} until ${formatTimestamp(a[4]).slice(0, 10)}`;
    case "ParticipantRegistry.renew":
      return `renew the admission of ${name(a[0])} until ${formatTimestamp(a[1]).slice(0, 10)}`;
    case "ParticipantRegistry.suspend":
      return `suspend ${name(a[0])}`;
    case "ParticipantRegistry.reinstate":
      return `reinstate ${name(a[0])}`;
    case "ParticipantRegistry.revoke":
      return `revoke ${name(a[0])} for good`;
    case "ParticipantRegistry.setPolicy":
      return `set the policy: ${describePolicy(a[0])}`;
    case "ParticipantRegistry.setPlatformContract":
      return `${a[1] ? "let" : "stop"} ${name(a[0])} ${a[1] ? "hold" : "holding"} the deposit token`;
    case "ParticipantRegistry.setPaused":
      return a[0] ? "pause the platform" : "resume the platform";
    case "LoanBook.unfreeze":
      return `lift the freeze of loan ${a[0]}`;
    case "LoanBook.sweepSurplus":
      return `send the LoanBook's surplus to ${name(a[0])}`;
    case "LoanBook.moveClaims":
      return `move the claims of ${name(a[1])} in loan(s) ${(a[0] as bigint[]).join(", ") || "none"} to ${name(a[2])}`;
    case "SupervisoryCommittee.setThreshold":
      return `require ${a[0]} approvals per proposal`;
    case "SupervisoryCommittee.setNoticePeriod":
      return `set the notice period to ${formatDuration(a[0])}`;
    default:
      if (call.functionName === "upgradeToAndCall") return `upgrade the ${call.contract} to the implementation at ${name(a[0])}`;
      return `${call.contract}.${call.functionName}(${a.map(String).join(", ")})`;
  }
}

/** The policy as the registry stores it. */
export interface PolicyValues {
  lprBps: number;
  rateCapBps: number;
  feeCapBps: number;
  requiredKinds: number;
  gracePeriod: number;
  defaultPeriod: number;
  enterpriseCap: bigint;
  drawdownPeriod: number;
  minContribution: bigint;
}

export function describePolicy(p: PolicyValues): string {
  return [
    `LPR ${formatBps(p.lprBps)}`,
    `rate cap ${formatBps(p.rateCapBps)}`,
    `fee cap ${formatBps(p.feeCapBps)}`,
    `grace ${formatDuration(p.gracePeriod)}`,
    `default after ${formatDuration(p.defaultPeriod)}`,
    `enterprise cap ${formatTokenAmount(p.enterpriseCap)}`,
    `drawdown within ${formatDuration(p.drawdownPeriod)}`,
    `minimum contribution ${formatTokenAmount(p.minContribution)}`,
  ].join(", ");
}

/** The fields of a policy that differ between `before` and `after`, by name. */
export function policyChanges(before: PolicyValues, after: PolicyValues): (keyof PolicyValues)[] {
  return (Object.keys(after) as (keyof PolicyValues)[]).filter((k) => BigInt(before[k]) !== BigInt(after[k]));
}

/** The policy's fields as people name them, in the order the policy form shows them. */
export const POLICY_FIELD_LABELS: Record<keyof PolicyValues, string> = {
  lprBps: "Loan prime rate",
  rateCapBps: "Rate cap",
  feeCapBps: "Platform fee cap",
  enterpriseCap: "Outstanding cap per enterprise",
  gracePeriod: "Grace period",
  defaultPeriod: "Default period",
  drawdownPeriod: "Drawdown period",
  minContribution: "Minimum contribution",
  requiredKinds: "Attestations required (kind bits)",
};

/** One field's value in words: rates as percentages, periods as durations, amounts in the deposit token. */
export function formatPolicyField(field: keyof PolicyValues, value: PolicyValues[keyof PolicyValues]): string {
  switch (field) {
    case "lprBps":
    case "rateCapBps":
    case "feeCapBps":
      return formatBps(value);
    case "gracePeriod":
    case "defaultPeriod":
    case "drawdownPeriod":
      return formatDuration(value);
    case "enterpriseCap":
    case "minContribution":
      return formatTokenAmount(BigInt(value));
    case "requiredKinds":
      return `0x${Number(value).toString(16)}`;
  }
}

/** What a policy change changes, field by field, in words: `{ label: "Rate cap", before: "12%", after: "10%" }`. */
export interface PolicyFieldChange {
  field: keyof PolicyValues;
  label: string;
  before: string;
  after: string;
}

export function describePolicyChanges(before: PolicyValues, after: PolicyValues): PolicyFieldChange[] {
  return policyChanges(before, after).map((field) => ({
    field,
    label: POLICY_FIELD_LABELS[field],
    before: formatPolicyField(field, before[field]),
    after: formatPolicyField(field, after[field]),
  }));
}

/** The new policy a decoded call would set, when it is a policy change. */
export function proposedPolicy(call: DecodedCall | undefined): PolicyValues | undefined {
  return call?.contract === "ParticipantRegistry" && call.functionName === "setPolicy" ? (call.args[0] as PolicyValues) : undefined;
}

/** The approvals of a proposal that still count: those of members still in status Active (as `execute` counts). */
export function standingApprovals(approvers: readonly string[], isActiveMember: (account: string) => boolean): number {
  return approvers.filter((a) => isActiveMember(a)).length;
}

/** Proposal lifetimes, as the committee contract defines them (seconds). */
export const PROPOSAL_LIFETIME = 14 * 86_400;
export const EXECUTION_WINDOW = 14 * 86_400;

/** A proposal as the committee stores it, with its state and the times people need. */
export interface ProposalView {
  id: bigint;
  proposer: Address;
  target: Address;
  data: Hex;
  descriptionHash: Hex;
  createdAt: number;
  queuedAt: number;
  eta: number;
  executed: boolean;
  cancelled: boolean;
  approvers: readonly Address[];
  state: ProposalStateName;
  /** Until when it may still be approved (Pending) or executed (Queued, Ready). */
  deadline: number;
}

/** Reads proposal `id` from the committee (anything with viem's `read.getProposal` and `read.state`). */
export async function readProposal(
  committee: { read: { getProposal: (args: [bigint]) => Promise<any>; state: (args: [bigint]) => Promise<number> } },
  id: bigint,
): Promise<ProposalView> {
  const [p, state] = await Promise.all([committee.read.getProposal([id]), committee.read.state([id])]);
  const createdAt = Number(p.createdAt);
  const queuedAt = Number(p.queuedAt);
  const eta = Number(p.eta);
  return {
    id,
    proposer: p.proposer,
    target: p.target,
    data: p.data,
    descriptionHash: p.descriptionHash,
    createdAt,
    queuedAt,
    eta,
    executed: p.executed,
    cancelled: p.cancelled,
    approvers: p.approvers,
    state: PROPOSAL_STATES[state],
    deadline: queuedAt === 0 ? createdAt + PROPOSAL_LIFETIME : eta + EXECUTION_WINDOW,
  };
}

/** The selectors of the calls that wait the notice period once approved (as the committee's `requiresNotice`). */
const UPGRADE_SELECTOR = "0x4f1ef286"; // upgradeToAndCall(address,bytes)

/**
 * Whether a proposal's call waits the notice period, as the committee's `requiresNotice(target, data)` decides:
 * any `upgradeToAndCall`, the registry's `setPolicy`, the committee's own `setNoticePeriod`.
 */
export function callRequiresNotice(deployment: ContractAddresses, target: string, data: Hex): boolean {
  if (data.slice(0, 10).toLowerCase() === UPGRADE_SELECTOR) return true;
  const call = decodeProposalCall(deployment, target, data);
  return (call?.contract === "ParticipantRegistry" && call.functionName === "setPolicy") || (call?.contract === "SupervisoryCommittee" && call.functionName === "setNoticePeriod");
}

/** A proposal's times, as the committee stores them (unix seconds; queuedAt 0 while pending). */
export interface ProposalTimes {
  createdAt: number;
  queuedAt: number;
  eta: number;
  executed: boolean;
  cancelled: boolean;
}

/** Where a proposal stands at time `now`: the committee's `state(id)`, computed off chain (from an index, say). */
export function proposalStateAt(p: ProposalTimes, now: number): Exclude<ProposalStateName, "None"> {
  if (p.executed) return "Executed";
  if (p.cancelled) return "Cancelled";
  if (p.queuedAt === 0) return now < p.createdAt + PROPOSAL_LIFETIME ? "Pending" : "Expired";
  if (now < p.eta) return "Queued";
  return now < p.eta + EXECUTION_WINDOW ? "Ready" : "Expired";
}

/** Until when a proposal may still be approved (pending) or executed (queued). */
export function proposalDeadline(p: Pick<ProposalTimes, "createdAt" | "queuedAt" | "eta">): number {
  return p.queuedAt === 0 ? p.createdAt + PROPOSAL_LIFETIME : p.eta + EXECUTION_WINDOW;
}
