/** Signing in to the app server as a test account, the way a browser does: nonce cookie, SIWE message, session cookie. */
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { APP_URL } from "./environment";

const cookieOf = (response: Response, name: string): string | undefined =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith(`${name}=`));

/** Signs in and answers the Cookie header carrying the session. */
export async function signIn(account: LocalAccount, chainId = 31337): Promise<string> {
  const nonceResponse = await fetch(`${APP_URL}/api/auth/nonce`);
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const nonceCookie = cookieOf(nonceResponse, "smefin_siwe_nonce")!;
  const url = new URL(APP_URL);
  const message = createSiweMessage({ address: account.address, chainId, domain: url.host, uri: APP_URL, nonce, version: "1" });
  const signature = await account.signMessage({ message });
  const verify = await fetch(`${APP_URL}/api/auth/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_URL, cookie: nonceCookie },
    body: JSON.stringify({ message, signature }),
  });
  if (!verify.ok) throw new Error(`sign-in refused: ${verify.status} ${await verify.text()}`);
  return cookieOf(verify, "smefin_session")!;
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
