import { formatUnits } from "viem";
import { TOKEN_DECIMALS, TOKEN_SYMBOL } from "@lib/format";

/** Token units with thousands separators: 1234500000n -> "1,234.5 sDEP". */
export function money(units: bigint, symbol = true): string {
  const [whole, fraction] = formatUnits(units, TOKEN_DECIMALS).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = `.${(fraction ?? "").slice(0, 2).padEnd(2, "0")}`;
  return `${grouped}${cents}${symbol ? ` ${TOKEN_SYMBOL}` : ""}`;
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
