import type { Address, PublicClient } from "viem";
import { depositTokenAbi, loanBookAbi } from "../generated/abis";
import { fundWithPermitArgs, permitTypedData } from "../typedData";
import type { ContractCall } from "./call";
import { signTypedDataWith, signerAddress, type TypedDataSigner } from "./signer";
import { prepareTokenPull, type PreparedTokenPull } from "./tokenPull";

export interface PrepareFundParameters {
  loanBook: Address;
  token: Address;
  loanId: bigint;
  amount: bigint;
}

/** How long a funding permit may wait to be sent, from the chain's time. */
export const PERMIT_VALID_FOR = 3600;

/**
 * Funding with one signature and one transaction: reads the investor's permit nonce, the token's name (its EIP-712
 * domain) and the chain's time, has `signer` sign the ERC-2612 permit to the LoanBook, and returns the
 * `fundWithPermit` call, which the investor sends.
 */
export async function prepareFundWithPermit(
  client: PublicClient,
  { signer, loanBook, token, loanId, amount, validFor = PERMIT_VALID_FOR }: PrepareFundParameters & { signer: TypedDataSigner; validFor?: number },
): Promise<{ deadline: bigint; call: ContractCall<typeof loanBookAbi, "fundWithPermit"> }> {
  const owner = signerAddress(signer);
  const [nonce, tokenName, block, chainId] = await Promise.all([
    client.readContract({ address: token, abi: depositTokenAbi, functionName: "nonces", args: [owner] }),
    client.readContract({ address: token, abi: depositTokenAbi, functionName: "name" }),
    client.getBlock(),
    client.getChainId(),
  ]);
  const deadline = block.timestamp + BigInt(validFor);
  const signature = await signTypedDataWith(signer, permitTypedData({ chainId, token, tokenName, owner, spender: loanBook, value: amount, nonce, deadline }));
  return { deadline, call: { address: loanBook, abi: loanBookAbi, functionName: "fundWithPermit", args: fundWithPermitArgs(loanId, amount, deadline, signature) } };
}

/** Funding after an on-chain approval (wallets that cannot sign permits): checked first, then approve and fund. */
export function prepareFund(client: PublicClient, { account, loanBook, token, loanId, amount }: PrepareFundParameters & { account: Address }): Promise<PreparedTokenPull<ContractCall<typeof loanBookAbi, "fund">>> {
  return prepareTokenPull(client, { account, token, amount, call: { address: loanBook, abi: loanBookAbi, functionName: "fund", args: [loanId, amount] } });
}
