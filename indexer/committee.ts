import type { Hex } from "viem";
import type { ContractAddresses } from "../lib/contracts";
import { Role, Status } from "../lib/enums";
import { formatDuration, formatTimestamp, shortAddress } from "../lib/format";
import { callRequiresNotice, decodeProposalCall, describeCall, proposalDeadline, proposalStateAt } from "../lib/governance";
import type { Sql } from "./sql";
import { argsToJson } from "./decode";
import type { ApprovalRow, CommitteeSettingRow, ProposalRow } from "./ledger";
import { approvalFromDb, committeeSettingFromDb, participantFromDb, proposalFromDb } from "./store";
import type { CommitteeHistoryEntry, CommitteeMemberView, CommitteeProposalView, CommitteeSettingView, CommitteeView, ParticipantView } from "./wire";

/**
 * The supervisory committee as the index sees it: its members (the registry's Regulators), its threshold and
 * notice period over time, and its proposals with their calls decoded, approvals, state and time left at the
 * index head. The app's regulator workspace, `smefin regulator proposals` over the index and the audit report
 * read it from here.
 */

/** The setting in force at a point of the chain: the last change at or before (block, logIndex). */
export function settingAt(settings: readonly CommitteeSettingRow[], setting: CommitteeSettingRow["setting"], block: number, logIndex = Number.MAX_SAFE_INTEGER): number | undefined {
  let value: number | undefined;
  for (const s of settings) {
    if (s.setting !== setting) continue;
    if (s.blockNumber < block || (s.blockNumber === block && s.logIndex <= logIndex)) value = s.value;
  }
  return value;
}

/** A proposal's decoded call in the wire's terms. */
export function proposalCallView(deployment: ContractAddresses, p: Pick<ProposalRow, "target" | "data">, name: (a: string) => string = shortAddress) {
  const call = decodeProposalCall(deployment, p.target, p.data as Hex);
  return {
    kind: call?.kind ?? null,
    contract: call?.contract ?? null,
    functionName: call?.functionName ?? null,
    args: call ? (JSON.parse(argsToJson(call.args)) as unknown[]) : [],
    sentence: describeCall(call, name),
    requiresNotice: callRequiresNotice(deployment, p.target, p.data as Hex),
  };
}

export function proposalView(
  deployment: ContractAddresses,
  p: ProposalRow,
  approvals: readonly ApprovalRow[],
  settings: readonly CommitteeSettingRow[],
  now: number,
): CommitteeProposalView {
  const times = { createdAt: p.createdTime, queuedAt: p.queuedTime ?? 0, eta: p.eta ?? 0, executed: p.executedBlock !== null, cancelled: p.cancelledBlock !== null };
  const state = proposalStateAt(times, now);
  const deadline = proposalDeadline(times);
  const timeLeft = state === "Queued" ? times.eta - now : state === "Pending" || state === "Ready" ? deadline - now : null;
  return {
    id: p.id,
    proposer: p.proposer,
    target: p.target,
    data: p.data,
    description: p.description,
    ...proposalCallView(deployment, p),
    state,
    createdAt: p.createdTime,
    createdBlock: p.createdBlock,
    createdTx: p.createdTx,
    expiresAt: p.expiresAt,
    approvals: approvals.map((a) => ({ member: a.member, approvals: a.approvals, blockNumber: a.blockNumber, blockTime: a.blockTime, txHash: a.txHash })),
    approvers: approvals.map((a) => a.member),
    threshold: settingAt(settings, "threshold", p.executedBlock ?? Number.MAX_SAFE_INTEGER) ?? 0,
    queuedAt: p.queuedTime,
    eta: p.eta,
    notice: p.queuedTime === null || p.eta === null ? null : p.eta - p.queuedTime,
    deadline,
    timeLeft,
    executedAt: p.executedTime,
    executedBlock: p.executedBlock,
    executedTx: p.executedTx,
    executor: p.executor,
    cancelledAt: p.cancelledTime,
    cancelledTx: p.cancelledTx,
    cancelledBy: p.cancelledBy,
  };
}

/** One committee event in words. */
export function historySentence(name: string, args: Record<string, any>): string {
  switch (name) {
    case "ProposalCreated":
      return `${shortAddress(args.proposer)} proposed #${args.id}: ${args.description}`;
    case "ProposalApproved":
      return `${shortAddress(args.member)} approved #${args.id} (${args.approvals} approval${Number(args.approvals) === 1 ? "" : "s"})`;
    case "ProposalQueued":
      return `#${args.id} reached the threshold; executable from ${formatTimestamp(Number(args.eta))}`;
    case "ProposalExecuted":
      return `${shortAddress(args.executor)} executed #${args.id}`;
    case "ProposalCancelled":
      return `${shortAddress(args.member)} cancelled #${args.id}`;
    case "ThresholdSet":
      return `threshold set to ${args.threshold} approvals`;
    case "NoticePeriodSet":
      return `notice period set to ${formatDuration(Number(args.noticePeriod))}`;
    default:
      return name;
  }
}

const ACTIONS: Record<string, CommitteeHistoryEntry["action"]> = {
  ProposalCreated: "created",
  ProposalApproved: "approved",
  ProposalQueued: "queued",
  ProposalExecuted: "executed",
  ProposalCancelled: "cancelled",
  ThresholdSet: "threshold",
  NoticePeriodSet: "noticePeriod",
};

/** Every committee event in words, newest first. */
export async function committeeHistory(sql: Sql): Promise<CommitteeHistoryEntry[]> {
  const rows = await sql.all<any>(
    `SELECT * FROM events WHERE contract = 'SupervisoryCommittee' AND name IN (${Object.keys(ACTIONS).map(() => "?").join(", ")})
     ORDER BY block_number DESC, log_index DESC`,
    Object.keys(ACTIONS),
  );
  return rows.map((r) => {
    const args = JSON.parse(r.args);
    return {
      blockNumber: r.block_number,
      logIndex: r.log_index,
      blockTime: r.block_time,
      txHash: r.tx_hash,
      action: ACTIONS[r.name],
      proposalId: args.id === undefined ? null : Number(args.id),
      member: args.proposer ?? args.member ?? args.executor ?? null,
      sentence: historySentence(r.name, args),
    };
  });
}

/** The committee at the index head. `member` builds the participant view of a Regulator (the views' own). */
export async function committeeView(sql: Sql, deployment: ContractAddresses, now: number, member: (row: ReturnType<typeof participantFromDb>) => ParticipantView): Promise<CommitteeView> {
  const settings = (await sql.all<any>("SELECT * FROM committee_settings ORDER BY block_number, log_index")).map(committeeSettingFromDb);
  const approvals = new Map<number, ApprovalRow[]>();
  for (const a of (await sql.all<any>("SELECT * FROM proposal_approvals ORDER BY block_number, log_index")).map(approvalFromDb)) {
    approvals.set(a.proposalId, [...(approvals.get(a.proposalId) ?? []), a]);
  }
  /** The proposal executed in a transaction, when one was (its id from the event's arguments). */
  const executedIn = async (txHash: string) => {
    const row = await sql.get<{ args: string }>("SELECT args FROM events WHERE name = 'ProposalExecuted' AND tx_hash = ? ORDER BY log_index LIMIT 1", [txHash]);
    return row ? Number(JSON.parse(row.args).id) : null;
  };
  const members: CommitteeMemberView[] = (await sql.all<any>("SELECT * FROM participants WHERE role = ? ORDER BY admitted_block, account", [Role.Regulator]))
    .map(participantFromDb)
    .map((p) => ({ ...member(p), eligible: p.status === Status.Active && now < p.expiresAt, expiresIn: p.expiresAt - now }));
  const proposals = (await sql.all<any>("SELECT * FROM proposals ORDER BY id DESC"))
    .map(proposalFromDb)
    .map((p) => proposalView(deployment, p, approvals.get(p.id) ?? [], settings, now));
  const settingViews: CommitteeSettingView[] = [];
  for (const s of settings) {
    settingViews.push({ setting: s.setting, value: s.value, blockNumber: s.blockNumber, blockTime: s.blockTime, txHash: s.txHash, proposalId: await executedIn(s.txHash) });
  }
  return {
    address: deployment.contracts.SupervisoryCommittee.address.toLowerCase(),
    now,
    threshold: settingAt(settings, "threshold", Number.MAX_SAFE_INTEGER) ?? 0,
    noticePeriod: settingAt(settings, "noticePeriod", Number.MAX_SAFE_INTEGER) ?? 0,
    members,
    eligibleMembers: members.filter((m) => m.eligible).length,
    proposals,
    settings: settingViews,
    history: await committeeHistory(sql),
  };
}
