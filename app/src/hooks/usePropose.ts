"use client";
import { useCallback, useState } from "react";
import { parseEventLogs } from "viem";
import { ABIS } from "@lib/contracts";
import { errorSentence } from "@lib/errors";
import type { ProposalCall } from "@lib/governance";
import { useContracts } from "./useContracts";
import { useDeployment } from "./useDeployment";
import { useWrite } from "./useWrite";

/** A proposal this page just created: its number, and how many approvals it needs in all. */
export interface CreatedProposal {
  id: bigint;
  threshold: number;
  /** Whether the proposer's own approval already reached the threshold (a committee of threshold 1). */
  queued: boolean;
}

/**
 * Proposes a committee-only call instead of making it: `propose(label, call, description)` sends the committee's
 * `propose` with a call encoded by lib/governance.ts `proposalCall(deployment, …)` (`deployment` is returned here
 * too), and `created` says which proposal it became. Progress and errors as `useWrite`.
 */
export function usePropose() {
  const write = useWrite();
  const deployment = useDeployment();
  const contracts = useContracts();
  const [created, setCreated] = useState<CreatedProposal>();
  const { run } = write;

  const propose = useCallback(
    async (label: string, { target, data }: ProposalCall, description: string) => {
      setCreated(undefined);
      const receipt = await run(label, async ({ write: send, publicClient, contracts: c, step }) => {
        // The call the committee would make, tried now as the committee: a proposal that would fail at execution
        // (an inconsistent policy, a loan that is not frozen) is refused here with the target's own error, rather
        // than after the approvals and the notice period.
        step("Checking that the committee could carry it out …");
        try {
          await publicClient.call({ account: c.committee.address, to: target, data });
        } catch (error) {
          throw new Error(`The committee could not carry this out now. ${errorSentence(error)}`);
        }
        return send({ contract: "committee", functionName: "propose", args: [target, data, description] });
      });
      if (!receipt || !contracts) return undefined;
      const committee = contracts.committee.address.toLowerCase();
      const logs = parseEventLogs({ abi: ABIS.SupervisoryCommittee, logs: receipt.logs.filter((l) => l.address.toLowerCase() === committee) });
      const id = logs.find((l) => l.eventName === "ProposalCreated")?.args as { id: bigint } | undefined;
      if (!id) return undefined;
      const threshold = Number(await contracts.committee.read.threshold());
      const result = { id: id.id, threshold, queued: logs.some((l) => l.eventName === "ProposalQueued") };
      setCreated(result);
      return result;
    },
    [run, contracts],
  );
  return { ...write, propose, created, deployment };
}
