import type { Abi, Address, ContractFunctionArgs, ContractFunctionName } from "viem";

/**
 * One contract write, ready to send: viem's `writeContract`/`simulateContract` parameters without the account,
 * so any client sends it (the command line's wallet, the app's `useWrite`, a script).
 */
export interface ContractCall<abi extends Abi = Abi, functionName extends ContractFunctionName<abi, "nonpayable"> = ContractFunctionName<abi, "nonpayable">> {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, "nonpayable", functionName>;
}
