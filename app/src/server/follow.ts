import "server-only";
import { deployment } from "./env";
import { syncIndex } from "./ledger";

/**
 * The index follows the chain while the app server runs: one loop per server process, started from
 * instrumentation.ts, syncing every FOLLOW_EVERY_MS through the same syncIndex the ledger routes use (so a request
 * and the loop share one sync). A failure (node down, index of another chain) is logged once per kind and retried
 * with a doubling delay up to BACKOFF_MAX_MS; nothing it does can stop the server. `stopFollowing` ends the loop
 * after the sync under way.
 */

const FOLLOW_EVERY_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

interface Follower {
  stopped: boolean;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  wake?: () => void;
}
// One loop per server process, kept across module reloads in development.
const slot = globalThis as { __smefinFollower?: Follower };

export function startFollowing(): void {
  if (slot.__smefinFollower && !slot.__smefinFollower.stopped) return;
  const follower: Follower = { stopped: false };
  slot.__smefinFollower = follower;
  follower.running = (async () => {
    let delay = FOLLOW_EVERY_MS;
    let lastProblem: string | undefined;
    while (!follower.stopped) {
      try {
        const d = deployment();
        if (d) {
          await syncIndex(d);
          if (lastProblem) console.info("smefin app server: the index follows the chain again");
          lastProblem = undefined;
        }
        delay = FOLLOW_EVERY_MS;
      } catch (error) {
        const problem = (error as Error).message;
        if (problem !== lastProblem) console.error(`smefin app server: the index could not follow the chain (retrying): ${problem}`);
        lastProblem = problem;
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      }
      if (follower.stopped) break;
      await new Promise<void>((resolve) => {
        follower.wake = resolve;
        follower.timer = setTimeout(resolve, delay);
        follower.timer.unref();
      });
    }
  })();
}

/** Stops the loop; resolves once the sync under way, if any, has finished. */
export async function stopFollowing(): Promise<void> {
  const follower = slot.__smefinFollower;
  if (!follower || follower.stopped) return;
  follower.stopped = true;
  clearTimeout(follower.timer);
  follower.wake?.();
  await follower.running;
}
