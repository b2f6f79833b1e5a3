import { formatUnits } from "viem";
import { TOKEN_DECIMALS } from "@lib/format";

/**
 * The deposit token is a yuan deposit held at the custodian, one token unit of 10^-6 yuan: people read its amounts
 * as yuan. Cents are cut, never rounded up (a balance is never shown larger than it is). Intl formats the exact
 * decimal string, so no amount passes through a float.
 */
const YUAN = new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: "trunc" });
const PLAIN = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: "trunc" });

/** Token units as yuan: 1234500000n -> "¥1,234.50" (or "1,234.50" without the sign). */
export function money(units: bigint, symbol = true): string {
  const decimal = formatUnits(units, TOKEN_DECIMALS) as Intl.StringNumericLiteral;
  return (symbol ? YUAN : PLAIN).format(decimal);
}

export const percent = (bps: number | bigint) => `${(Number(bps) / 100).toFixed(2)}%`;

/** Unix seconds as a date, or a dash for 0. */
export const date = (seconds: number | bigint) =>
  Number(seconds) === 0 ? "-" : Number(seconds) > LAST_DATE ? "never" : new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

/** 9999-12-31T23:59:59Z: anything later (an admission "forever") reads as never. */
const LAST_DATE = 253_402_300_799;

export const days = (seconds: number | bigint) => Math.round(Number(seconds) / 86_400);

/** A YYYYMM disclosure period as "2026-11". */
export const period = (p: number) => `${Math.floor(p / 100)}-${String(p % 100).padStart(2, "0")}`;

/** A span of seconds in its two largest units: "2 days 5 hours", "3 hours", "45 seconds". */
export function span(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [size, name] of [[86_400, "day"], [3_600, "hour"], [60, "minute"], [1, "second"]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length > 0 || n > 0) parts.push(n > 0 ? `${n} ${name}${n === 1 ? "" : "s"}` : "");
    if (parts.length === 2) break;
  }
  return parts.filter(Boolean).join(" ") || "0 seconds";
}

/** Unix seconds as date and time (UTC), for deadlines that fall within days. */
export const dateTime = (seconds: number | bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";

/** A hash shortened to its first and last characters ("0x1a2b3c…9f0e"); show the whole of it in a tooltip. */
export const shortHash = (hash: string) => (hash.length > 14 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash);
