"use client";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { Role, Status } from "@lib/enums";
import type { ProposalListRow } from "../../../indexer/lists";
import { decodeProposalCall, describeCall, readProposal, type AddressLabel, type DecodedCall, type ProposalView } from "@lib/governance";
import { useContracts } from "./useContracts";
import { useDeployment } from "./useDeployment";
import { useNames } from "./useNames";
import { useParticipants, type ParticipantRow } from "./useParticipants";
import { useIndexList } from "./useIndex";

/** A proposal with what it does in words and the reason its proposer gave. */
export interface ProposalRow extends ProposalView {
  call: DecodedCall | undefined;
  /** What the call does, one sentence (lib/governance.ts describeCall). */
  sentence: string;
  /** The proposer's description, from the ProposalCreated event. */
  description: string;
}

/** A committee member: a participant in role Regulator, and whether it is in office (Active, admission not lapsed). */
export interface CommitteeMember extends ParticipantRow {
  inOffice: boolean;
}

export interface CommitteeState {
  threshold: number;
  noticePeriod: number;
  proposals: ProposalRow[];
}

/**
 * The supervisory committee as every page needs it: threshold, notice period and the latest proposals with their
 * state, call in words and description, newest first. The one place the app reads the committee: which proposals
 * there are and their reasons come from the ledger index (a page of them), the state of each one on screen, the
 * threshold and the notice period live from the chain.
 */
export function useCommittee() {
  const contracts = useContracts();
  const deployment = useDeployment();
  const names = useNames();
  const listed = useIndexList<ProposalListRow>("proposals", { limit: 50 });
  return useQuery({
    queryKey: ["committee", listed.data?.rows.map((p) => p.id).join(",")],
    enabled: !!contracts && !!listed.data,
    queryFn: async (): Promise<CommitteeState> => {
      const committee = contracts!.committee;
      const [threshold, noticePeriod] = await Promise.all([committee.read.threshold(), committee.read.noticePeriod()]);
      const label: AddressLabel = (a) => names.label(a);
      const proposals = await Promise.all(
        listed.data!.rows.map(async (row) => {
          const view = await readProposal(committee, BigInt(row.id));
          const call = decodeProposalCall(deployment, view.target, view.data);
          return { ...view, call, sentence: describeCall(call, label), description: row.description };
        }),
      );
      return { threshold: Number(threshold), noticePeriod: Number(noticePeriod), proposals };
    },
  });
}

/** The committee's members (the registry's Regulators), with whether each is in office now. */
export function useCommitteeMembers(): { members: CommitteeMember[]; isPending: boolean } {
  const participants = useParticipants({ roles: [Role.Regulator] });
  const members = (participants.data ?? [])
    .map((p) => ({ ...p, inOffice: p.status === Status.Active && p.active }));
  return { members, isPending: participants.isPending };
}

/**
 * Whether `account` may propose, approve, cancel and execute each of `proposals` (the committee's isEligible: a
 * member in office, or a lapsed one for a member's renewal), keyed by proposal id.
 */
export function useEligibility(account: Address | undefined, proposals: readonly ProposalRow[]) {
  const contracts = useContracts();
  const ids = proposals.map((p) => p.id.toString());
  return useQuery({
    queryKey: ["committee", "eligibility", account, ids],
    enabled: !!contracts && !!account && proposals.length > 0,
    queryFn: async (): Promise<Record<string, boolean>> => {
      const answers = await Promise.all(proposals.map((p) => contracts!.committee.read.isEligible([account!, p.target, p.data])));
      return Object.fromEntries(proposals.map((p, i) => [p.id.toString(), answers[i]]));
    },
  });
}
