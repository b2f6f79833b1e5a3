"use client";
import { useMemo } from "react";
import { getAddress } from "viem";
import { shortAddress } from "@lib/format";
import { DEV_ACCOUNTS, devAddress, type DevAccount } from "@lib/devAccounts";
import { useDeployment } from "./useDeployment";

/** Names of accounts for display: on the local chain, the development accounts' organisations. */
export function useNames() {
  const { local } = useDeployment();
  return useMemo(() => {
    const byAddress = new Map<string, DevAccount & { address: `0x${string}` }>();
    if (local) for (const a of DEV_ACCOUNTS) {
      const address = devAddress(a.index);
      byAddress.set(address.toLowerCase(), { ...a, address });
    }
    const find = (address?: string) => (address ? byAddress.get(address.toLowerCase()) : undefined);
    return {
      /** "Westlake Tea Garden Co." on the local chain, else 0x1234…abcd. */
      label: (address?: string) => (address ? find(address)?.label ?? shortAddress(getAddress(address)) : "-"),
      dev: find,
      all: [...byAddress.values()],
    };
  }, [local]);
}
