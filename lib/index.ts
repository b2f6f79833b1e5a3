/**
 * The browser-safe SDK: everything here runs in Node and in the app alike. Node-only helpers (reading and
 * writing deployments/NETWORK.json) live in lib/deployments.ts and are imported from there directly.
 */
export * from "./enums";
export * from "./generated/abis";
export * from "./chain";
export * from "./contracts";
export * from "./typedData";
export * from "./schedule";
export * from "./lifecycle";
export * from "./risk";
export * from "./matching";
export * from "./errors";
export * from "./format";
export type { ContractName, Deployment, DeployedContract } from "./deployments";
