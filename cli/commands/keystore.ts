import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { Wallet } from "ethers";
import { promptHidden } from "../keys";

export function registerKeystore(program: Command): void {
  const ks = program.command("keystore").description("encrypted key files, so that keys never go on the command line");

  ks.command("create")
    .description("encrypt SMEFIN_PRIVATE_KEY (or a new random key with --new) into a keystore file")
    .argument("<file>", "where to write it (refuses to overwrite)")
    .option("--new", "generate a new key")
    .action(async (file: string, o: { new?: boolean }) => {
      if (existsSync(file)) throw new Error(`${file} exists: not overwriting a keystore`);
      const key = o.new ? Wallet.createRandom().privateKey : process.env.SMEFIN_PRIVATE_KEY;
      if (!key) throw new Error("set SMEFIN_PRIVATE_KEY to the key to encrypt, or use --new");
      const password = process.env.SMEFIN_KEYSTORE_PASSWORD ?? (await promptHidden("New keystore password: "));
      if (password.length < 8) throw new Error("the keystore password must have at least 8 characters");
      const wallet = new Wallet(key);
      writeFileSync(file, await wallet.encrypt(password), { mode: 0o600 });
      process.stdout.write(`${wallet.address}\n`);
    });

  ks.command("address")
    .description("the address a keystore file holds (no password needed)")
    .argument("<file>", "keystore file")
    .action((file: string) => {
      const json = JSON.parse(readFileSync(file, "utf8")) as { address?: string };
      if (!json.address) throw new Error(`${file} does not name its address`);
      process.stdout.write(`0x${json.address.replace(/^0x/, "")}\n`);
    });
}
