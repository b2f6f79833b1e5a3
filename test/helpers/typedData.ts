import { attestTypes, permitTypes } from "../../lib/typedData";

/** The SDK's EIP-712 types in the mutable shape ethers' signTypedData takes: one definition for every signer. */
export const ATTEST_TYPES = { Attest: [...attestTypes.Attest] };
export const PERMIT_TYPES = { Permit: [...permitTypes.Permit] };
