import { Command, Option } from "commander";
import { Cli, type GlobalOptions } from "./context";
import { redact, secretsOf } from "./keys";
import { toJson } from "./format";
import { describeError } from "../lib/errors";
import { registerReads } from "./commands/reads";
import { registerRegulator } from "./commands/regulator";
import { registerOperator } from "./commands/operator";
import { registerCustodian } from "./commands/custodian";
import { registerAgency } from "./commands/agency";
import { registerInvestor } from "./commands/investor";
import { registerEnterprise } from "./commands/enterprise";
import { registerRecommend } from "./commands/recommend";
import { registerKeystore } from "./commands/keystore";
import { registerLedgerIndex } from "./commands/ledgerIndex";
import { registerAudit } from "./commands/audit";

/** The `smefin` command line: every role's actions and the reads, against any deployment. */
export function buildProgram(secrets: readonly string[] = []): Command {
  const program = new Command("smefin")
    // Set before the subcommands are added, so they inherit it: commander's own messages (unknown option,
    // invalid argument) quote what was typed, which may be a key.
    .configureOutput({ outputError: (text, write) => write(redact(text, secrets)) })
    .description("smefin: supervised financing of small and micro enterprises on a permissioned EVM ledger")
    .addOption(new Option("--network <name>", "deployment to use (deployments/NAME.json)").env("SMEFIN_NETWORK").default("localhost"))
    .option("--rpc <url>", "JSON-RPC endpoint (default: SMEFIN_LOCAL_RPC_URL or http://127.0.0.1:8545 for localhost, SMEFIN_RPC_URL for any other network)")
    .option("--as <name>", "local chain only: act as a seeded development account (regulator, operator, investor3, ...)")
    .addOption(new Option("--keystore <file>", "encrypted keystore file of the signing key (password: SMEFIN_KEYSTORE_PASSWORD or a prompt)").env("SMEFIN_KEYSTORE"))
    .option("--free-gas", "send transactions with a zero gas price (consortium chains)")
    .option("--json", "machine-readable output")
    .showHelpAfterError()
    .addHelpText(
      "after",
      `
Keys never go on the command line: use --as on the local chain, --keystore FILE, or SMEFIN_PRIVATE_KEY.
Examples:
  smefin loan list --state listed
  smefin --as investor3 investor fund 9 5000
  smefin --as regulator regulator freeze 4 --reason "examination"`,
    );

  let cli: Cli | undefined;
  const cliOf = () => (cli ??= new Cli(program.opts<GlobalOptions>()));
  registerReads(program, cliOf);
  registerRecommend(program, cliOf);
  registerRegulator(program, cliOf);
  registerOperator(program, cliOf);
  registerCustodian(program, cliOf);
  registerAgency(program, cliOf);
  registerInvestor(program, cliOf);
  registerEnterprise(program, cliOf);
  registerKeystore(program);
  registerLedgerIndex(program, cliOf);
  registerAudit(program, cliOf);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  const secrets = secretsOf(argv);
  const program = buildProgram(secrets);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const message = redact(describeError(err), secrets);
    if (program.opts().json) process.stdout.write(`${toJson({ error: message })}\n`);
    process.stderr.write(`Error: ${message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
