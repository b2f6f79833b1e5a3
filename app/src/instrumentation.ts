/**
 * Runs once when the app server starts: it refuses to start with a session configuration it may not serve, then
 * starts the loop that keeps the ledger index following the chain (server/follow.ts), stopped when the server is
 * told to stop (Next.js then exits the process itself).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { sessionSecretProblem } = await import("./server/sessionSecret");
  const { deployment } = await import("./server/env");
  let chainId: number | undefined;
  try {
    chainId = deployment()?.chainId;
  } catch {
    chainId = undefined;
  }
  const problem = sessionSecretProblem(chainId);
  if (problem) {
    console.error(`smefin app server: ${problem}`);
    process.exit(1);
  }
  if (process.env.SMEFIN_SESSION_SECRET === undefined) {
    console.warn("smefin app server: SMEFIN_SESSION_SECRET is not set; sessions are keyed with a secret drawn for this process (local chain only) and end when it stops");
  }
  const { startFollowing, stopFollowing } = await import("./server/follow");
  startFollowing();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopFollowing());
}
