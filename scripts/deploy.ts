/**
 * Deploys and wires the four contracts on the network hardhat runs with (`--network localhost`, `hardhat`, or
 * `consortium` built from SMEFIN_RPC_URL / SMEFIN_DEPLOYER_KEY / SMEFIN_GAS_PRICE) and records the addresses in
 * deployments/NETWORK.json. Idempotent: when the recorded contracts are already on that chain, nothing changes.
 */
import { ethers, network } from "hardhat";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { CONTRACT_NAMES, readDeployment, writeDeployment, type Deployment, type DeployedContract } from "../lib/deployments";
import { DAY, deploySystem, type CommitteeSetup } from "./lib/system";
import { devAddress } from "../lib/devAccounts";

/** True when every recorded contract has code on the connected chain of the same id. */
export async function isLive(deployment: Deployment): Promise<boolean> {
  const { chainId } = await ethers.provider.getNetwork();
  if (Number(chainId) !== deployment.chainId) return false;
  for (const name of CONTRACT_NAMES) {
    if ((await ethers.provider.getCode(deployment.contracts[name].address)) === "0x") return false;
  }
  return true;
}

async function record(contract: BaseContract, tx: ContractTransactionResponse): Promise<DeployedContract> {
  const receipt = await tx.wait();
  return { address: (await contract.getAddress()) as `0x${string}`, blockNumber: receipt!.blockNumber, transactionHash: tx.hash as `0x${string}` };
}

/**
 * The committee the deployment starts with. SMEFIN_COMMITTEE_MEMBERS (comma-separated addresses),
 * SMEFIN_COMMITTEE_THRESHOLD and SMEFIN_NOTICE_PERIOD (seconds) set it for a real network; on the local chain it is
 * the three development regulators, any two of them deciding, with three days' notice.
 */
export function committeeSetup(env = process.env): CommitteeSetup {
  const members = env.SMEFIN_COMMITTEE_MEMBERS?.split(",").map((m) => m.trim()).filter(Boolean) ?? ["regulator", "regulator2", "regulator3"].map(devAddress);
  return {
    members,
    threshold: Number(env.SMEFIN_COMMITTEE_THRESHOLD ?? Math.min(2, members.length)),
    noticePeriod: Number(env.SMEFIN_NOTICE_PERIOD ?? 3 * DAY),
  };
}

export async function deploy(networkName = network.name): Promise<{ deployment: Deployment; deployed: boolean }> {
  const existing = readDeployment(networkName);
  if (existing && (await isLive(existing))) return { deployment: existing, deployed: false };

  const [deployer] = await ethers.getSigners();
  const system = await deploySystem(deployer, committeeSetup());
  const deployment: Deployment = {
    network: networkName,
    chainId: Number((await ethers.provider.getNetwork()).chainId),
    deployer: (await deployer.getAddress()) as `0x${string}`,
    deployedAt: new Date().toISOString(),
    contracts: {
      ParticipantRegistry: await record(system.registry, system.deployments.ParticipantRegistry),
      AttestationRegistry: await record(system.attestations, system.deployments.AttestationRegistry),
      DepositToken: await record(system.token, system.deployments.DepositToken),
      LoanBook: await record(system.loanBook, system.deployments.LoanBook),
      SupervisoryCommittee: await record(system.committee, system.deployments.SupervisoryCommittee),
    },
  };
  writeDeployment(deployment);
  return { deployment, deployed: true };
}

if (require.main === module) {
  deploy()
    .then(({ deployment, deployed }) => {
      console.log(deployed ? `Deployed on ${deployment.network} (chain ${deployment.chainId}):` : `Already deployed on ${deployment.network} (chain ${deployment.chainId}); nothing changed:`);
      for (const name of CONTRACT_NAMES) console.log(`  ${name.padEnd(20)} ${deployment.contracts[name].address}`);
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
