import { formatUnits } from "viem";

/** Display helpers shared by the error decoder, the command line and the app. */

export const TOKEN_DECIMALS = 6;
export const TOKEN_SYMBOL = "sDEP";

/** `0x1234…abcd`: enough to recognise an account in a sentence. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** Token units (6 decimals) as a decimal amount with its symbol: `1500000n` -> `"1.5 sDEP"`. */
export function formatTokenAmount(units: bigint, symbol = TOKEN_SYMBOL): string {
  return `${formatUnits(units, TOKEN_DECIMALS)} ${symbol}`;
}

/** Basis points as a percentage: `1200` -> `"12%"`, `825` -> `"8.25%"`. */
export function formatBps(bps: bigint | number): string {
  return `${formatUnits(BigInt(bps), 2)}%`;
}

/** Unix seconds as an ISO date-time in UTC. */
export function formatTimestamp(seconds: bigint | number): string {
  const ms = Number(seconds) * 1000;
  return Number.isFinite(ms) && ms <= 8.64e15 ? new Date(ms).toISOString().replace(".000Z", "Z") : `${seconds} (unix)`;
}

/** A duration in seconds in the largest whole unit that fits: `2592000` -> `"30 days"`. */
export function formatDuration(seconds: bigint | number): string {
  const s = Number(seconds);
  const units: [number, string][] = [[86_400, "day"], [3_600, "hour"], [60, "minute"], [1, "second"]];
  for (const [size, name] of units) {
    if (s >= size && s % size === 0) return `${s / size} ${name}${s / size === 1 ? "" : "s"}`;
  }
  return `${s} seconds`;
}
