import { resolve } from "node:path";
import type { NextConfig } from "next";

/**
 * The app compiles the shared SDK in ../lib from source: the repository root is Turbopack's root (so files
 * outside app/ and the root node_modules resolve) and `externalDir` lets TypeScript from there be compiled.
 */
const repositoryRoot = resolve(__dirname, "..");

const config: NextConfig = {
  reactStrictMode: true,
  devIndicators: false,
  poweredByHeader: false,
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  experimental: { externalDir: true },
};

export default config;
