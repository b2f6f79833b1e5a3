import { NextResponse, type NextRequest } from "next/server";
import { getAddress, type Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import { publicClient } from "@/server/env";
import { fail, requireDeployment, writeRoute } from "@/server/http";
import { NONCE_COOKIE, nonceOf, setSession } from "@/server/session";

export const dynamic = "force-dynamic";

/** Verifies a signed Sign-In with Ethereum message and opens a session for its address. */
export const POST = writeRoute("json", async (request: NextRequest, body) => {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const { message, signature } = ((await body.json()) ?? {}) as { message?: string; signature?: Hex };
  if (typeof message !== "string" || typeof signature !== "string") return fail(400, "a message and its signature are required");
  const nonce = nonceOf(request);
  if (!nonce) return fail(401, "the sign-in request expired: try again");
  const fields = parseSiweMessage(message);
  if (fields.chainId !== d.value.chainId) return fail(401, `the message is for chain ${fields.chainId}, not ${d.value.chainId}`);
  const host = request.headers.get("host") ?? request.nextUrl.host;
  const valid = await verifySiweMessage(publicClient(d.value), { message, signature, nonce, domain: host });
  if (!valid || !fields.address) return fail(401, "the signature does not match the sign-in message");
  const response = NextResponse.json({ address: getAddress(fields.address) });
  setSession(request, response, getAddress(fields.address));
  response.cookies.delete(NONCE_COOKIE);
  return response;
});
