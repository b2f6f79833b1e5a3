import "server-only";
import { deployment, publicClient } from "./env";
import { followIndex } from "./ledger";

/**
 * The index follows the chain while the app server runs: one loop per server process, started from
 * instrumentation.ts, asking the node for its head every FOLLOW_EVERY_MS and syncing when the head changed, through
 * the sync the ledger routes use (ledger.ts followIndex: a request and the loop never sync at once). A failure (node down, index of another chain) is logged once per kind and retried
 * with a doubling delay up to BACKOFF_MAX_MS; nothing it does can stop the server. `stopFollowing` ends the loop
 * after the sync under way.
 */

const FOLLOW_EVERY_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

interface Follower {
  stopped: boolean;
  /** When the loop last saw the index at the chain's head (ms). */
  followedAt?: number;
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
    let indexedHead: string | undefined;
    while (!follower.stopped) {
      try {
        const d = deployment();
        const head = d && (await publicClient(d).getBlock({ blockTag: "latest" })).hash;
        if (d && head !== indexedHead) {
          await followIndex(d);
          indexedHead = head ?? undefined;
          if (lastProblem) console.info("smefin app server: the index follows the chain again");
          lastProblem = undefined;
        }
        if (d) follower.followedAt = Date.now();
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

/** When the follow loop last saw the index at the chain's head (ms since the epoch), if it runs. */
export const followedAt = (): number | undefined => slot.__smefinFollower?.followedAt;

/** Stops the loop; resolves once the sync under way, if any, has finished. */
export async function stopFollowing(): Promise<void> {
  const follower = slot.__smefinFollower;
  if (!follower || follower.stopped) return;
  follower.stopped = true;
  clearTimeout(follower.timer);
  follower.wake?.();
  await follower.running;
}
