import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/processes";
import type { LocalNode } from "../helpers/localNode";

export { dumpFile, dumpIndex, dumpStore } from "./stores";

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the `smefin` command line as a subprocess against the node (`env` added to the node's, e.g. SMEFIN_INDEX_URL). */
export function spawnSmefin(node: LocalNode, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Result> } {
  const child = spawn(process.execPath, [join(ROOT, "bin", "smefin.js"), "--rpc", node.url, ...args], { cwd: ROOT, env: { ...node.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<Result>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/**
 * A JSON-RPC proxy in front of the node that misbehaves as public endpoints do: it refuses eth_getLogs over
 * more than `maxLogRange` blocks with a "too many results" error, and answers every `failEvery`-th HTTP
 * request with a 503.
 */
export async function flakyProxy(target: string, options: { maxLogRange: number; failEvery: number }): Promise<{ url: string; stats: { refused: number; failed: number }; close(): Promise<void> }> {
  const stats = { refused: 0, failed: 0 };
  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    requests++;
    if (requests % options.failEvery === 0) {
      stats.failed++;
      res.writeHead(503).end("unavailable");
      return;
    }
    const parsed = JSON.parse(body);
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    const tooWide = calls.find((c: any) => c.method === "eth_getLogs" && Number(c.params[0].toBlock) - Number(c.params[0].fromBlock) + 1 > options.maxLogRange);
    if (tooWide) {
      stats.refused++;
      const answer = { jsonrpc: "2.0", id: tooWide.id, error: { code: -32005, message: "query returned more than 10000 results" } };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(Array.isArray(parsed) ? [answer] : answer));
      return;
    }
    const upstream = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    res.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, stats, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
