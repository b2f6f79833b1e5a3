import { HardhatUserConfig, subtask, task } from "hardhat/config";
import { TASK_COMPILE, TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import { DEV_ACCOUNT_COUNT, DEV_MNEMONIC } from "./lib/devAccounts";
import { generateAbis } from "./scripts/lib/generate-abis";

const SOLC_VERSION = "0.8.28";

// Compile with the solc-js build from the `solc` npm package instead of downloading a compiler:
// the machines this project runs on reach the npm registry but not the compiler mirrors.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: require("solc/package.json").version,
  };
});

// After every compile (including the one `hardhat test` runs first), refresh the typed ABIs of lib/generated/abis.ts.
task(TASK_COMPILE, async (args, hre, runSuper) => {
  const result = await runSuper(args);
  if (await generateAbis(hre.artifacts)) console.log("Generated lib/generated/abis.ts");
  return result;
});

const rpcUrl = process.env.SMEFIN_RPC_URL;
const deployerKey = process.env.SMEFIN_DEPLOYER_KEY;

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
    },
  },
  networks: {
    hardhat: {
      chainId: 31337,
      accounts: { mnemonic: DEV_MNEMONIC, count: DEV_ACCOUNT_COUNT },
      // A node without fees, like a Besu QBFT network with free gas: tests start one to prove nothing needs fees.
      ...(process.env.SMEFIN_FREE_GAS_NODE === "1" ? { initialBaseFeePerGas: 0, gasPrice: 0 } : {}),
    },
    // SMEFIN_LOCAL_RPC_URL lets tests run their own local node beside the one `npm start` runs.
    localhost: { url: process.env.SMEFIN_LOCAL_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
    ...(rpcUrl
      ? { consortium: { url: rpcUrl, accounts: deployerKey ? [deployerKey] : [], gasPrice: Number(process.env.SMEFIN_GAS_PRICE ?? 0) } }
      : {}),
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 120_000 },
};

export default config;
