import { NextResponse, type NextRequest } from "next/server";
import { getAddress, type Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import { appOrigin, publicClient } from "@/server/env";
import { fail, requireDeployment, writeRoute } from "@/server/http";
import { consumeNonce, openSession } from "@/server/session";

export const dynamic = "force-dynamic";

/**
 * Verifies a signed Sign-In with Ethereum message (EIP-4361) and opens a session for its address. The message must
 * name this app's public origin (SMEFIN_APP_ORIGIN, never the request's own Host or Origin), the deployment's
 * chain and a nonce this server issued and nobody has used yet.
 */
export const POST = writeRoute("json", async (_request: NextRequest, body) => {
  const d = requireDeployment();
  if (!d.ok) return d.response;
  const { message, signature } = ((await body.json()) ?? {}) as { message?: unknown; signature?: unknown };
  if (typeof message !== "string" || typeof signature !== "string" || message.length > 4096) return fail(400, "a message and its signature are required");
  const fields = parseSiweMessage(message);
  const origin = new URL(appOrigin);
  if (!fields.nonce || !consumeNonce(fields.nonce)) return fail(401, "the sign-in request expired or was already used: try again");
  if (fields.domain !== origin.host) return fail(401, `the message signs in to ${fields.domain ?? "no domain"}, not ${origin.host}`);
  let uriOrigin: string | undefined;
  try {
    uriOrigin = fields.uri ? new URL(fields.uri).origin : undefined;
  } catch {
    uriOrigin = undefined;
  }
  if (uriOrigin !== appOrigin) return fail(401, `the message's URI is not on ${appOrigin}`);
  if (fields.chainId !== d.value.chainId) return fail(401, `the message is for chain ${fields.chainId}, not ${d.value.chainId}`);
  if (!fields.address) return fail(400, "the message names no address");
  const valid = await verifySiweMessage(publicClient(d.value), { message, signature: signature as Hex, domain: origin.host, nonce: fields.nonce, address: fields.address }).catch(
    () => false,
  );
  if (!valid) return fail(401, "the signature does not match the sign-in message");
  const response = NextResponse.json({ address: getAddress(fields.address) });
  try {
    openSession(response, fields.address);
    return response;
  } catch (error) {
    return fail(503, (error as Error).message);
  }
});
