"use client";
import { useCallback, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useConfig, useConnection } from "wagmi";
import { signMessage } from "wagmi/actions";
import { getAddress, type Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import { errorSentence } from "@lib/errors";
import { useDeployment } from "./useDeployment";
import type { Participant } from "./useRole";

/** The app server's answer about the browser's session: its account and the account's standing in the registry. */
export type SessionAnswer = { address: null } | { address: Address; expiresAt: number; active: boolean; participant: Participant };

export const SESSION_QUERY = ["session"] as const;

/**
 * The one Sign-In with Ethereum session of the connected account: signed once after connecting, it lets the app
 * read the chain through the server's relay and use every server route the account's role allows.
 */
export function useSession() {
  const { address } = useConnection();
  const { chainId } = useDeployment();
  const config = useConfig();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [signing, setSigning] = useState(false);
  const session = useQuery({
    queryKey: SESSION_QUERY,
    queryFn: async (): Promise<SessionAnswer> => {
      const response = await fetch("/api/auth/session", { cache: "no-store" });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
      return body as SessionAnswer;
    },
  });
  const data = session.data;
  const signedIn = !!address && !!data?.address && getAddress(data.address) === address;

  const signIn = useCallback(async () => {
    if (!address) return;
    setError(undefined);
    setSigning(true);
    try {
      const nonceResponse = await fetch("/api/auth/nonce", { cache: "no-store" });
      const nonceBody = await nonceResponse.json();
      if (!nonceResponse.ok) throw new Error(nonceBody.error);
      const message = createSiweMessage({
        address,
        chainId,
        domain: window.location.host,
        uri: window.location.origin,
        nonce: nonceBody.nonce as string,
        version: "1",
        statement: "Sign in to smefin. The session lets this app read the ledger and act for this account until it ends.",
        issuedAt: new Date(),
      });
      const signature = await signMessage(config, { account: address, message });
      const response = await fetch("/api/auth/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message, signature }) });
      if (!response.ok) throw new Error(((await response.json()) as { error: string }).error);
      // Everything read before is stale: the relay answers a signed-in account more than an anonymous visitor.
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(errorSentence(e));
    } finally {
      setSigning(false);
    }
  }, [address, chainId, config, queryClient]);

  const signOut = useCallback(async () => {
    await fetch("/api/auth/logout", { method: "POST" });
    await queryClient.invalidateQueries({ queryKey: SESSION_QUERY });
  }, [queryClient]);

  return {
    signedIn,
    /** The signed-in account's standing, when signed in. */
    standing: signedIn && data?.address ? (data as Extract<SessionAnswer, { active: boolean }>) : undefined,
    loading: session.isPending,
    failed: session.isError ? (session.error as Error).message : undefined,
    signIn,
    signOut,
    signing,
    error,
  };
}
