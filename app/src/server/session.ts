import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { NextRequest, NextResponse } from "next/server";
import { getAddress, type Address } from "viem";

/**
 * Sign-In with Ethereum sessions without server state: the nonce and the session are http-only cookies carrying
 * a payload and its HMAC. The key is SMEFIN_SESSION_SECRET, or one drawn at start (sessions then end with the
 * server process).
 */

const globalKey = globalThis as { __smefinSessionKey?: Buffer };
const key = (): Buffer =>
  process.env.SMEFIN_SESSION_SECRET
    ? Buffer.from(process.env.SMEFIN_SESSION_SECRET)
    : (globalKey.__smefinSessionKey ??= randomBytes(32));

export const SESSION_COOKIE = "smefin_session";
export const NONCE_COOKIE = "smefin_siwe_nonce";
export const SESSION_SECONDS = 8 * 3600;
export const NONCE_SECONDS = 10 * 60;

function mac(body: string): string {
  return createHmac("sha256", key()).update(body).digest("base64url");
}

export function seal(payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body)}`;
}

export function unseal<T extends { exp: number }>(token: string | undefined): T | undefined {
  if (!token) return undefined;
  const [body, tag] = token.split(".");
  if (!body || !tag) return undefined;
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as T;
    return payload.exp > Date.now() / 1000 ? payload : undefined;
  } catch {
    return undefined;
  }
}

export interface Session {
  address: Address;
  exp: number;
}

export function sessionOf(request: NextRequest): Session | undefined {
  const session = unseal<Session>(request.cookies.get(SESSION_COOKIE)?.value);
  return session ? { ...session, address: getAddress(session.address) } : undefined;
}

const cookieOptions = (request: NextRequest, maxAge: number) => ({
  httpOnly: true,
  sameSite: "strict" as const,
  secure: request.nextUrl.protocol === "https:",
  path: "/",
  maxAge,
});

export function setSession(request: NextRequest, response: NextResponse, address: Address): Session {
  const session = { address, exp: Math.floor(Date.now() / 1000) + SESSION_SECONDS };
  response.cookies.set(SESSION_COOKIE, seal(session), cookieOptions(request, SESSION_SECONDS));
  return session;
}

export function setNonce(request: NextRequest, response: NextResponse, nonce: string): void {
  response.cookies.set(NONCE_COOKIE, seal({ nonce, exp: Math.floor(Date.now() / 1000) + NONCE_SECONDS }), cookieOptions(request, NONCE_SECONDS));
}

export function nonceOf(request: NextRequest): string | undefined {
  return unseal<{ nonce: string; exp: number }>(request.cookies.get(NONCE_COOKIE)?.value)?.nonce;
}

export function clearCookies(response: NextResponse): void {
  response.cookies.delete(SESSION_COOKIE);
  response.cookies.delete(NONCE_COOKIE);
}
