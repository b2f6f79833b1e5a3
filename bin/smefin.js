#!/usr/bin/env node
// Runs the TypeScript command line directly: nothing to build after `npm install`.
const { join } = require("node:path");
require("ts-node").register({ transpileOnly: true, project: join(__dirname, "..", "tsconfig.json") });
require("../cli/index.ts").main();
