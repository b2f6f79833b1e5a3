import { createPublicClient, createWalletClient, http, type Chain, type Hash, type LocalAccount, type PublicClient, type TransactionReceipt } from "viem";
import { LOCAL_RPC_URL, buildChain } from "../lib/chain";
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
    this.rpcUrl = options.rpc ?? process.env.SMEFIN_RPC_URL ?? LOCAL_RPC_URL;
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
