"use client";
import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { getWalletClient } from "wagmi/actions";
import type { Abi, Account, Address, Chain, ContractFunctionArgs, ContractFunctionName, Hash, PublicClient, TransactionReceipt, Transport, WalletClient } from "viem";
import { describeError } from "@lib/errors";
import { explicitFees } from "@lib/chain";
import { usePublicClient } from "wagmi";

export type WritePhase = "idle" | "signing" | "pending" | "confirmed" | "failed";

export interface WriteState {
  label?: string;
  phase: WritePhase;
  /** What is happening now, in words ("Sign the permit in your wallet", "Waiting for block …"). */
  detail?: string;
  hash?: Hash;
  receipt?: TransactionReceipt;
  /** The decoded reason of a failure, a sentence. */
  error?: string;
}

type Mutability = "nonpayable" | "payable";

export interface WriteContext {
  account: Address;
  wallet: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
  /** Reports a step before the transaction (a signature, an upload). */
  step: (detail: string) => void;
  /** Simulates the call from the wallet's account (so a revert is caught and decoded before signing), then sends it. */
  write: <const abi extends Abi, fn extends ContractFunctionName<abi, Mutability>>(call: {
    address: Address;
    abi: abi;
    functionName: fn;
    args: ContractFunctionArgs<abi, Mutability, fn>;
  }) => Promise<Hash>;
}

/**
 * One write to the chain with its progress: signing, pending, confirmed or failed with the revert decoded into
 * words (lib/errors.ts). Every read of the app is refreshed once it confirms.
 */
export function useWrite() {
  const config = useConfig();
  const publicClient = usePublicClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<WriteState>({ phase: "idle" });

  const run = useCallback(
    async (label: string, action: (ctx: WriteContext) => Promise<Hash>): Promise<TransactionReceipt | undefined> => {
      setState({ label, phase: "signing", detail: "Confirm in your wallet …" });
      try {
        if (!publicClient) throw new Error("the chain is not reachable");
        const wallet = (await getWalletClient(config)) as WalletClient<Transport, Chain, Account>;
        const account = wallet.account.address;
        const ctx: WriteContext = {
          account,
          wallet,
          publicClient,
          step: (detail) => setState((s) => ({ ...s, detail })),
          write: async (call) => {
            const { request } = await publicClient.simulateContract({ ...(call as never as object), account } as never);
            setState((s) => ({ ...s, phase: "signing", detail: "Confirm the transaction in your wallet …" }));
            return wallet.writeContract({ ...(request as object), ...explicitFees(wallet.chain) } as never);
          },
        };
        const hash = await action(ctx);
        setState({ label, phase: "pending", hash, detail: "Waiting for the transaction to be included …" });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`the transaction ${hash} reverted`);
        setState({ label, phase: "confirmed", hash, receipt, detail: `Confirmed in block ${receipt.blockNumber}` });
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        setState((s) => ({ label, phase: "failed", hash: s.hash, error: describeError(error) }));
        return undefined;
      }
    },
    [config, publicClient, queryClient],
  );

  const reset = useCallback(() => setState({ phase: "idle" }), []);
  return { state, run, reset, busy: state.phase === "signing" || state.phase === "pending" };
}
