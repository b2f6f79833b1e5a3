/**
 * The world the browser and API tests run in: a local chain of their own (port 8555) with the contracts deployed
 * and the demo seeded, and the production build of the app served on its own port (3100) against it, with a
 * data folder of its own. The build is made once and reused while no source is newer than it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployOn, startLocalNode, type LocalNode } from "../../test/helpers/localNode";
import { ROOT, bin, waitFor } from "../../scripts/lib/processes";
import { appBuildIsFresh, appStartArgs, ensureAppBuild } from "../../scripts/lib/appBuild";

export const NODE_PORT = 8555;
export const APP_PORT = 3100;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
/** Each account's storage on the test app server (small, so a test can fill it). */
export const UPLOAD_QUOTA_BYTES = 4 * 1024 * 1024;

/** Builds the app unless a fresh build is there (scripts/lib/appBuild.ts). */
export async function ensureBuild(log: (line: string) => void = () => {}): Promise<void> {
  if (appBuildIsFresh()) return;
  log("building the app (next build) …");
  await ensureAppBuild({ quiet: true });
}

export interface Environment {
  node: LocalNode;
  app: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

async function appAlive(): Promise<boolean> {
  try {
    return (await fetch(`${APP_URL}/api/deployment`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** Another app server on `port` against the test chain, e.g. for a network that has no deployment. */
export async function startAppServer(options: { port: number; network: string; env?: NodeJS.ProcessEnv }): Promise<{ stop(): Promise<void> }> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(bin("next"), appStartArgs(options.port), {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SMEFIN_NETWORK: options.network, SMEFIN_APP_ORIGIN: url, ...options.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const answers = async () => {
    try {
      await fetch(`${url}/api/deployment`, { signal: AbortSignal.timeout(2_000) });
      return true;
    } catch {
      return false;
    }
  };
  await waitFor(answers, `the app on ${url}`, 60_000);
  return {
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

export async function startEnvironment(log: (line: string) => void = () => {}): Promise<Environment> {
  if (await appAlive()) throw new Error(`something already answers on ${APP_URL}: stop it first`);
  const build = ensureBuild(log);
  const node = await startLocalNode(NODE_PORT);
  let app: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "smefin-app-data-"));
  try {
    log("deploying and seeding the test chain …");
    await deployOn(node, { seed: true });
    await build;
    app = spawn(bin("next"), appStartArgs(APP_PORT), {
      cwd: ROOT,
      env: { ...node.env, NEXT_TELEMETRY_DISABLED: "1", SMEFIN_NETWORK: "localhost", SMEFIN_DATA_DIR: dataDir, SMEFIN_APP_ORIGIN: APP_URL, SMEFIN_UPLOAD_QUOTA_BYTES: String(UPLOAD_QUOTA_BYTES) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitFor(appAlive, `the app on ${APP_URL}`, 60_000);
  } catch (error) {
    if (app?.exitCode === null) app.kill("SIGTERM");
    await node.stop();
    throw error;
  }
  const started = app;
  return {
    node,
    app: started,
    dataDir,
    async stop() {
      if (started.exitCode === null) {
        const exited = new Promise((resolve) => started.once("exit", resolve));
        started.kill("SIGTERM");
        await exited;
      }
      await node.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
