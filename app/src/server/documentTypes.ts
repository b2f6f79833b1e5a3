import "server-only";
import { createReadStream } from "node:fs";
import { fileTypeFromFile } from "file-type";

/**
 * The kinds of demand document the app server keeps, told by the file's own bytes (its magic numbers, read by the
 * maintained `file-type` library), never by what the uploader says: a document is served with the type found
 * here, so no upload can make the browser render HTML or run script from the app's origin.
 */

export const PDF = "application/pdf";
export const TEXT = "text/plain";
export const CSV = "text/csv";
export const DOC = "application/msword";
export const XLS = "application/vnd.ms-excel";
/** Word 97-2003 and Excel 97-2003 files share one container (OLE compound file): the bytes cannot tell them apart. */
export const LEGACY_OFFICE = "application/x-cfb";

/** What `file-type` may find, as served. */
const BY_MAGIC = new Set([
  PDF,
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  LEGACY_OFFICE,
]);

/** Text without magic numbers: UTF-8 that decodes and holds no control character but tab, line feed, form feed and carriage return. */
async function isPlainTextFile(path: string): Promise<boolean> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const control = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
  try {
    for await (const chunk of createReadStream(path)) {
      if (control.test(decoder.decode(chunk as Buffer, { stream: true }))) return false;
    }
    return !control.test(decoder.decode());
  } catch {
    return false;
  }
}

/** The document type of the file at `path` (one of the allowed ones, text/plain for text), or undefined when it is none of them. */
export async function detectDocumentFileType(path: string): Promise<string | undefined> {
  // A file that starts like a container but breaks off can make the parser throw: then it is no allowed type either.
  const found = await fileTypeFromFile(path).catch(() => undefined);
  if (found) return BY_MAGIC.has(found.mime) ? found.mime : undefined;
  return (await isPlainTextFile(path)) ? TEXT : undefined;
}

/**
 * The Content-Type a document is served with: the detected type, narrowed by the declared one only where the bytes
 * cannot decide (text as CSV; an OLE compound file as Word or Excel), else a download with no type at all.
 */
export function servedType(detected: string, declared: string | undefined): string {
  if (detected === TEXT) return declared === CSV ? `${CSV}; charset=utf-8` : `${TEXT}; charset=utf-8`;
  if (detected === LEGACY_OFFICE) return declared === DOC || declared === XLS ? declared : "application/octet-stream";
  return detected;
}

export const ALLOWED_DOCUMENTS = "PDF, PNG, JPEG, GIF or WebP images, plain text or CSV, Excel (xlsx, xls), Word (docx, doc), OpenDocument text or spreadsheet (odt, ods)";
