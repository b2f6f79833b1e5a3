import type { Account, Address, Chain, Hex, LocalAccount, Transport, TypedDataDefinition, WalletClient } from "viem";

/**
 * Who signs typed data in an action: a viem local account (the command line, tests, scripts), or a wallet client
 * with its account (the app's connected wallet, a node's unlocked account).
 */
export type TypedDataSigner = LocalAccount | WalletClient<Transport, Chain | undefined, Account>;

const isLocal = (signer: TypedDataSigner): signer is LocalAccount => (signer as LocalAccount).type === "local";

export const signerAddress = (signer: TypedDataSigner): Address => (isLocal(signer) ? signer.address : (signer as WalletClient<Transport, Chain | undefined, Account>).account.address);

export function signTypedDataWith(signer: TypedDataSigner, typedData: TypedDataDefinition): Promise<Hex> {
  if (isLocal(signer)) return signer.signTypedData(typedData);
  const wallet = signer as WalletClient<Transport, Chain | undefined, Account>;
  return wallet.signTypedData({ ...typedData, account: wallet.account } as Parameters<typeof wallet.signTypedData>[0]);
}
