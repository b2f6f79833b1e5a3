import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { finished } from "node:stream/promises";
import { join } from "node:path";
import { getAddress, keccak256, stringToBytes, type Address, type Hex } from "viem";
import { appDataDir } from "@lib/paths";
import { ALLOWED_DOCUMENTS, detectDocumentFileType } from "./documentTypes";

/**
 * The demand documents the app server keeps: each file under data/documents/<sha256> (content-addressed, so the
 * name on chain and the bytes can never disagree), each demand's metadata JSON under data/metadata/<keccak256>.json
 * (the hash the enterprise publishes on chain), and per account, under data/uploads/<address>.json, what that
 * account uploaded: its documents (with the type their bytes showed) and its metadata. A document or metadata
 * belongs to the accounts that uploaded it; a demand may only cite, and readers are only served, what its own
 * enterprise uploaded.
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

interface UploadRecord {
  /** sha256 -> the document's size in bytes and the type found in its bytes. */
  documents: Record<string, { size: number; type: string; at: number }>;
  /** keccak256 of the metadata JSON -> its size in bytes. */
  metadata: Record<string, { size: number; at: number }>;
}

/** Bytes one account may keep on the server (documents and metadata together): SMEFIN_UPLOAD_QUOTA_BYTES, default 200 MiB. */
export const UPLOAD_QUOTA_BYTES = Number(process.env.SMEFIN_UPLOAD_QUOTA_BYTES ?? 200 * 1024 * 1024);

/** A refusal the routes answer with its status and sentence. */
export class DocumentRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const METADATA_HASH = /^0x[0-9a-f]{64}$/;
const MAX_NAME = 200;
const documentsDir = () => appDataDir("documents");
const metadataDir = () => appDataDir("metadata");
const uploadsDir = () => appDataDir("uploads");
const recordPath = (account: Address) => join(uploadsDir(), `${account.toLowerCase()}.json`);

export const isSha256 = (value: string) => SHA256.test(value);

function recordOf(account: Address): UploadRecord {
  const path = recordPath(account);
  if (!existsSync(path)) return { documents: {}, metadata: {} };
  const record = JSON.parse(readFileSync(path, "utf8")) as Partial<UploadRecord>;
  return { documents: record.documents ?? {}, metadata: record.metadata ?? {} };
}

/** Writes a whole file or nothing (a crash leaves the old one): a temporary file renamed over it. */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Reads, changes and writes an account's record in one synchronous step (no other request interleaves in this process). */
function updateRecord(account: Address, change: (record: UploadRecord) => void): void {
  const record = recordOf(account);
  change(record);
  mkdirSync(uploadsDir(), { recursive: true });
  writeAtomically(recordPath(account), JSON.stringify(record));
}

const usedBytes = (record: UploadRecord) =>
  Object.values(record.documents).reduce((sum, d) => sum + d.size, 0) + Object.values(record.metadata).reduce((sum, m) => sum + m.size, 0);

function checkQuota(record: UploadRecord, adding: number): void {
  const used = usedBytes(record);
  if (used + adding > UPLOAD_QUOTA_BYTES) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    throw new DocumentRefusal(413, `your account keeps ${mib(used)} on this server and may keep ${mib(UPLOAD_QUOTA_BYTES)}: this upload does not fit`);
  }
}

/**
 * Stores a document `account` uploads as it streams in (written to disk and hashed a chunk at a time, so memory
 * stays flat whatever its size): refuses one whose bytes do not hash to what the browser computed, one whose bytes
 * are not of an allowed type, and one that would take the account over its quota. Nothing is kept of a refused one.
 */
export async function storeDocument(account: Address, chunks: AsyncIterable<Uint8Array>, claimedSha256: string): Promise<{ sha256: string; size: number; type: string }> {
  mkdirSync(documentsDir(), { recursive: true });
  const temporary = join(documentsDir(), `upload-${randomUUID()}.tmp`);
  try {
    const hash = createHash("sha256");
    let size = 0;
    const file = createWriteStream(temporary);
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.byteLength;
        if (!file.write(chunk)) await once(file, "drain");
      }
    } finally {
      file.end();
      await finished(file).catch(() => undefined);
    }
    if (size === 0) throw new DocumentRefusal(400, "the file is empty");
    const sha256 = hash.digest("hex");
    if (sha256 !== claimedSha256.toLowerCase()) throw new DocumentRefusal(400, `the upload hashes to ${sha256}, not ${claimedSha256}`);
    const type = await detectDocumentFileType(temporary);
    if (!type) throw new DocumentRefusal(415, `documents may be ${ALLOWED_DOCUMENTS}: this file's bytes are none of these`);
    const record = recordOf(account);
    if (record.documents[sha256]) return { sha256, size, type: record.documents[sha256].type };
    checkQuota(record, size);
    const path = join(documentsDir(), sha256);
    if (!existsSync(path)) renameSync(temporary, path);
    updateRecord(account, (r) => {
      r.documents[sha256] = { size, type, at: Math.floor(Date.now() / 1000) };
    });
    return { sha256, size, type };
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The document `sha256` as `account` uploaded it (its bytes and the type they showed), else undefined. */
export function readOwnDocument(account: Address, sha256: string): { bytes: Buffer; type: string } | undefined {
  if (!isSha256(sha256)) return undefined;
  const uploaded = recordOf(account).documents[sha256];
  const path = join(documentsDir(), sha256);
  if (!uploaded || !existsSync(path)) return undefined;
  return { bytes: readFileSync(path), type: uploaded.type };
}

function parseMetadata(json: string): DemandMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new DocumentRefusal(400, "the metadata is not JSON");
  }
  const m = parsed as Partial<DemandMetadata> | null;
  if (!m || typeof m !== "object" || typeof m.purpose !== "string" || !Array.isArray(m.documents)) throw new DocumentRefusal(400, "metadata needs a purpose and a documents list");
  if (m.innovation !== undefined && typeof m.innovation !== "string") throw new DocumentRefusal(400, "innovation notes are text");
  for (const doc of m.documents as unknown[]) {
    const d = doc as Partial<DocumentRef> | null;
    if (!d || typeof d !== "object" || typeof d.name !== "string" || d.name.length === 0 || d.name.length > MAX_NAME) throw new DocumentRefusal(400, `each document needs a name of 1 to ${MAX_NAME} characters`);
    if (typeof d.sha256 !== "string" || !isSha256(d.sha256)) throw new DocumentRefusal(400, `document "${d.name}" needs its SHA-256 in lower-case hex`);
    if (d.type !== undefined && typeof d.type !== "string") throw new DocumentRefusal(400, `document "${d.name}" has a type that is not text`);
  }
  return m as DemandMetadata;
}

/**
 * Keeps a demand's metadata exactly as serialised (its hash is over these bytes) for `account` and answers the hash.
 * Every document it cites must be one this account uploaded; the refusal reads the same whether the hash is stored
 * for another account or not at all, so nobody learns what others stored.
 */
export function storeMetadata(account: Address, json: string): Hex {
  const metadata = parseMetadata(json);
  const record = recordOf(account);
  for (const doc of metadata.documents) {
    if (!record.documents[doc.sha256]) throw new DocumentRefusal(400, `document "${doc.name}" is not one your account uploaded: upload it first`);
  }
  const hash = keccak256(stringToBytes(json));
  const size = Buffer.byteLength(json);
  if (!record.metadata[hash]) checkQuota(record, size);
  mkdirSync(metadataDir(), { recursive: true });
  const path = join(metadataDir(), `${hash}.json`);
  if (!existsSync(path)) writeAtomically(path, json);
  updateRecord(account, (r) => {
    r.metadata[hash] ??= { size, at: Math.floor(Date.now() / 1000) };
  });
  return hash;
}

/** The metadata `hash` as `account` stored it, else undefined (a demand only shows metadata its own enterprise stored). */
export function readOwnMetadata(account: Address, hash: Hex): DemandMetadata | undefined {
  if (!METADATA_HASH.test(hash)) return undefined;
  if (!recordOf(getAddress(account)).metadata[hash]) return undefined;
  const path = join(metadataDir(), `${hash}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as DemandMetadata) : undefined;
}
