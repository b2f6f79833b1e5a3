import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { NextRequest, NextResponse } from "next/server";
import { getAddress, type Address } from "viem";
import { appOrigin, deployment } from "./env";
import { sessionSecretProblem } from "./sessionSecret";
import { deleteSession, findSession, storeSession, useNonce } from "./sessionStore";

/**
 * Sign-In with Ethereum sessions. The server issues nonces that carry their expiry and its HMAC (so handing them
 * out stores nothing) and records each one as used when a sign-in names it (sessionStore.ts): a nonce opens at
 * most one session, within NONCE_SECONDS. The session is a random http-only cookie the server records under an
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

const nonceMac = (body: string) => createHmac("sha256", key()).update(`nonce:${body}`).digest("hex").slice(0, 32);
const NONCE = /^([0-9a-f]{24})([0-9a-f]{10})([0-9a-f]{32})$/;

/** A fresh sign-in nonce (hex, as EIP-4361 wants it alphanumeric): 96 random bits, its expiry, their HMAC. */
export function issueNonce(): string {
  const body = randomBytes(12).toString("hex") + (Math.floor(Date.now() / 1000) + NONCE_SECONDS).toString(16).padStart(10, "0");
  return body + nonceMac(body);
}

/** Whether `nonce` was issued by this server, has not expired and was not used before; true at most once. */
export function consumeNonce(nonce: string): boolean {
  const parts = NONCE.exec(nonce);
  if (!parts) return false;
  const body = parts[1] + parts[2];
  if (!timingSafeEqual(Buffer.from(nonceMac(body)), Buffer.from(parts[3]))) return false;
  const expiresAt = parseInt(parts[2], 16);
  return expiresAt > Date.now() / 1000 && useNonce(nonce, expiresAt);
}

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
