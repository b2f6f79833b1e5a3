import { parseTokenAmount } from "../lib/amount";
import { TOKEN_DECIMALS } from "../lib/format";

/** "1,500.25" -> 1500250000n; refuses negative, empty and over-precise amounts. */
export function parseAmount(text: string): bigint {
  const units = parseTokenAmount(text);
  if (units === undefined) throw new Error(`not an amount of tokens (up to ${TOKEN_DECIMALS} decimals): "${text}"`);
  return units;
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** A plain aligned text table. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(cells[0]), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)].join("\n");
}

/** Key-value lines for a record. */
export function fields(entries: [string, string | number | boolean][]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
