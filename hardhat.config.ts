import { HardhatUserConfig, subtask, task } from "hardhat/config";
import { TASK_COMPILE, TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";
import { DEV_ACCOUNT_COUNT, DEV_MNEMONIC } from "./lib/devAccounts";
import { LOCAL_CHAIN_ID, LOCAL_NETWORK, rpcUrlOf } from "./lib/chain";
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

// The deploy and seed scripts reach each network through the same variables as the command line and the app
// (lib/chain.ts rpcUrlOf): SMEFIN_LOCAL_RPC_URL for localhost, SMEFIN_RPC_URL for the consortium chain.
const rpcUrl = rpcUrlOf("consortium");
const deployerKey = process.env.SMEFIN_DEPLOYER_KEY;
// Fees of the scripts' transactions: zero with SMEFIN_FREE_GAS=1, else SMEFIN_GAS_PRICE (wei) when set, else
// whatever the node asks ("auto").
const gasPrice = process.env.SMEFIN_FREE_GAS === "1" ? 0 : process.env.SMEFIN_GAS_PRICE !== undefined ? Number(process.env.SMEFIN_GAS_PRICE) : "auto";

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
    // SMEFIN_LOCAL_RPC_URL moves the local chain, so tests run their own beside the one `npm start` runs.
    [LOCAL_NETWORK]: { url: rpcUrlOf(LOCAL_NETWORK)!, chainId: LOCAL_CHAIN_ID, gasPrice },
    ...(rpcUrl ? { consortium: { url: rpcUrl, accounts: deployerKey ? [deployerKey] : [], gasPrice } } : {}),
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 120_000 },
};

export default config;
