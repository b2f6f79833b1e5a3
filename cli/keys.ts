import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Wallet } from "ethers";
import { privateKeyToAccount, type LocalAccount } from "viem/accounts";
import { devSigner } from "../lib/devAccounts";
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

/** Anything shaped like a private key: 64 hex digits, with or without 0x. */
const KEY_SHAPED = /(?:0x)?[0-9a-fA-F]{64}/g;

/**
 * The values of this run that could be keys (64 hex digits anywhere in an argument, and SMEFIN_PRIVATE_KEY), so
 * that no message echoes one back: a key typed where a name or a file belongs must not land in a log or a
 * terminal's scrollback a second time.
 */
export function secretsOf(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const found = new Set<string>();
  for (const value of [...argv, env.SMEFIN_PRIVATE_KEY ?? ""]) {
    for (const m of value.matchAll(KEY_SHAPED)) {
      found.add(m[0]);
      found.add(m[0].replace(/^0x/, ""));
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` replaced by a mark that says something was withheld. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}

export async function loadAccount(options: KeyOptions, chainId: number): Promise<LocalAccount> {
  if (options.as && new RegExp(KEY_SHAPED.source).test(options.as)) {
    throw new Error("--as takes the name of a development account, never a key: set SMEFIN_PRIVATE_KEY or use --keystore FILE");
  }
  if (options.as) {
    if (chainId !== LOCAL_CHAIN_ID) throw new Error(`--as works on the local chain (${LOCAL_CHAIN_ID}) only; this is chain ${chainId}`);
    return devSigner(options.as);
  }
  const keystore = options.keystore ?? process.env.SMEFIN_KEYSTORE;
  if (keystore && new RegExp(`^${KEY_SHAPED.source}$`).test(keystore.trim())) {
    throw new Error("--keystore takes a keystore file, never a key: set SMEFIN_PRIVATE_KEY or write one with `smefin keystore create FILE`");
  }
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
