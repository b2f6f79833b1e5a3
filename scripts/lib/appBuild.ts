import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, bin, run } from "./processes";

/** The production build of the web app (app/.next): made when missing or older than any source it compiles. */

const BUILD_ID = join(ROOT, "app", ".next", "BUILD_ID");
const SOURCES = [join(ROOT, "app", "src"), join(ROOT, "lib"), join(ROOT, "indexer"), join(ROOT, "app", "next.config.ts"), join(ROOT, "app", "tsconfig.json"), join(ROOT, "package-lock.json")];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function appBuildIsFresh(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const built = statSync(BUILD_ID).mtimeMs;
  return SOURCES.every((s) => !existsSync(s) || newestMtime(s) <= built);
}

/** Builds the app unless a fresh build is there; answers whether it built. */
export async function ensureAppBuild(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (appBuildIsFresh()) return false;
  await run(bin("next"), ["build", "app"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: options.quiet ? "ignore" : "inherit" });
  return true;
}

/** Arguments of `next start` serving the build on `port`. */
export const appStartArgs = (port: number, hostname = "127.0.0.1") => ["start", "app", "--port", String(port), "--hostname", hostname];
