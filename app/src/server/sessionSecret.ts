import "server-only";
import { LOCAL_CHAIN_ID } from "@lib/chain";

/**
 * The session secret's rule: SMEFIN_SESSION_SECRET, at least MIN_SECRET_BYTES long, is required on any chain but
 * the local one (where the server may draw a key per process). The server checks it when it starts and again
 * before it issues or honours a session.
 */
export const MIN_SECRET_BYTES = 32;

/** Why the server may not hold sessions with the configuration it has, or undefined when it may. */
export function sessionSecretProblem(chainId: number | undefined, secret = process.env.SMEFIN_SESSION_SECRET): string | undefined {
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_SECRET_BYTES) return `SMEFIN_SESSION_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`;
  if (secret === undefined && chainId !== undefined && chainId !== LOCAL_CHAIN_ID) {
    return `SMEFIN_SESSION_SECRET (at least ${MIN_SECRET_BYTES} bytes) is required outside the local chain; this deployment is on chain ${chainId}`;
  }
  return undefined;
}
