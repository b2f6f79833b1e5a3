/**
 * Deploys and wires the four contracts on the network hardhat runs with (`--network localhost`, `hardhat`, or
 * `consortium` built from SMEFIN_RPC_URL / SMEFIN_DEPLOYER_KEY / SMEFIN_GAS_PRICE) and records the addresses in
 * deployments/NETWORK.json. Idempotent: when the recorded contracts are already on that chain, nothing changes.
 */
import { ethers, network } from "hardhat";
import type { BaseContract } from "ethers";
import { CONTRACT_NAMES, readDeployment, writeDeployment, type Deployment, type DeployedContract } from "../lib/deployments";
import { deploySystem } from "./lib/system";

/** True when every recorded contract has code on the connected chain of the same id. */
export async function isLive(deployment: Deployment): Promise<boolean> {
  const { chainId } = await ethers.provider.getNetwork();
  if (Number(chainId) !== deployment.chainId) return false;
  for (const name of CONTRACT_NAMES) {
    if ((await ethers.provider.getCode(deployment.contracts[name].address)) === "0x") return false;
  }
  return true;
}

async function record(contract: BaseContract): Promise<DeployedContract> {
  const tx = contract.deploymentTransaction();
  if (!tx) throw new Error("contract has no deployment transaction");
  const receipt = await tx.wait();
  return { address: (await contract.getAddress()) as `0x${string}`, blockNumber: receipt!.blockNumber, transactionHash: tx.hash as `0x${string}` };
}

export async function deploy(networkName = network.name): Promise<{ deployment: Deployment; deployed: boolean }> {
  const existing = readDeployment(networkName);
  if (existing && (await isLive(existing))) return { deployment: existing, deployed: false };

  const [deployer] = await ethers.getSigners();
  const system = await deploySystem(deployer);
  const deployment: Deployment = {
    network: networkName,
    chainId: Number((await ethers.provider.getNetwork()).chainId),
    deployer: (await deployer.getAddress()) as `0x${string}`,
    deployedAt: new Date().toISOString(),
    contracts: {
      ParticipantRegistry: await record(system.registry),
      AttestationRegistry: await record(system.attestations),
      DepositToken: await record(system.token),
      LoanBook: await record(system.loanBook),
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
