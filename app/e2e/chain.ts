/** Transactions on the test chain as the development accounts, for API tests that need a demand of their own. */
import { expect } from "chai";
import { createPublicClient, createWalletClient, http, keccak256, parseEventLogs, stringToBytes, type Hex, type LocalAccount } from "viem";
import { devSigner } from "../../lib/devAccounts";
import { RepaymentMethod } from "../../lib/enums";
import { loanBookAbi } from "../../lib/generated/abis";
import { buildChain } from "../../lib/chain";
import { requireDeployment, type Deployment } from "../../lib/deployments";
import { world } from "./hooks";

export const as = (name: string): LocalAccount => devSigner(name);

const chain = () => buildChain({ id: 31337, rpcUrl: world.env!.node.url });
export const publicClient = () => createPublicClient({ chain: chain(), transport: http(world.env!.node.url) });
const walletOf = (account: LocalAccount) => createWalletClient({ account, chain: chain(), transport: http(world.env!.node.url) });

export function testDeployment(): Deployment {
  process.env.SMEFIN_DEPLOYMENTS_DIR = world.env!.node.deploymentsDir;
  return requireDeployment("localhost");
}

/** `enterprise` publishes a demand with `metadataHash` (any hash: the chain does not check it) and `purpose`; answers its id. */
export async function publishDemand(enterprise: string, purpose: string, metadataHash: Hex = keccak256(stringToBytes(purpose))): Promise<bigint> {
  const terms = { amount: 30_000_000_000n, minRaise: 20_000_000_000n, rateBps: 700, method: RepaymentMethod.EqualInstalment, instalments: 6, periodLength: 30 * 86_400, fundingPeriod: 14 * 86_400 };
  const hash = await walletOf(as(enterprise)).writeContract({ address: testDeployment().contracts.LoanBook.address, abi: loanBookAbi, functionName: "publish", args: [terms, metadataHash, purpose] });
  const receipt = await publicClient().waitForTransactionReceipt({ hash });
  expect(receipt.status).to.equal("success");
  return parseEventLogs({ abi: loanBookAbi, logs: receipt.logs, eventName: "LoanPublished" })[0].args.id;
}
