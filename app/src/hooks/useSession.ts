"use client";
import { useCallback, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useConfig, useConnection } from "wagmi";
import { signMessage } from "wagmi/actions";
import { getAddress } from "viem";
import { createSiweMessage } from "viem/siwe";
import { describeError } from "@lib/errors";

/**
 * The app server's Sign-In with Ethereum session: needed to upload and read demand documents and to keep an
 * investor's preferences. It counts only for the connected account.
 */
export function useSession() {
  const { address, chainId } = useConnection();
  const config = useConfig();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [signing, setSigning] = useState(false);
  const session = useQuery({
    queryKey: ["session"],
    queryFn: async () => ((await (await fetch("/api/auth/session", { cache: "no-store" })).json()) as { address: string | null }).address,
  });
  const signedIn = !!address && !!session.data && getAddress(session.data) === address;

  const signIn = useCallback(async () => {
    if (!address || !chainId) return;
    setError(undefined);
    setSigning(true);
    try {
      const { nonce } = (await (await fetch("/api/auth/nonce", { cache: "no-store" })).json()) as { nonce: string };
      const message = createSiweMessage({
        address,
        chainId,
        domain: window.location.host,
        uri: window.location.origin,
        nonce,
        version: "1",
        statement: "Sign in to smefin to read and upload demand documents and keep your preferences.",
        issuedAt: new Date(),
      });
      const signature = await signMessage(config, { message });
      const response = await fetch("/api/auth/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message, signature }) });
      if (!response.ok) throw new Error(((await response.json()) as { error: string }).error);
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSigning(false);
    }
  }, [address, chainId, config, queryClient]);

  const signOut = useCallback(async () => {
    await fetch("/api/auth/logout", { method: "POST" });
    await queryClient.invalidateQueries({ queryKey: ["session"] });
  }, [queryClient]);

  return { signedIn, loading: session.isPending, signIn, signOut, signing, error };
}
