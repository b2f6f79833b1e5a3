/** Transactions on the test chain as the development accounts, for API tests that need a demand of their own. */
import { expect } from "chai";
import { createPublicClient, createWalletClient, http, keccak256, parseEventLogs, stringToBytes, type Hex, type LocalAccount } from "viem";
import { devSigner } from "../../lib/devAccounts";
import { RepaymentMethod } from "../../lib/enums";
import { loanBookAbi, supervisoryCommitteeAbi } from "../../lib/generated/abis";
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

/**
 * Makes a committee-only call the way the committee does: `regulator` proposes it, `regulator2` approves it (the
 * seeded committee needs two), and, once no notice is due, `regulator` executes it. For calls that wait a notice
 * period, see `advanceChainTime`.
 */
export async function throughCommittee(call: { target: Hex; data: Hex }, description: string): Promise<bigint> {
  const committee = testDeployment().contracts.SupervisoryCommittee.address;
  const send = async (name: string, functionName: "propose" | "approve" | "execute", args: readonly unknown[]) => {
    const hash = await walletOf(as(name)).writeContract({ address: committee, abi: supervisoryCommitteeAbi, functionName, args } as never);
    const receipt = await publicClient().waitForTransactionReceipt({ hash });
    expect(receipt.status, `${name} ${functionName}`).to.equal("success");
    return receipt;
  };
  const proposed = await send("regulator", "propose", [call.target, call.data, description]);
  const id = parseEventLogs({ abi: supervisoryCommitteeAbi, logs: proposed.logs, eventName: "ProposalCreated" })[0].args.id;
  await send("regulator2", "approve", [id]);
  await send("regulator", "execute", [id]);
  return id;
}

/** Moves the test chain's clock `seconds` ahead and mines a block at the new time (the node itself, not the relay). */
export async function advanceChainTime(seconds: number): Promise<void> {
  const client = publicClient();
  await client.request({ method: "evm_increaseTime", params: [seconds] } as never);
  await client.request({ method: "evm_mine", params: [] } as never);
}
