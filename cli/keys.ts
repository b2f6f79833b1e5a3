import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Wallet } from "ethers";
import { mnemonicToAccount, privateKeyToAccount, type LocalAccount } from "viem/accounts";
import { DEV_MNEMONIC, devAccount } from "../lib/devAccounts";
import { LOCAL_CHAIN_ID } from "../lib/chain";

/**
 * Where the signing key comes from. Never a command-line argument (it would land in shell history and the
 * process list): a development account by name on the local chain, SMEFIN_PRIVATE_KEY, or an encrypted
 * keystore file (Web3 Secret Storage, as geth and ethers write) whose password comes from
 * SMEFIN_KEYSTORE_PASSWORD or a prompt.
 */
export interface KeyOptions {
  as?: string;
  keystore?: string;
}

export async function loadAccount(options: KeyOptions, chainId: number): Promise<LocalAccount> {
  if (options.as) {
    if (chainId !== LOCAL_CHAIN_ID) throw new Error(`--as works on the local chain (${LOCAL_CHAIN_ID}) only; this is chain ${chainId}`);
    return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: devAccount(options.as).index });
  }
  const keystore = options.keystore ?? process.env.SMEFIN_KEYSTORE;
  if (keystore) {
    const password = process.env.SMEFIN_KEYSTORE_PASSWORD ?? (await promptHidden(`Password for ${keystore}: `));
    const wallet = await Wallet.fromEncryptedJson(readFileSync(keystore, "utf8"), password);
    return privateKeyToAccount(wallet.privateKey as `0x${string}`);
  }
  const key = process.env.SMEFIN_PRIVATE_KEY;
  if (key) return privateKeyToAccount((key.startsWith("0x") ? key : `0x${key}`) as `0x${string}`);
  throw new Error("no signing key: use --as NAME on the local chain, --keystore FILE, or set SMEFIN_PRIVATE_KEY");
}


export function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(new Error("no terminal to ask for the keystore password: set SMEFIN_KEYSTORE_PASSWORD"));
  }
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void });
    write._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stderr.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
