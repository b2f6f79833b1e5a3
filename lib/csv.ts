/**
 * CSV as the project writes it (the audit's exports and any other table a person opens in a spreadsheet): RFC 4180
 * quoting, and every text cell neutralised against formula injection (OWASP "CSV injection"). A cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel, LibreOffice or WPS as a formula, so a
 * demand's purpose of `=HYPERLINK(...)` would run in the regulator's spreadsheet; such a cell is written with a
 * leading single quote, which spreadsheets show as text.
 *
 * Typed numbers (JavaScript numbers and bigints) are written as they are: their text is digits, a sign and a
 * point, never a formula, and the ledger's amounts are non-negative anyway. Amounts that arrive as decimal strings
 * start with a digit and pass unchanged too.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of one cell: neutralised when it could start a formula, quoted when it holds a quote, comma or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file: a header of the keys of the first row, then one line per row; nested values as JSON. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const keys = Object.keys(rows[0]);
  const line = (cells: unknown[]) => cells.map(csvCell).join(",");
  return `${[line(keys), ...rows.map((r) => line(keys.map((k) => r[k])))].join("\n")}\n`;
}
