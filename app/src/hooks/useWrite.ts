"use client";
import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { getWalletClient } from "wagmi/actions";
import type { Account, Address, Chain, ContractFunctionArgs, ContractFunctionName, Hash, PublicClient, TransactionReceipt, Transport, WalletClient } from "viem";
import type { SmefinContracts } from "@lib/contracts";
import type { ContractCall } from "@lib/actions/call";
import { describeError } from "@lib/errors";
import { explicitFees } from "@lib/chain";
import { usePublicClient } from "wagmi";
import { useContracts, type PlatformContract } from "./useContracts";
import { noteWrittenBlock } from "./useIndex";

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
type Simulate = (args: unknown, options: { account: Address }) => Promise<{ request: object }>;
type AbiOf<C extends PlatformContract> = SmefinContracts[C]["abi"];

export interface WriteContext {
  account: Address;
  wallet: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
  /** The platform's contracts, for the reads a write needs first (a nonce, a name). */
  contracts: SmefinContracts;
  /** Reports a step before the transaction (a signature, an upload). */
  step: (detail: string) => void;
  /**
   * Calls `functionName` of one of the platform's contracts, named as in `useContracts`: simulates it from the
   * wallet's account (so a revert is caught and decoded before signing), then sends it.
   */
  write: <C extends PlatformContract, fn extends ContractFunctionName<AbiOf<C>, Mutability>>(call: {
    contract: C;
    functionName: fn;
    args: ContractFunctionArgs<AbiOf<C>, Mutability, fn>;
  }) => Promise<Hash>;
  /** Sends a call a lib action prepared (lib/actions), through the platform contract at its address. */
  send: (call: ContractCall) => Promise<Hash>;
}

/**
 * One write to the chain with its progress: signing, pending, confirmed or failed with the revert decoded into
 * words (lib/errors.ts). Every read of the app is refreshed once it confirms.
 */
export function useWrite() {
  const config = useConfig();
  const publicClient = usePublicClient();
  const contracts = useContracts();
  const queryClient = useQueryClient();
  const [state, setState] = useState<WriteState>({ phase: "idle" });

  const run = useCallback(
    async (label: string, action: (ctx: WriteContext) => Promise<Hash>): Promise<TransactionReceipt | undefined> => {
      setState({ label, phase: "signing", detail: "Confirm in your wallet …" });
      try {
        if (!publicClient || !contracts) throw new Error("the chain is not reachable");
        const wallet = (await getWalletClient(config)) as WalletClient<Transport, Chain, Account>;
        const account = wallet.account.address;
        const ctx: WriteContext = {
          account,
          wallet,
          publicClient,
          contracts,
          step: (detail) => setState((s) => ({ ...s, detail })),
          write: async ({ contract, functionName, args }) => {
            // Dispatched by name: WriteContext's signature has already checked the function and its arguments.
            const simulate = contracts[contract].simulate as unknown as Record<string, Simulate>;
            const { request } = await simulate[functionName](args, { account });
            setState((s) => ({ ...s, phase: "signing", detail: "Confirm the transaction in your wallet …" }));
            return wallet.writeContract({ ...request, ...explicitFees(wallet.chain) } as never);
          },
          send: (call) => {
            const contract = (Object.keys(contracts) as PlatformContract[]).find((name) => contracts[name].address.toLowerCase() === call.address.toLowerCase());
            if (!contract) throw new Error(`${call.address} is not one of the platform's contracts`);
            return ctx.write({ contract, functionName: call.functionName, args: call.args } as never);
          },
        };
        const hash = await action(ctx);
        setState({ label, phase: "pending", hash, detail: "Waiting for the transaction to be included …" });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`the transaction ${hash} reverted`);
        setState({ label, phase: "confirmed", hash, receipt, detail: `Confirmed in block ${receipt.blockNumber}` });
        noteWrittenBlock(receipt.blockNumber);
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        setState((s) => ({ label, phase: "failed", hash: s.hash, error: describeError(error) }));
        return undefined;
      }
    },
    [config, publicClient, contracts, queryClient],
  );

  const reset = useCallback(() => setState({ phase: "idle" }), []);
  return { state, run, reset, busy: state.phase === "signing" || state.phase === "pending" };
}
