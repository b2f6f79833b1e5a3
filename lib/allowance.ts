import { encodeAbiParameters, encodeFunctionData, hexToBigInt, keccak256, numberToHex, type Address, type Hex, type PublicClient, type StateOverride } from "viem";
import { depositTokenAbi } from "./generated/abis";

/**
 * Dry runs of calls that pull deposit tokens (funding, repaying, posting a bond) as if the approval they need were
 * already given: the allowance is set by a state override on the simulation only, so a call the contracts would
 * refuse is refused before any approval is sent, and a refused action leaves no allowance behind.
 */

/** Storage slot of OpenZeppelin 5 ERC20's `_allowances` mapping: the DepositToken's first base contract. */
const ALLOWANCES_SLOT = 1n;

/** The storage slot of `allowance(owner, spender)`. */
export function allowanceSlot(owner: Address, spender: Address): Hex {
  const ofOwner = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [owner, ALLOWANCES_SLOT]));
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [spender, ofOwner]));
}

/**
 * A state override under which `owner` has approved `amount` of `token` to `spender`, checked by reading the
 * allowance back through the same override (so a token with another storage layout is caught, not trusted).
 */
export async function allowanceOverride(
  client: PublicClient,
  parameters: { token: Address; owner: Address; spender: Address; amount: bigint },
): Promise<StateOverride> {
  const { token, owner, spender, amount } = parameters;
  const stateOverride: StateOverride = [{ address: token, stateDiff: [{ slot: allowanceSlot(owner, spender), value: numberToHex(amount, { size: 32 }) }] }];
  const { data } = await client.call({
    to: token,
    data: encodeFunctionData({ abi: depositTokenAbi, functionName: "allowance", args: [owner, spender] }),
    stateOverride,
  });
  if (!data || hexToBigInt(data) !== amount) {
    throw new Error(`cannot check the call before approving: the token at ${token} does not keep allowances where OpenZeppelin 5's ERC20 does`);
  }
  return stateOverride;
}
