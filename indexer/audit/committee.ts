import type { Hex } from "viem";
import type { Deployment } from "../../lib/deployments";
import { Role, Status } from "../../lib/enums";
import { formatDuration, formatTimestamp } from "../../lib/format";
import { callRequiresNotice, decodeProposalCall, type DecodedCall } from "../../lib/governance";
import type { LedgerEvent } from "../decode";
import { num, type MemoryStore, type ProposalRow } from "../ledger";
import type { Findings } from "./findings";

/**
 * The committee rules, checked during the replay with the ledger as it stood at each event (before applying it):
 *
 * - committee.approvals: an executed proposal had at least M approvals (M = the threshold in force at execution)
 *   from members who were Regulators, status Active and unexpired when they approved (a lapsed member may approve
 *   the renewal of a Regulator), and still Active at execution.
 * - committee.notice: a proposal whose call requires notice was executed no earlier than its queueing time plus
 *   the notice period in force when it was queued, and its eta says so.
 * - committee.authority: every committee-only change in the registry and the LoanBook (after the deployment
 *   transactions) was made by the committee, in the same transaction as a ProposalExecuted whose call it is.
 */

const lower = (x: unknown) => String(x).toLowerCase();

/** A committee-only event and the call that must have caused it. */
interface Expected {
  what: string;
  matches: (call: DecodedCall) => boolean;
}

export class CommitteeRules {
  /** Per proposal, per approving member: whether the member was eligible when approving (and why not). */
  private readonly approvalStanding = new Map<number, Map<string, string | null>>();
  /** Per proposal: the notice period in force when it was queued. */
  private readonly noticeWhenQueued = new Map<number, number>();
  /** Per transaction: the proposals executed in it (ProposalExecuted comes before the call's own events). */
  private readonly executedInTx = new Map<string, number[]>();
  private readonly deploymentTxs: Set<string>;
  private readonly committee: string;

  constructor(
    private readonly store: MemoryStore,
    private readonly findings: Findings,
    private readonly deployment: Deployment,
  ) {
    this.deploymentTxs = new Set(Object.values(deployment.contracts).map((c) => lower(c.transactionHash)));
    this.committee = lower(deployment.contracts.SupervisoryCommittee.address);
  }

  /** Checks `e` against the ledger before it is applied. */
  onEvent(e: LedgerEvent): void {
    if (e.name === "Unknown") return;
    if (e.contract === "SupervisoryCommittee") {
      if (e.name === "ProposalApproved") this.onApproved(num(e.args.id), e.args.member, e.blockTime);
      else if (e.name === "ProposalQueued") this.onQueued(num(e.args.id), num(e.args.eta), e);
      else if (e.name === "ProposalExecuted") this.onExecuted(num(e.args.id), e);
    }
    const expected = this.committeeOnly(e);
    if (expected) this.checkAuthority(e, expected);
  }

  private setting(name: "threshold" | "noticePeriod"): number {
    const rows = this.store.committeeSettings.filter((s) => s.setting === name);
    return rows.length ? rows[rows.length - 1].value : 0;
  }

  private decoded(p: ProposalRow): DecodedCall | undefined {
    return decodeProposalCall(this.deployment, p.target, p.data as Hex);
  }

  private onApproved(id: number, member: string, time: number): void {
    const p = this.store.proposal(id);
    if (!p) return; // the reducer reports the unknown proposal
    const m = this.store.participant(member);
    let problem: string | null = null;
    if (!m || m.role !== Role.Regulator) problem = "was not a Regulator";
    else if (m.status !== Status.Active) problem = "was not in status Active";
    else if (time >= m.expiresAt && !this.isRenewalOfRegulator(p)) problem = `had an admission lapsed on ${formatTimestamp(m.expiresAt)}`;
    const standing = this.approvalStanding.get(id) ?? new Map<string, string | null>();
    standing.set(member, problem);
    this.approvalStanding.set(id, standing);
  }

  private isRenewalOfRegulator(p: ProposalRow): boolean {
    const call = this.decoded(p);
    return call?.contract === "ParticipantRegistry" && call.functionName === "renew" && this.store.participant(lower(call.args[0]))?.role === Role.Regulator;
  }

  private onQueued(id: number, eta: number, e: LedgerEvent): void {
    const p = this.store.proposal(id);
    if (!p) return;
    const notice = this.setting("noticePeriod");
    this.noticeWhenQueued.set(id, notice);
    const required = callRequiresNotice(this.deployment, p.target, p.data as Hex) ? notice : 0;
    this.findings.check("committee.notice");
    if (eta !== e.blockTime + required) {
      this.findings.error("committee.notice", `proposal ${id} was queued at ${formatTimestamp(e.blockTime)} with eta ${formatTimestamp(eta)}; the notice in force was ${formatDuration(required)} (block ${e.blockNumber} tx ${e.txHash})`, { proposal: id });
    }
  }

  private onExecuted(id: number, e: LedgerEvent): void {
    const p = this.store.proposal(id);
    if (!p) return;
    this.executedInTx.set(e.txHash, [...(this.executedInTx.get(e.txHash) ?? []), id]);
    const where = `block ${e.blockNumber} tx ${e.txHash}`;

    // committee.approvals
    const threshold = this.setting("threshold");
    const counted: string[] = [];
    const refused: string[] = [];
    for (const [member, problem] of this.approvalStanding.get(id) ?? []) {
      const now = this.store.participant(member);
      if (problem) refused.push(`${member} ${problem} when approving`);
      else if (now?.status !== Status.Active) refused.push(`${member} was no longer Active at execution`);
      else counted.push(member);
    }
    this.findings.check("committee.approvals");
    if (counted.length < threshold) {
      const why = refused.length ? `; not counted: ${refused.join("; ")}` : "";
      this.findings.error("committee.approvals", `proposal ${id} was executed with ${counted.length} eligible approval(s), the threshold in force was ${threshold} (${where})${why}`, { proposal: id });
    }

    // committee.notice
    if (callRequiresNotice(this.deployment, p.target, p.data as Hex)) {
      this.findings.check("committee.notice");
      const notice = this.noticeWhenQueued.get(id);
      if (p.queuedTime === null || notice === undefined) {
        this.findings.error("committee.notice", `proposal ${id} was executed without having been queued (${where})`, { proposal: id });
      } else if (e.blockTime < p.queuedTime + notice) {
        this.findings.error(
          "committee.notice",
          `proposal ${id} was executed at ${formatTimestamp(e.blockTime)}, before its notice of ${formatDuration(notice)} from ${formatTimestamp(p.queuedTime)} ended (${where})`,
          { proposal: id },
        );
      }
    }
  }

  /** The call a committee-only event must come from, or undefined when the event needs no committee. */
  private committeeOnly(e: LedgerEvent): Expected | undefined {
    if (e.name === "Unknown" || this.deploymentTxs.has(lower(e.txHash))) return undefined;
    const a = e.args as Record<string, any>;
    const is = (contract: string, functionName: string, test: (args: readonly any[]) => boolean) => (c: DecodedCall) =>
      c.contract === contract && c.functionName === functionName && test(c.args);
    const isRegulator = (account: string) => this.store.participant(lower(account))?.role === Role.Regulator;
    if (e.name === "Upgraded") {
      return { what: `the upgrade of the ${e.contract} to ${a.implementation}`, matches: (c) => c.contract === e.contract && c.functionName === "upgradeToAndCall" && lower(c.args[0]) === lower(a.implementation) };
    }
    if (e.contract === "ParticipantRegistry") {
      switch (e.name) {
        case "PolicySet":
          return { what: "a policy change", matches: is("ParticipantRegistry", "setPolicy", ([p]) => samePolicy(p, a.policy)) };
        case "PauseSet":
          return a.paused ? undefined : { what: "resuming the platform", matches: is("ParticipantRegistry", "setPaused", ([paused]) => paused === false) };
        case "ParticipantRevoked":
          return { what: `the revocation of ${a.account}`, matches: is("ParticipantRegistry", "revoke", ([account]) => lower(account) === a.account) };
        case "ParticipantReinstated":
          return { what: `the reinstatement of ${a.account}`, matches: is("ParticipantRegistry", "reinstate", ([account]) => lower(account) === a.account) };
        case "PlatformContractSet":
          return { what: `the platform contract setting of ${a.account}`, matches: is("ParticipantRegistry", "setPlatformContract", ([account, allowed]) => lower(account) === a.account && allowed === a.allowed) };
        case "ParticipantAdmitted":
          return a.role === Role.Regulator ? { what: `the admission of member ${a.account}`, matches: is("ParticipantRegistry", "admit", ([account, role]) => lower(account) === a.account && role === Role.Regulator) } : undefined;
        case "AdmissionRenewed":
          return isRegulator(a.account) ? { what: `the renewal of member ${a.account}`, matches: is("ParticipantRegistry", "renew", ([account, expiresAt]) => lower(account) === a.account && Number(expiresAt) === Number(a.expiresAt)) } : undefined;
        case "ParticipantSuspended":
          return isRegulator(a.account) ? { what: `the suspension of member ${a.account}`, matches: is("ParticipantRegistry", "suspend", ([account]) => lower(account) === a.account) } : undefined;
      }
    }
    if (e.contract === "LoanBook") {
      switch (e.name) {
        case "LoanUnfrozen":
          return { what: `lifting the freeze of loan ${a.id}`, matches: is("LoanBook", "unfreeze", ([id]) => BigInt(id) === BigInt(a.id)) };
        case "SurplusSwept":
          return { what: `the surplus sweep to ${a.to}`, matches: is("LoanBook", "sweepSurplus", ([to]) => lower(to) === a.to) };
        case "ClaimsMoved":
          return {
            what: `moving the claims of ${a.from} in loan ${a.id}`,
            matches: is("LoanBook", "moveClaims", ([ids, from, to]) => (ids as bigint[]).some((id) => BigInt(id) === BigInt(a.id)) && lower(from) === a.from && lower(to) === a.to),
          };
        case "FeesMoved":
          return { what: `moving the fees of ${a.from}`, matches: is("LoanBook", "moveClaims", ([, from, to]) => lower(from) === a.from && lower(to) === a.to) };
      }
    }
    return undefined;
  }

  private checkAuthority(e: Exclude<LedgerEvent, { name: "Unknown" }>, expected: Expected): void {
    this.findings.check("committee.authority");
    const a = e.args as Record<string, any>;
    const where = `${e.contract}.${e.name} at block ${e.blockNumber} tx ${e.txHash}`;
    const by = a.regulator ?? a.by;
    const loan = e.contract === "LoanBook" && a.id !== undefined ? { loan: num(a.id) } : {};
    const target = lower(this.deployment.contracts[e.contract].address);
    const proposals = (this.executedInTx.get(e.txHash) ?? []).map((id) => this.store.proposal(id)!).filter(Boolean);
    const match = proposals.find((p) => lower(p.target) === target && (() => {
      const call = this.decoded(p);
      return call !== undefined && expected.matches(call);
    })());
    if (!match) {
      const executed = proposals.length ? `; the proposal(s) executed in it (${proposals.map((p) => p.id).join(", ")}) call something else` : "; no proposal was executed in that transaction";
      this.findings.error("committee.authority", `${expected.what} (${where}) was not made through a committee proposal${executed}`, {
        ...loan,
        ...(proposals.length ? { proposal: proposals[0].id } : {}),
      });
    } else if (by !== undefined && lower(by) !== this.committee) {
      this.findings.error("committee.authority", `${expected.what} (${where}) names ${by} as its author, not the committee`, { ...loan, proposal: match.id });
    }
  }
}

/** Whether a decoded setPolicy argument equals a PolicySet event's policy, field by field. */
function samePolicy(call: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.keys(event).every((k) => String(call[k]) === String(event[k]));
}
