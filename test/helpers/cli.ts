import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/processes";
import type { LocalNode } from "./localNode";

/** The command line run as a real subprocess against a node of the test's own. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function smefin(node: Pick<LocalNode, "url" | "env">, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "smefin.js"), "--rpc", node.url, ...args], {
      cwd: ROOT,
      env: { ...node.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A command's --json output, parsed; throws with its error output when it fails. */
export async function smefinJson<T = any>(node: Pick<LocalNode, "url" | "env">, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const r = await smefin(node, [...args, "--json"], env);
  if (r.code !== 0) throw new Error(`smefin ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
