import type { Address, PublicClient } from "viem";
import { loanBookAbi } from "../generated/abis";
import type { ContractCall } from "./call";
import { prepareTokenPull, type PreparedTokenPull } from "./tokenPull";

export interface PreparePostBondParameters {
  /** The guarantor agency locking the bond. */
  account: Address;
  loanBook: Address;
  token: Address;
  loanId: bigint;
  amount: bigint;
}

/** A guarantee bond: checked against the LoanBook first, with the approval it needs. Send `approval` (if any), then `call`. */
export function preparePostBond(client: PublicClient, { account, loanBook, token, loanId, amount }: PreparePostBondParameters): Promise<PreparedTokenPull<ContractCall<typeof loanBookAbi, "postBond">>> {
  return prepareTokenPull(client, { account, token, amount, call: { address: loanBook, abi: loanBookAbi, functionName: "postBond", args: [loanId, amount] } });
}
