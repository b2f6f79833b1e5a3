import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { Deployment } from "@lib/deployments";
import { appOrigin, deployment } from "./env";
import { sessionOf, type Session } from "./session";
import { standingOf, type Standing } from "./registry";
import { Role } from "@lib/enums";

/**
 * JSON error answers with a sentence, the guards every private route starts with, and the one guard every route
 * that changes state goes through (`writeRoute`): same-origin only, its content type only, its body read under its
 * size limit while it streams in.
 */

export const fail = (status: number, error: string, headers?: HeadersInit) => NextResponse.json({ error }, { status, headers });

export type Guarded<T> = { ok: true; value: T } | { ok: false; response: NextResponse };

export function requireDeployment(): Guarded<Deployment> {
  const d = deployment();
  return d ? { ok: true, value: d } : { ok: false, response: fail(503, "no deployment of the contracts for this network: deploy first") };
}

export function requireSession(request: NextRequest): Guarded<Session> {
  const s = sessionOf(request);
  return s ? { ok: true, value: s } : { ok: false, response: fail(401, "sign in with your wallet first") };
}

/** The session's account, active in the registry, in one of `roles` (checked on the chain at every call). */
export async function requireParticipant(request: NextRequest, roles: Role[]): Promise<Guarded<{ d: Deployment; session: Session; standing: Standing }>> {
  const d = requireDeployment();
  if (!d.ok) return d;
  const s = requireSession(request);
  if (!s.ok) return s;
  const standing = await standingOf(d.value, s.value.address);
  if (!standing.active) return { ok: false, response: fail(403, "your account is not an active participant") };
  if (!roles.includes(standing.role)) return { ok: false, response: fail(403, `a ${standing.roleName.toLowerCase()} may not do this`) };
  return { ok: true, value: { d: d.value, session: s.value, standing } };
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The largest body each kind of route accepts, and the content type it must be sent with. Uploads travel as raw
 * bytes (`application/octet-stream`, their hash in a header): unlike `multipart/form-data` or `text/plain`, neither
 * type here is one a page of another site may send without the browser asking first (a CORS preflight, which this
 * server never grants).
 */
export const BODY_LIMITS = {
  /**
   * A demand document. Its length must be declared (browsers always send one for a file), so an oversized upload is
   * refused before a byte of it is read; the running count still holds the stream to what was declared.
   */
  upload: { bytes: 20 * MiB, contentType: "application/octet-stream", lengthRequired: true },
  /** A demand's metadata JSON. */
  metadata: { bytes: 64 * KiB, contentType: "application/json", lengthRequired: false },
  /** A JSON-RPC call or batch relayed to the node. */
  rpc: { bytes: 256 * KiB, contentType: "application/json", lengthRequired: false },
  /** Any other JSON API (preferences, sign-in). */
  json: { bytes: 64 * KiB, contentType: "application/json", lengthRequired: false },
  /** An action without a body (run the audit, log out). */
  none: { bytes: 0, contentType: undefined, lengthRequired: false },
} as const;

export type BodyKind = keyof typeof BODY_LIMITS;

const sizeText = (bytes: number) => (bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`);

class BodyRefused extends Error {
  constructor(readonly response: NextResponse) {
    super("body refused");
  }
}

const tooLarge = (kind: BodyKind) =>
  new BodyRefused(
    fail(413, kind === "none" ? "this request takes no body" : `the body is larger than ${sizeText(BODY_LIMITS[kind].bytes)}`),
  );

/** The body of a state-changing request, read only when the route asks for it, and never past its limit. */
export interface RequestBody {
  /** The body as it streams in, a chunk at a time (for bodies kept on disk rather than in memory). */
  chunks(): AsyncGenerator<Uint8Array>;
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * A request's body with a running count, stopping (413) as soon as it passes the route's limit: whatever the sender
 * declares or streams, no more than the limit is ever held. (Node discards what still arrives after the answer, or
 * drops the connection when it idles; nothing of it is kept.)
 */
async function* limitedChunks(request: Request, kind: BodyKind): AsyncGenerator<Uint8Array> {
  if (!request.body) return;
  const limit = BODY_LIMITS[kind].bytes;
  const reader = request.body.getReader();
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      received += value.byteLength;
      if (received > limit) throw tooLarge(kind);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function bodyOf(request: Request, kind: BodyKind): RequestBody {
  let read: Promise<Buffer> | undefined;
  const bytes = () =>
    (read ??= (async () => {
      const parts: Uint8Array[] = [];
      for await (const chunk of limitedChunks(request, kind)) parts.push(chunk);
      return Buffer.concat(parts);
    })());
  return {
    chunks: () => limitedChunks(request, kind),
    bytes,
    text: async () => (await bytes()).toString("utf8"),
    json: async () => {
      const text = (await bytes()).toString("utf8");
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new BodyRefused(fail(400, "the body is not JSON"));
      }
    },
  };
}

/**
 * Why a state-changing request may not have come from the app's own pages, or undefined when it did: its `Origin`
 * must be the app's configured origin (SMEFIN_APP_ORIGIN, never the request's own Host), or, when a browser sends no
 * Origin, its `Sec-Fetch-Site` must say same-origin.
 */
export function crossSiteReason(headers: Headers): string | undefined {
  const origin = headers.get("origin");
  if (origin !== null) return origin === appOrigin ? undefined : `requests from ${origin} are refused: this app is served from ${appOrigin}`;
  if (headers.get("sec-fetch-site") === "same-origin") return undefined;
  return `state-changing requests must come from the app's own pages (Origin ${appOrigin})`;
}

/** Why a request's content type is not the one its route takes, or undefined. */
function contentTypeReason(headers: Headers, kind: BodyKind): string | undefined {
  const expected = BODY_LIMITS[kind].contentType;
  if (!expected) return undefined;
  const given = (headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  return given === expected ? undefined : `this route takes ${expected}, not ${given || "a body without a content type"}`;
}

/** Refuses up front a body declared larger than the limit (Content-Length), or any body where none is taken. */
function declaredTooLarge(headers: Headers, kind: BodyKind): boolean {
  const declared = headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > BODY_LIMITS[kind].bytes)) return true;
  return kind === "none" && headers.has("transfer-encoding");
}

/**
 * A route that changes state (POST, PUT, DELETE), behind the one guard all of them share: a request another site
 * could have sent is refused (403) before the handler runs, a wrong content type too (415), a body declared larger
 * than the route's limit (413) or an upload without a declared length (411); the handler then reads the body
 * through `body`, which stops at the limit.
 */
export function writeRoute<C = unknown>(kind: BodyKind, handler: (request: NextRequest, body: RequestBody, context: C) => Response | Promise<Response>) {
  return async (request: NextRequest, context: C): Promise<Response> => {
    const crossSite = crossSiteReason(request.headers);
    if (crossSite) return fail(403, crossSite);
    const contentType = contentTypeReason(request.headers, kind);
    if (contentType) return fail(415, contentType);
    if (BODY_LIMITS[kind].lengthRequired && request.headers.get("content-length") === null) return fail(411, "send the body with its Content-Length");
    if (declaredTooLarge(request.headers, kind)) return tooLarge(kind).response;
    try {
      return await handler(request, bodyOf(request, kind), context);
    } catch (error) {
      if (error instanceof BodyRefused) return error.response;
      throw error;
    }
  };
}
