/**
 * Every route that takes a body refuses one past its limit before holding it: a body declared too large is refused
 * from its Content-Length, one streamed without a length is cut off at the limit. The app server's resident memory
 * stays flat while oversized bodies arrive, and a refused upload leaves nothing stored.
 */
import { expect } from "chai";
import { request as httpRequest } from "node:http";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { APP_URL } from "./environment";
import { as } from "./chain";
import { request, signIn } from "./siwe";
import { world } from "./hooks";

const MiB = 1024 * 1024;
/**
 * How far the app server's resident memory and its peak may move while two rounds of oversized bodies (60 to 120 MiB
 * each, over 500 MiB in all) arrive. Nothing of them is kept, but the socket reads that carry them (Node reads and
 * discards what follows a refusal) are freed when the garbage collector runs: runs have measured 0 to 17 MiB, the
 * most on a loaded CI machine. A server that held any one of these bodies would grow by 60 MiB or more, so the
 * bound is half of that: it still catches one body held, and no longer the collector's timing.
 */
const PEAK_SLACK_MIB = 30;
const RESIDENT_SLACK_MIB = 30;

/** Resident memory (KiB), now (VmRSS) or at its peak (VmHWM), of a process and all its descendants, from /proc. */
function residentKiB(root: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf) if (tree.has(parent) && !tree.has(pid)) grew = tree.add(pid) !== undefined;
  }
  let total = 0;
  for (const pid of tree) {
    try {
      total += Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return total;
}

/**
 * Sends `size` bytes to `path`, a 64 KiB chunk at a time, declared in Content-Length or streamed chunked, and stops
 * sending as soon as the server answers. Answers the status and body (or the error if the server answered nothing).
 */
function sendLarge(path: string, size: number, options: { method?: string; headers: Record<string, string>; declared: boolean }): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { origin: APP_URL, ...options.headers };
    if (options.declared) headers["content-length"] = String(size);
    else headers["transfer-encoding"] = "chunked";
    const req = httpRequest(`${APP_URL}${path}`, { method: options.method ?? "POST", headers });
    let answered = false;
    let sent = 0;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    req.on("error", (error) => {
      // A server that answered may close while the rest is still being sent.
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(Math.min(64 * 1024, size), "0123456789abcdef");
    const pump = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("app server: bodies are limited before they are buffered", function () {
  this.timeout(180_000);
  const cookies: Record<string, string> = {};
  const pid = () => world.env!.app.pid!;
  const documentsDir = () => join(world.env!.dataDir, "documents");
  const stored = () => (existsSync(documentsDir()) ? readdirSync(documentsDir()).sort() : []);
  const uploadHeaders = () => ({ cookie: cookies.enterprise4, "content-type": "application/octet-stream", "x-sha256": "ab".repeat(32) });
  const json = (cookie?: string) => ({ "content-type": "application/json", ...(cookie ? { cookie } : {}) });

  // Each route with its limit and an oversized body for it.
  const routes = () => [
    { path: "/api/documents", headers: uploadHeaders(), size: 60 * MiB, limit: /20 MiB/ },
    { path: "/api/metadata", headers: json(cookies.enterprise4), size: 60 * MiB, limit: /64 KiB/ },
    { path: "/api/rpc", headers: json(), size: 120 * MiB, limit: /256 KiB/ },
    { path: "/api/preferences", headers: json(cookies.investor2), size: 60 * MiB, limit: /64 KiB/, method: "PUT" },
    { path: "/api/auth/verify", headers: json(), size: 60 * MiB, limit: /64 KiB/ },
  ];

  /** Sends each route's oversized body (declared or streamed) and checks the 413; answers the memory grown per route, in MiB. */
  async function oversizedRound(declared: boolean): Promise<Record<string, number>> {
    const grown: Record<string, number> = {};
    // Uploads must declare their length (tested below); the other routes take streamed bodies up to their limit.
    for (const route of routes().filter((r) => declared || r.path !== "/api/documents")) {
      const before = residentKiB(pid());
      const answer = await sendLarge(route.path, route.size, { method: route.method, headers: route.headers, declared });
      expect(answer.status, route.path).to.equal(413);
      expect(JSON.parse(answer.body).error, route.path).to.match(route.limit);
      if (declared) expect(answer.sent, route.path).to.be.below(route.size);
      grown[route.path] = (residentKiB(pid()) - before) / 1024;
    }
    return grown;
  }
  const total = (grown: Record<string, number>) => Object.values(grown).reduce((a, b) => a + b, 0);
  const report = (grown: Record<string, number>) => Object.entries(grown).map(([path, mib]) => `${path} ${mib.toFixed(1)}`).join(", ");

  before(async () => {
    for (const name of ["enterprise4", "investor2"]) cookies[name] = await signIn(as(name));
    // Every route answers once before memory is measured, so its code is loaded.
    for (const route of routes()) await sendLarge(route.path, 16, { method: route.method, headers: route.headers, declared: true });
  });

  /**
   * Memory grown over two rounds of oversized bodies (up to 320 MiB each), after a first round: the first bodies take
   * the process's heap to its working size (socket reads are allocated and freed a chunk at a time). What must hold
   * is that memory does not grow with what is sent: neither the resident memory nor its peak moves by more than a
   * few MiB.
   */
  async function grownOverRounds(declared: boolean, what: string): Promise<{ resident: number; peak: number }> {
    const first = await oversizedRound(declared);
    const baseline = residentKiB(pid());
    const baselinePeak = residentKiB(pid(), "VmHWM");
    const rounds = [await oversizedRound(declared), await oversizedRound(declared)];
    const resident = (residentKiB(pid()) - baseline) / 1024;
    const peak = (residentKiB(pid(), "VmHWM") - baselinePeak) / 1024;
    console.log(`      ${what}: first round ${total(first).toFixed(1)} MiB; then two more rounds: resident ${resident.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB (${rounds.map(report).join("; ")})`);
    return { resident, peak };
  }

  it("refuses at once a body whose Content-Length is over the route's limit, with the server's memory flat", async () => {
    const before = stored();
    const { resident, peak } = await grownOverRounds(true, "declared bodies");
    expect(peak).to.be.below(PEAK_SLACK_MIB);
    expect(resident).to.be.below(RESIDENT_SLACK_MIB);
    expect(stored()).to.deep.equal(before);
  });

  it("cuts off a streamed body at the limit, with the server's memory flat", async () => {
    const before = stored();
    const { resident, peak } = await grownOverRounds(false, "streamed bodies");
    expect(peak).to.be.below(PEAK_SLACK_MIB);
    expect(resident).to.be.below(RESIDENT_SLACK_MIB);
    expect(stored()).to.deep.equal(before);
  });

  it("refuses a 60 MiB upload streamed without a length before reading it, storing nothing", async () => {
    const before = stored();
    const answer = await sendLarge("/api/documents", 60 * MiB, { headers: uploadHeaders(), declared: false });
    expect(answer.status).to.equal(411);
    expect(answer.sent).to.be.below(60 * MiB);
    expect(stored()).to.deep.equal(before);
    expect(stored().some((name) => name.endsWith(".tmp"))).to.equal(false);
  });

  it("refuses a body on a route that takes none", async () => {
    const regulator = await signIn(as("regulator"));
    const answer = await request("POST", "/api/ledger/audit", { cookie: regulator, contentType: "application/json", body: "{}" });
    expect(answer.status).to.equal(413);
    expect((await answer.json()).error).to.match(/takes no body/);
  });
});
