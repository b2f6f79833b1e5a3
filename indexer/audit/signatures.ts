import { hashTypedData, recoverTypedDataAddress, type Hex, type PublicClient } from "viem";
import type { Deployment } from "../../lib/deployments";
import type { AttestationKind } from "../../lib/enums";
import { attestTypedData } from "../../lib/typedData";
import { tablePages, type Sql } from "../sql";
import type { AttestationRow } from "../ledger";
import { attestationFromDb } from "../store";
import type { Findings } from "./findings";

const ERC1271_MAGIC = "0x1626ba7e";
const erc1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "", type: "bytes4" }],
  },
] as const;

/** Direct attestations whose transactions the audit fetches at once. */
const SENDER_BATCH = 500;

/**
 * attestation.author: an attestation sent directly (relayer = attester: the agency's own `attest`, an enterprise's
 * disclosure, a regulator's notice) carries no signature; its authority is the transaction itself. The audit reads
 * each transaction back and checks that the attester sent it, or that the attester is a contract (which made the
 * call itself).
 *
 * attestation.signature: rebuilds the EIP-712 message of every relayed attestation (lib/typedData.ts) from the
 * event and the nonce, deadline and signature the sync read from the attestBySignature transaction input, and
 * verifies it: ECDSA recovery for accounts, ERC-1271 `isValidSignature` at the attestation's block for
 * contracts.
 */
export async function checkSignatures(client: PublicClient, deployment: Deployment, sql: Sql, findings: Findings): Promise<void> {
  const hasCode = new Map<string, Promise<boolean>>();
  const isContract = (address: string) => {
    if (!hasCode.has(address)) hasCode.set(address, client.getCode({ address: address as Hex }).then((code) => !!code && code !== "0x"));
    return hasCode.get(address)!;
  };
  const registry = deployment.contracts.AttestationRegistry.address;
  // A page of attestations at a time, in the order they were recorded.
  for await (const page of tablePages(sql, "attestations", ["block_number", "log_index"], SENDER_BATCH)) {
    const all = page.map(attestationFromDb);
    await checkAuthors(all.filter((a) => a.relayer === a.attester));
    for (const a of all.filter((a) => a.relayer !== a.attester)) await checkSignature(a);
  }

  async function checkAuthors(batch: AttestationRow[]): Promise<void> {
    const senders = await Promise.all(batch.map((a) => client.getTransaction({ hash: a.txHash as Hex }).then((tx) => tx.from.toLowerCase())));
    for (const [k, a] of batch.entries()) {
      findings.check("attestation.author");
      if (senders[k] === a.attester || (await isContract(a.attester))) continue;
      findings.error("attestation.author", `recorded as sent by its attester ${a.attester}, but tx ${a.txHash} was sent by ${senders[k]}`, { attestation: a.uid, participant: a.attester });
    }
  }

  async function checkSignature(a: AttestationRow): Promise<void> {
    findings.check("attestation.signature");
    const about = { attestation: a.uid, participant: a.attester };
    if (a.signature === null || a.nonce === null || a.deadline === null) {
      findings.warning("attestation.signature", `relayed by ${a.relayer} in tx ${a.txHash} through a call the index could not read as attestBySignature: signature not re-verified`, about);
      return;
    }
    if (BigInt(a.blockTime) > a.deadline) findings.error("attestation.signature", `recorded at ${a.blockTime}, after the signature's deadline ${a.deadline}`, about);
    const typedData = attestTypedData({
      chainId: deployment.chainId,
      registry,
      attester: a.attester as Hex,
      request: { kind: a.kind as AttestationKind, subject: a.subject as Hex, value: a.value, dataHash: a.dataHash as Hex, refUID: a.refUid as Hex, expiresAt: a.expiresAt },
      nonce: a.nonce,
      deadline: a.deadline,
    });
    let signer: string | undefined;
    try {
      signer = (await recoverTypedDataAddress({ ...typedData, signature: a.signature as Hex })).toLowerCase();
    } catch {
      signer = undefined;
    }
    if (signer === a.attester) return;
    if (await isContract(a.attester)) {
      const magic = await client
        .readContract({ address: a.attester as Hex, abi: erc1271Abi, functionName: "isValidSignature", args: [hashTypedData(typedData), a.signature as Hex], blockNumber: BigInt(a.blockNumber) })
        .catch(() => undefined);
      if (magic === ERC1271_MAGIC) return;
      findings.error("attestation.signature", `contract signer ${a.attester} does not accept the signature (ERC-1271) at block ${a.blockNumber}`, about);
      return;
    }
    findings.error("attestation.signature", `signature recovers ${signer ?? "no address"}, not the attester ${a.attester} (tx ${a.txHash})`, about);
  }
}
