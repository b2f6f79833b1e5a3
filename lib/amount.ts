import { formatUnits, parseUnits } from "viem";
import { TOKEN_DECIMALS } from "./format";

/**
 * Numbers a person types: token amounts ("80,000.50" sDEP) and percentages ("8.5" % a year), read once for the
 * command line and every form of the app. Answers undefined rather than throwing, so each caller keeps its own
 * sentence for a bad field.
 */

/** Digits with optional thousands separators in groups of three, then an optional fraction. */
const DECIMAL = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * A non-negative decimal with at most `decimals` fraction digits, scaled to whole units: ("1,500.25", 6) ->
 * 1500250000n. Accepts thousands separators only in groups of three ("80,000", not "8,0000"); refuses empty
 * text, signs, exponents and more fraction digits than the unit holds (no silent rounding).
 */
export function parseDecimal(text: string, decimals: number): bigint | undefined {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!match || (match[1] !== undefined && match[1].length > decimals)) return undefined;
  return parseUnits(trimmed.replaceAll(",", ""), decimals);
}

/** An amount of tokens as typed ("80,000.5") in token units (6 decimals); undefined if malformed. */
export function parseTokenAmount(text: string): bigint | undefined {
  return parseDecimal(text, TOKEN_DECIMALS);
}

/** A percentage with up to 2 decimals ("8.5", a rate or a fee) in basis points (850); undefined if malformed. */
export function parsePercentBps(text: string): number | undefined {
  const bps = parseDecimal(text, 2);
  return bps === undefined || bps > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(bps);
}

/** Token units as a form field shows them, without symbol or separators, so they parse back: 1500250000n -> "1500.25". */
export function tokenAmountInput(units: bigint): string {
  return formatUnits(units, TOKEN_DECIMALS);
}

/** Basis points as a form field shows a percentage, so it parses back: 850 -> "8.5". */
export function percentInput(bps: number | bigint): string {
  return formatUnits(BigInt(bps), 2);
}
