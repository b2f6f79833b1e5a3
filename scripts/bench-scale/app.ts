/**
 * The app server as the benchmark measures it: the production build (`next start`) on a port of its own, with a
 * data folder and deployment record of the benchmark's choosing, against a chain of its choosing; and sessions
 * signed in the way a browser signs in (app/e2e/siwe.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { devSigner } from "../../lib/devAccounts";
import { signIn } from "../../app/e2e/siwe";
import { appStartArgs, ensureAppBuild } from "../lib/appBuild";
import { ROOT, bin, waitFor } from "../lib/processes";

export interface AppServer {
  url: string;
  child: ChildProcess;
  /** A session cookie of the development account `name` (e.g. "regulator", "investor1"). */
  session(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface AppOptions {
  port: number;
  rpcUrl: string;
  dataDir: string;
  deploymentsDir: string;
  env?: NodeJS.ProcessEnv;
}

export async function startApp(options: AppOptions): Promise<AppServer> {
  await ensureAppBuild({ quiet: true });
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(bin("next"), appStartArgs(options.port), {
    cwd: ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      SMEFIN_NETWORK: "localhost",
      SMEFIN_LOCAL_RPC_URL: options.rpcUrl,
      SMEFIN_DATA_DIR: options.dataDir,
      SMEFIN_DEPLOYMENTS_DIR: options.deploymentsDir,
      SMEFIN_APP_ORIGIN: url,
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const answers = async () => {
    try {
      return (await fetch(`${url}/api/deployment`, { signal: AbortSignal.timeout(5_000) })).ok;
    } catch {
      return false;
    }
  };
  await waitFor(answers, `the app on ${url}`, 120_000);
  return {
    url,
    child,
    session: (name) => signIn(devSigner(name), { appUrl: url }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** p50 and p95 of a list of milliseconds. */
export function percentiles(samples: number[]): { p50: number; p95: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: sorted.length };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * `clients` clients at once, each sending `perClient` GET requests one after another (path by request number),
 * with `cookie`; answers the latency of each. A request that does not answer 200 fails the measurement.
 */
export async function loadTest(url: string, cookie: string, path: (i: number) => string, clients: number, perClient: number): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let r = 0; r < perClient; r++) {
        const target = path(next++);
        const started = performance.now();
        const response = await fetch(`${url}${target}`, { headers: { cookie } });
        const body = await response.text();
        samples.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`GET ${target} answered ${response.status}: ${body.slice(0, 200)}`);
      }
    }),
  );
  return samples;
}
