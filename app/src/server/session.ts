import { createHmac, randomBytes } from "node:crypto";
import type { NextRequest, NextResponse } from "next/server";
import { getAddress, type Address } from "viem";
import { generateSiweNonce } from "viem/siwe";
import { appOrigin, deployment } from "./env";
import { sessionSecretProblem } from "./sessionSecret";
import { consumeNonce, deleteSession, findSession, rememberNonce, storeSession } from "./sessionStore";

/**
 * Sign-In with Ethereum sessions. The server issues a nonce and remembers it (sessionStore.ts); a signed message
 * naming it opens a session, which the browser holds as a random http-only cookie and the server records under an
 * HMAC of it. Logging out deletes the record, so the cookie is worthless afterwards.
 *
 * The HMAC key is SMEFIN_SESSION_SECRET (at least 32 bytes; the same on every app process of a deployment). On the
 * local chain the server may draw one per process instead (sessions then end with it); on any other chain it
 * refuses to serve sessions without the secret.
 */

export const SESSION_COOKIE = "smefin_session";
export const SESSION_SECONDS = 8 * 3600;
export const NONCE_SECONDS = 10 * 60;

export interface Session {
  address: Address;
  /** Unix seconds. */
  exp: number;
  /** The store's key of this session (an HMAC of its cookie); identifies it for rate limits. */
  key: string;
}

const drawn = globalThis as { __smefinSessionKey?: Buffer };

function key(): Buffer {
  const problem = sessionSecretProblem(deployment()?.chainId);
  if (problem) throw new Error(problem);
  const secret = process.env.SMEFIN_SESSION_SECRET;
  if (secret !== undefined) return Buffer.from(secret);
  return (drawn.__smefinSessionKey ??= randomBytes(32));
}

const storeKey = (token: string) => createHmac("sha256", key()).update(token).digest("base64url");

/** Cookie flags: never readable by scripts, never sent by other sites, Secure whenever the public origin is https. */
export const cookieOptions = (maxAge: number) => ({
  httpOnly: true,
  sameSite: "strict" as const,
  secure: new URL(appOrigin).protocol === "https:",
  path: "/",
  maxAge,
});

/** A fresh sign-in nonce, valid once within NONCE_SECONDS. */
export function issueNonce(): string {
  key(); // refuse before handing out nonces the server could never honour
  const nonce = generateSiweNonce();
  rememberNonce(nonce, Math.floor(Date.now() / 1000) + NONCE_SECONDS);
  return nonce;
}

export { consumeNonce };

/** Opens a session for `address` and sets its cookie on `response`. */
export function openSession(response: NextResponse, address: Address): Session {
  const token = randomBytes(32).toString("base64url");
  const session = { address: getAddress(address), exp: Math.floor(Date.now() / 1000) + SESSION_SECONDS, key: storeKey(token) };
  storeSession(session.key, { address: session.address, expiresAt: session.exp });
  response.cookies.set(SESSION_COOKIE, token, cookieOptions(SESSION_SECONDS));
  return session;
}

/** The request's open session: its cookie names a recorded session that has neither expired nor been ended. */
export function sessionOf(request: NextRequest): Session | undefined {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token || token.length > 100) return undefined;
  let sessionKey: string;
  try {
    sessionKey = storeKey(token);
  } catch {
    return undefined;
  }
  const stored = findSession(sessionKey);
  return stored ? { address: getAddress(stored.address), exp: stored.expiresAt, key: sessionKey } : undefined;
}

/** Ends the request's session on the server and clears its cookie. */
export function endSession(request: NextRequest, response: NextResponse): void {
  const session = sessionOf(request);
  if (session) deleteSession(session.key);
  response.cookies.set(SESSION_COOKIE, "", { ...cookieOptions(0), maxAge: 0 });
}
