/** Signing in to the app server as a test account, the way a browser does: a server nonce, a SIWE message, a session cookie. */
import { request as httpRequest } from "node:http";
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { APP_URL } from "./environment";

export const cookieOf = (response: Response, name: string): string | undefined =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith(`${name}=`));

/** A sign-in nonce, and the cookie its answer set if any (sent back with the sign-in, as a browser would). */
export async function nonce(appUrl = APP_URL): Promise<{ nonce: string; cookie?: string }> {
  const response = await fetch(`${appUrl}/api/auth/nonce`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0])[0];
  return { nonce: ((await response.json()) as { nonce: string }).nonce, cookie };
}

export interface SignInOptions {
  chainId?: number;
  /** The domain and URI the message names (default: the app's own origin). */
  origin?: string;
  nonce?: string;
  /** Extra request headers (e.g. a forged Host). */
  headers?: Record<string, string>;
  appUrl?: string;
}

/** A signed sign-in message for `account`, and the verify request's answer. */
export async function attemptSignIn(account: LocalAccount, options: SignInOptions = {}): Promise<{ response: Response; message: string; signature: string }> {
  const appUrl = options.appUrl ?? APP_URL;
  const origin = new URL(options.origin ?? appUrl);
  const issued = options.nonce === undefined ? await nonce(appUrl) : undefined;
  const message = createSiweMessage({
    address: account.address,
    chainId: options.chainId ?? 31337,
    domain: origin.host,
    uri: origin.origin,
    nonce: options.nonce ?? issued!.nonce,
    version: "1",
  });
  const signature = await account.signMessage({ message });
  const cookie: Record<string, string> = issued?.cookie ? { cookie: issued.cookie } : {};
  const response = await verify(message, signature, { ...options, headers: { ...cookie, ...options.headers } });
  return { response, message, signature };
}

/**
 * Posts a signed message to /api/auth/verify. Through node:http rather than fetch, which would not send a forged
 * Host header.
 */
export function verify(message: string, signature: string, options: SignInOptions = {}): Promise<Response> {
  const url = new URL(`${options.appUrl ?? APP_URL}/api/auth/verify`);
  const body = JSON.stringify({ message, signature });
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), origin: url.origin, ...options.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) for (const v of [value ?? []].flat()) headers.append(name, String(v));
        resolve(new Response(Buffer.concat(chunks), { status: response.statusCode, headers }));
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Signs in and answers the Cookie header carrying the session. */
export async function signIn(account: LocalAccount, options: SignInOptions = {}): Promise<string> {
  const { response } = await attemptSignIn(account, options);
  if (!response.ok) throw new Error(`sign-in refused: ${response.status} ${await response.text()}`);
  return cookieOf(response, "smefin_session")!;
}

export function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${APP_URL}${path}`, { headers: cookie ? { cookie } : {} });
}

/** A state-changing request as the app's own pages send it: from the app's origin. */
export function request(method: "POST" | "PUT" | "DELETE", path: string, options: { cookie?: string; contentType?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<Response> {
  const headers: Record<string, string> = { origin: APP_URL, ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.contentType) headers["content-type"] = options.contentType;
  return fetch(`${APP_URL}${path}`, { method, headers, body: options.body as BodyInit | undefined });
}

/** A JSON-RPC call or batch to the app's relay, with the session `cookie`. */
export async function rpc(body: unknown, cookie?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${APP_URL}/api/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_URL, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
