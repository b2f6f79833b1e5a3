import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keccak256, stringToBytes, type Hex } from "viem";
import { appDataDir } from "@lib/paths";

/**
 * The demand documents the app server keeps: each file under data/documents/<sha256> (content-addressed, so the
 * name on chain and the bytes can never disagree), and each demand's metadata JSON under
 * data/metadata/<keccak256>.json, the hash the enterprise publishes on chain.
 */

export interface DocumentRef {
  name: string;
  sha256: string;
  size?: number;
  type?: string;
}

export interface DemandMetadata {
  purpose: string;
  innovation?: string;
  documents: DocumentRef[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const documentsDir = () => appDataDir("documents");
const metadataDir = () => appDataDir("metadata");

export const isSha256 = (value: string) => SHA256.test(value);

/** Stores a document; refuses one whose bytes do not hash to what the browser computed. */
export function storeDocument(bytes: Buffer, claimedSha256: string): string {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== claimedSha256.toLowerCase()) throw new Error(`the upload hashes to ${sha256}, not ${claimedSha256}`);
  mkdirSync(documentsDir(), { recursive: true });
  const path = join(documentsDir(), sha256);
  if (!existsSync(path)) writeFileSync(path, bytes);
  return sha256;
}

export function readDocument(sha256: string): Buffer | undefined {
  if (!isSha256(sha256)) return undefined;
  const path = join(documentsDir(), sha256);
  return existsSync(path) ? readFileSync(path) : undefined;
}

export function hasDocument(sha256: string): boolean {
  return isSha256(sha256) && existsSync(join(documentsDir(), sha256));
}

/** Keeps a demand's metadata exactly as serialised (its hash is over these bytes) and answers the hash. */
export function storeMetadata(json: string): Hex {
  const parsed = JSON.parse(json) as DemandMetadata;
  if (typeof parsed.purpose !== "string" || !Array.isArray(parsed.documents)) throw new Error("metadata needs a purpose and a documents list");
  for (const doc of parsed.documents) {
    if (!hasDocument(doc.sha256)) throw new Error(`document ${doc.name} (${doc.sha256}) was not uploaded`);
  }
  const hash = keccak256(stringToBytes(json));
  mkdirSync(metadataDir(), { recursive: true });
  writeFileSync(join(metadataDir(), `${hash}.json`), json);
  return hash;
}

export function readMetadata(hash: Hex): DemandMetadata | undefined {
  if (!/^0x[0-9a-f]{64}$/.test(hash)) return undefined;
  const path = join(metadataDir(), `${hash}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as DemandMetadata) : undefined;
}
