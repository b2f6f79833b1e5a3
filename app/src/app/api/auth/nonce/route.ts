import { NextResponse, type NextRequest } from "next/server";
import { generateSiweNonce } from "viem/siwe";
import { setNonce } from "@/server/session";

export const dynamic = "force-dynamic";

/** A fresh nonce for a Sign-In with Ethereum message, remembered in an http-only cookie. */
export function GET(request: NextRequest) {
  const nonce = generateSiweNonce();
  const response = NextResponse.json({ nonce });
  setNonce(request, response, nonce);
  return response;
}
