import { encodeAbiParameters, encodeFunctionData, hexToBigInt, keccak256, numberToHex, type Address, type Hex, type PublicClient, type StateOverride } from "viem";
import { depositTokenAbi } from "./generated/abis";

/**
 * Dry runs of calls that pull deposit tokens (funding, repaying, posting a bond) as if the approval they need were
 * already given: the allowance is set by a state override on the simulation only, so a call the contracts would
 * refuse is refused before any approval is sent, and a refused action leaves no allowance behind.
 */

/**
 * Storage slot of OpenZeppelin 5 ERC20Upgradeable's `_allowances` mapping: field 1 of its ERC-7201 namespace
 * `openzeppelin.storage.ERC20` (the DepositToken is a proxy whose token state lives there).
 */
const ERC20_STORAGE_LOCATION = 0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00n;
const ALLOWANCES_SLOT = ERC20_STORAGE_LOCATION + 1n;

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
    throw new Error(`cannot check the call before approving: the token at ${token} does not keep allowances where OpenZeppelin 5's ERC20Upgradeable does`);
  }
  return stateOverride;
}
