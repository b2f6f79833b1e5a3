import { createPublicClient, createWalletClient, http, type Chain, type Hash, type LocalAccount, type PublicClient, type StateOverride, type TransactionReceipt } from "viem";
import { allowanceOverride } from "../lib/allowance";
import { buildChain, rpcUrlOf } from "../lib/chain";
import { getContracts, type SmefinContracts, type SigningWalletClient } from "../lib/contracts";
import { requireDeployment, type Deployment } from "../lib/deployments";
import { loadAccount } from "./keys";
import { toJson } from "./format";

export interface GlobalOptions {
  network: string;
  rpc?: string;
  as?: string;
  keystore?: string;
  json?: boolean;
  freeGas?: boolean;
}

/** What every command needs: the deployment, clients, contracts, a signer on demand, and output. */
export class Cli {
  readonly deployment: Deployment;
  readonly rpcUrl: string;
  readonly chain: Chain;
  readonly publicClient: PublicClient;
  readonly contracts: SmefinContracts;
  private signing?: Promise<{ account: LocalAccount; contracts: SmefinContracts<SigningWalletClient> }>;

  constructor(readonly options: GlobalOptions) {
    this.deployment = requireDeployment(options.network);
    const rpcUrl = options.rpc ?? rpcUrlOf(options.network);
    if (!rpcUrl) throw new Error(`no JSON-RPC endpoint for network ${options.network}: set SMEFIN_RPC_URL or pass --rpc URL`);
    this.rpcUrl = rpcUrl;
    const freeGas = options.freeGas ?? process.env.SMEFIN_FREE_GAS === "1";
    this.chain = buildChain({ id: this.deployment.chainId, rpcUrl: this.rpcUrl, freeGas });
    const chain = this.chain;
    this.publicClient = createPublicClient({ chain, transport: http(this.rpcUrl, { batch: true }) }) as PublicClient;
    this.contracts = getContracts(this.deployment, this.publicClient);
  }

  /** The signing account and contracts bound to it, loaded once when a command first writes. */
  signer(): Promise<{ account: LocalAccount; contracts: SmefinContracts<SigningWalletClient> }> {
    this.signing ??= (async () => {
      const account = await loadAccount(this.options, this.deployment.chainId);
      const wallet = createWalletClient({ account, chain: this.chain, transport: http(this.rpcUrl) });
      return { account, contracts: getContracts(this.deployment, this.publicClient, wallet) };
    })();
    return this.signing;
  }

  /**
   * Approves the LoanBook to pull `amount` deposit tokens for the call `dryRun` simulates, once that simulation,
   * run as if the approval were given, passes: a call the contracts refuse throws its decoded error before any
   * approval is sent, so nothing is left behind.
   */
  async approveFor(amount: bigint, dryRun: (stateOverride: StateOverride) => Promise<unknown>): Promise<void> {
    const { account, contracts } = await this.signer();
    const spender = this.contracts.loanBook.address;
    this.progress("checking the call before approving ...");
    await dryRun(await allowanceOverride(this.publicClient, { token: this.contracts.token.address, owner: account.address, spender, amount }));
    await this.send("approve", () => contracts.token.write.approve([spender, amount]));
  }

  /** Sends one transaction with progress on stderr; throws (decoded by the caller) when it reverts. */
  async send(label: string, write: () => Promise<Hash>): Promise<TransactionReceipt> {
    this.progress(`${label}: signing and sending ...`);
    const hash = await write();
    this.progress(`${label}: ${hash} pending ...`);
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${label}: transaction ${hash} reverted`);
    this.progress(`${label}: confirmed in block ${receipt.blockNumber} (gas ${receipt.gasUsed})`);
    return receipt;
  }

  progress(line: string): void {
    process.stderr.write(`  ${line}\n`);
  }

  /** Prints `data` as JSON with --json, else the human text. */
  print(data: unknown, human: () => string): void {
    process.stdout.write(`${this.options.json ? toJson(data) : human()}\n`);
  }
}
