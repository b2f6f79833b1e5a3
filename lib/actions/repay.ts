import type { Address, PublicClient } from "viem";
import { loanBookAbi } from "../generated/abis";
import type { ContractCall } from "./call";
import { prepareTokenPull, type PreparedTokenPull } from "./tokenPull";

export interface PrepareRepayParameters {
  /** The enterprise (or anyone) paying. */
  account: Address;
  loanBook: Address;
  token: Address;
  loanId: bigint;
  amount: bigint;
}

/** A repayment: checked against the LoanBook first, with the approval it needs. Send `approval` (if any), then `call`. */
export function prepareRepay(client: PublicClient, { account, loanBook, token, loanId, amount }: PrepareRepayParameters): Promise<PreparedTokenPull<ContractCall<typeof loanBookAbi, "repay">>> {
  return prepareTokenPull(client, { account, token, amount, call: { address: loanBook, abi: loanBookAbi, functionName: "repay", args: [loanId, amount] } });
}
