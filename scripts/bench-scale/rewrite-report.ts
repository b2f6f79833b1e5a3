/** Writes docs/benchmarks-scale.md again from docs/benchmarks-scale.json (after a change to report.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../lib/processes";
import { markdown, type ScaleResult } from "./report";

const docs = join(ROOT, "docs");
const result = JSON.parse(readFileSync(join(docs, "benchmarks-scale.json"), "utf8")) as ScaleResult;
writeFileSync(join(docs, "benchmarks-scale.md"), markdown(result));
