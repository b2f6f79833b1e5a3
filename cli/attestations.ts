import type { Hex } from "viem";
import { AttestationKind, accountSubject, loanSubject, nameOf } from "../lib/enums";
import type { Cli } from "./context";

export interface AttestationRow {
  uid: Hex;
  kind: string;
  kindCode: number;
  attester: Hex;
  subject: Hex;
  value: bigint;
  dataHash: Hex;
  relayer: Hex;
  valid: boolean;
  blockNumber: bigint;
}

/** Attestations about a loan and about its enterprise, read from the registry's events, with validity now. */
export async function attestationsFor(cli: Cli, loanId: bigint, enterprise: Hex): Promise<AttestationRow[]> {
  const fromBlock = BigInt(cli.deployment.contracts.AttestationRegistry.blockNumber);
  const logs = await cli.contracts.attestations.getEvents.Attested(
    { subject: [loanSubject(loanId), accountSubject(enterprise)] },
    { fromBlock, toBlock: "latest" },
  );
  return Promise.all(
    logs.map(async (log) => {
      const a = log.args as Required<typeof log.args>;
      return {
        uid: a.uid,
        kind: nameOf(AttestationKind, a.kind),
        kindCode: a.kind,
        attester: a.attester,
        subject: a.subject,
        value: a.value,
        dataHash: a.dataHash,
        relayer: a.relayer,
        valid: await cli.contracts.attestations.read.isValid([a.uid]),
        blockNumber: log.blockNumber,
      };
    }),
  );
}

/** The valid agency attestations a listing can present (operating disclosures and notices are not). */
export async function listableAttestations(cli: Cli, loanId: bigint, enterprise: Hex): Promise<Hex[]> {
  const rows = await attestationsFor(cli, loanId, enterprise);
  return rows.filter((r) => r.valid && r.kindCode <= AttestationKind.Audit).map((r) => r.uid);
}
