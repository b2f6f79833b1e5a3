import { isAddressEqual, keccak256, parseEventLogs, stringToBytes, type Address, type Hex, type PublicClient } from "viem";
import { attestationRegistryAbi, loanBookAbi, participantRegistryAbi } from "./generated/abis";
import { inLogWindows } from "./logWindows";

/**
 * The regulator's words on the ledger: the reasons given for freezing a loan, suspending or revoking a participant,
 * revoking an attestation, and the text of supervision notices. Each event carries the text and its keccak256
 * (for a notice, the attestation's dataHash), so a copy of the text found anywhere else (an export, an e-mail, the
 * index) can be checked against what the ledger recorded with {@link reasonMatches}.
 */

/** The hash the contracts record beside a text: keccak256 of its UTF-8 bytes. */
export const reasonHash = (text: string): Hex => keccak256(stringToBytes(text));

/** Whether `text` is exactly the text whose hash the ledger recorded. */
export const reasonMatches = (text: string, recordedHash: Hex): boolean => reasonHash(text) === recordedHash.toLowerCase();

/**
 * A reason as typed, trimmed; throws a sentence when nothing is left (the contracts refuse an empty reason with
 * their own error, this says it before a transaction is sent).
 */
export function requireReason(text: string | undefined, what = "reason"): string {
  const trimmed = (text ?? "").trim();
  if (!trimmed) throw new Error(`Write the ${what} in words: it is recorded on the ledger for everyone entitled to read it.`);
  return trimmed;
}

/** What a recorded reason is about. */
export type ReasonAction = "loan frozen" | "participant suspended" | "participant revoked" | "attestation revoked" | "supervision notice";

/** One reason or notice as the ledger recorded it. */
export interface RecordedReason {
  action: ReasonAction;
  /** The loan's id, for a freeze. */
  loanId?: bigint;
  /** The participant, for a suspension or a revocation. */
  account?: Address;
  /** The attestation revoked, or the notice's own uid. */
  uid?: Hex;
  /** The notice's subject (a loan, an account or an attestation, encoded as lib/attestations.ts does). */
  subject?: Hex;
  text: string;
  /** The hash recorded beside the text. */
  hash: Hex;
  /** Whether the text hashes to the recorded hash (always true for events read from the chain itself). */
  matches: boolean;
  /** The regulator (or committee) that acted. */
  by?: Address;
  blockNumber: bigint;
  txHash: Hex;
}

export interface ReadReasonsParameters {
  registry: Address;
  attestations: Address;
  loanBook: Address;
  /** The deployment's first block. */
  fromBlock: bigint;
}

/** Every reason and notice recorded on the ledger, oldest first, each checked against its recorded hash. */
export async function readReasons(client: PublicClient, p: ReadReasonsParameters): Promise<RecordedReason[]> {
  const row = (r: Omit<RecordedReason, "matches">): RecordedReason => ({ ...r, matches: reasonMatches(r.text, r.hash) });
  const [frozen, suspended, revoked, attestationsRevoked, notices, attested] = await Promise.all([
    inLogWindows(client, p.fromBlock, (range) => client.getContractEvents({ address: p.loanBook, abi: loanBookAbi, eventName: "LoanFrozen", ...range })),
    inLogWindows(client, p.fromBlock, (range) => client.getContractEvents({ address: p.registry, abi: participantRegistryAbi, eventName: "ParticipantSuspended", ...range })),
    inLogWindows(client, p.fromBlock, (range) => client.getContractEvents({ address: p.registry, abi: participantRegistryAbi, eventName: "ParticipantRevoked", ...range })),
    inLogWindows(client, p.fromBlock, (range) => client.getContractEvents({ address: p.attestations, abi: attestationRegistryAbi, eventName: "AttestationRevoked", ...range })),
    inLogWindows(client, p.fromBlock, (range) => client.getContractEvents({ address: p.attestations, abi: attestationRegistryAbi, eventName: "NoticePublished", ...range })),
    inLogWindows(client, p.fromBlock, (range) => client.getContractEvents({ address: p.attestations, abi: attestationRegistryAbi, eventName: "Attested", ...range })),
  ]);
  // A notice's hash is its attestation's dataHash, in the Attested event of the same transaction.
  const dataHashOf = new Map(attested.map((l) => [l.args.uid!, { dataHash: l.args.dataHash!, attester: l.args.attester! }]));
  const place = (l: { blockNumber: bigint; transactionHash: Hex }) => ({ blockNumber: l.blockNumber, txHash: l.transactionHash });
  const rows: (RecordedReason & { logIndex: number })[] = [
    ...frozen.map((l) => ({ ...row({ action: "loan frozen", loanId: l.args.id!, text: l.args.reason!, hash: l.args.reasonHash!, by: l.args.regulator!, ...place(l) }), logIndex: l.logIndex })),
    ...suspended.map((l) => ({ ...row({ action: "participant suspended", account: l.args.account!, text: l.args.reason!, hash: l.args.reasonHash!, by: l.args.regulator!, ...place(l) }), logIndex: l.logIndex })),
    ...revoked.map((l) => ({ ...row({ action: "participant revoked", account: l.args.account!, text: l.args.reason!, hash: l.args.reasonHash!, by: l.args.regulator!, ...place(l) }), logIndex: l.logIndex })),
    ...attestationsRevoked.map((l) => ({ ...row({ action: "attestation revoked", uid: l.args.uid!, text: l.args.reason!, hash: l.args.reasonHash!, by: l.args.revoker!, ...place(l) }), logIndex: l.logIndex })),
    ...notices.map((l) => {
      const recorded = dataHashOf.get(l.args.uid!);
      return { ...row({ action: "supervision notice", uid: l.args.uid!, subject: l.args.subject!, text: l.args.text!, hash: recorded?.dataHash ?? reasonHash(""), by: recorded?.attester, ...place(l) }), logIndex: l.logIndex };
    }),
  ];
  rows.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  return rows.map((r) => {
    const { logIndex, ...reason } = r;
    void logIndex;
    return reason;
  });
}

/** Where the three contracts that record reasons live. */
export interface ReasonContracts {
  registry: Address;
  attestations: Address;
  loanBook: Address;
}

/** What the ledger recorded for a reason, read from its transaction on the chain. */
export interface LedgerCheck {
  /** The hash recorded in the transaction's event for this reason; undefined when the transaction has no such event. */
  recordedHash?: Hex;
  blockNumber?: bigint;
  /** Whether the keccak256 of the words equals the recorded hash. */
  matches: boolean;
}

/**
 * Checks a reason's words, wherever they were read (the index, an export), against the ledger itself: reads the
 * receipt of the transaction that recorded it and finds, among the logs of the contract that records that kind of
 * reason, the event about the same loan, account or attestation; for a notice, its Attested event's dataHash.
 * One receipt per check, so the browser checks what is on screen without scanning the chain's logs.
 */
export async function checkOnLedger(client: PublicClient, contracts: ReasonContracts, reason: Pick<RecordedReason, "action" | "text" | "txHash" | "loanId" | "account" | "uid">): Promise<LedgerCheck> {
  const receipt = await client.getTransactionReceipt({ hash: reason.txHash });
  const from = (address: Address) => receipt.logs.filter((l) => isAddressEqual(l.address, address));
  const sameUid = (uid: Hex | undefined) => !!reason.uid && !!uid && uid.toLowerCase() === reason.uid.toLowerCase();
  const sameAccount = (account: Address | undefined) => !!reason.account && !!account && isAddressEqual(account, reason.account);
  let recordedHash: Hex | undefined;
  switch (reason.action) {
    case "loan frozen":
      recordedHash = parseEventLogs({ abi: loanBookAbi, eventName: "LoanFrozen", logs: from(contracts.loanBook) }).find((l) => l.args.id === reason.loanId)?.args.reasonHash;
      break;
    case "participant suspended":
      recordedHash = parseEventLogs({ abi: participantRegistryAbi, eventName: "ParticipantSuspended", logs: from(contracts.registry) }).find((l) => sameAccount(l.args.account))?.args.reasonHash;
      break;
    case "participant revoked":
      recordedHash = parseEventLogs({ abi: participantRegistryAbi, eventName: "ParticipantRevoked", logs: from(contracts.registry) }).find((l) => sameAccount(l.args.account))?.args.reasonHash;
      break;
    case "attestation revoked":
      recordedHash = parseEventLogs({ abi: attestationRegistryAbi, eventName: "AttestationRevoked", logs: from(contracts.attestations) }).find((l) => sameUid(l.args.uid))?.args.reasonHash;
      break;
    case "supervision notice":
      recordedHash = parseEventLogs({ abi: attestationRegistryAbi, eventName: "Attested", logs: from(contracts.attestations) }).find((l) => sameUid(l.args.uid))?.args.dataHash;
      break;
  }
  return { recordedHash, blockNumber: receipt.blockNumber, matches: recordedHash !== undefined && reasonMatches(reason.text, recordedHash) };
}
