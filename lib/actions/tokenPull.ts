import { type Abi, type Address, type ContractFunctionName, type PublicClient } from "viem";
import { allowanceOverride } from "../allowance";
import { depositTokenAbi } from "../generated/abis";
import type { ContractCall } from "./call";

export interface PreparedTokenPull<call extends ContractCall> {
  /** `approve(spender, amount)` on the token, when the allowance given so far does not cover the amount. */
  approval?: ContractCall<typeof depositTokenAbi, "approve">;
  call: call;
}

/**
 * A call that pulls `amount` deposit tokens from `account` (funding, repaying, posting a bond): dry-run first as if
 * the approval were given (lib/allowance.ts), so a call the contracts refuse throws its revert before anything is
 * signed, then the approval it still needs, if any.
 */
export async function prepareTokenPull<abi extends Abi, fn extends ContractFunctionName<abi, "nonpayable">>(
  client: PublicClient,
  parameters: { account: Address; token: Address; amount: bigint; call: ContractCall<abi, fn> },
): Promise<PreparedTokenPull<ContractCall<abi, fn>>> {
  const { account, token, amount, call } = parameters;
  const spender = call.address;
  const stateOverride = await allowanceOverride(client, { token, owner: account, spender, amount });
  await client.simulateContract({ ...(call as ContractCall), account, stateOverride } as Parameters<PublicClient["simulateContract"]>[0]);
  const allowance = await client.readContract({ address: token, abi: depositTokenAbi, functionName: "allowance", args: [account, spender] });
  const approval = allowance >= amount ? undefined : { address: token, abi: depositTokenAbi, functionName: "approve" as const, args: [spender, amount] as const };
  return { approval, call };
}
