import "server-only";
import type { Address, Hex } from "viem";
import type { Deployment } from "@lib/deployments";
import { readOwnMetadata, type DemandMetadata } from "./documents";
import { enterpriseOf, mayReadDemandDocuments, metadataHashOf } from "./registry";

/**
 * What a reader may see of a demand's documents: decided from the chain (who asks, and whether the demand's readers
 * include them) before anything stored is looked at, so a reader who is not entitled gets one answer whatever
 * exists on the server. Only the metadata and documents the demand's own enterprise uploaded are shown.
 */
export type DemandDocuments =
  | { allowed: true; enterprise: Address; metadataHash: Hex | undefined; metadata: DemandMetadata | undefined }
  | { allowed: false; reason: string };

export async function demandDocumentsFor(d: Deployment, reader: Address, id: bigint): Promise<DemandDocuments> {
  const decision = await mayReadDemandDocuments(d, reader, id).catch(() => ({ allowed: false as const, reason: `no demand ${id}` }));
  if (!decision.allowed) return decision;
  const [enterprise, metadataHash] = await Promise.all([enterpriseOf(d, id), metadataHashOf(d, id)]);
  return { allowed: true, enterprise, metadataHash, metadata: metadataHash ? readOwnMetadata(enterprise, metadataHash) : undefined };
}
