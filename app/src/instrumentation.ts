/** Runs once when the app server starts: it refuses to start with a session configuration it may not serve. */
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
}
