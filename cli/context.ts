import { createPublicClient, createWalletClient, http, type Address, type Chain, type Hash, type LocalAccount, type PublicClient, type TransactionReceipt, type Transport, type WalletClient } from "viem";
import type { ContractCall } from "../lib/actions/call";
import type { PreparedTokenPull } from "../lib/actions/tokenPull";
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

/** The signing account, its wallet client, and the contracts bound to it. */
export interface Signer {
  account: LocalAccount;
  wallet: WalletClient<Transport, Chain, LocalAccount>;
  contracts: SmefinContracts<SigningWalletClient>;
}

/** What every command needs: the deployment, clients, contracts, a signer on demand, and output. */
export class Cli {
  readonly deployment: Deployment;
  readonly rpcUrl: string;
  readonly chain: Chain;
  readonly publicClient: PublicClient;
  readonly contracts: SmefinContracts;
  private signing?: Promise<Signer>;

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
  signer(): Promise<Signer> {
    this.signing ??= (async () => {
      const account = await loadAccount(this.options, this.deployment.chainId);
      const wallet = createWalletClient({ account, chain: this.chain, transport: http(this.rpcUrl) });
      return { account, wallet, contracts: getContracts(this.deployment, this.publicClient, wallet) };
    })();
    return this.signing;
  }

  /**
   * Sends a call that pulls deposit tokens (lib/actions: funding, repaying, posting a bond), prepared as `prepare`
   * does: checked against the contracts as if approved, so a refused call throws its decoded error before any
   * approval is sent; then the approval it still needs, then the call.
   */
  async sendTokenPull(label: string, prepare: (client: PublicClient, addresses: { account: Address; loanBook: Address; token: Address }) => Promise<PreparedTokenPull<ContractCall>>): Promise<TransactionReceipt> {
    const { account, wallet } = await this.signer();
    this.progress("checking the call before approving ...");
    const { approval, call } = await prepare(this.publicClient, { account: account.address, loanBook: this.contracts.loanBook.address, token: this.contracts.token.address });
    if (approval) await this.send("approve", () => wallet.writeContract(approval));
    return this.send(label, () => wallet.writeContract(call as never));
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
