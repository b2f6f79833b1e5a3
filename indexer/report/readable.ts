import { formatUnits } from "viem";
import { TOKEN_DECIMALS } from "../../lib/format";

/**
 * A ledger row as a person reads it in a spreadsheet, by the columns' names (one convention over every export):
 * token amounts as decimal yuan ("1234.5"), Unix times (`…At`, `…Deadline`, `blockTime`) as ISO 8601 UTC, basis
 * points (`…Bps`) as percent ("7.5"). Other columns pass unchanged. An "unlimited" time reads as "never", and zero
 * (not yet) as an empty cell.
 */
const AMOUNT_COLUMNS = new Set([
  "amount", "minRaise", "raised", "escrow", "principal", "repaid", "distributed", "claimed", "refunded", "bond", "guaranteePaid", "recovered",
  "recoveryClaimed", "closingAmount", "held", "outstanding", "arrears", "contributed", "refundedAmount", "entitled", "claimable", "enterpriseCap",
  "minContribution", "balance",
]);
const TIME_COLUMN = /(At|Deadline|^blockTime)$/;
const BPS_COLUMN = /Bps$/;
/** 9999-12-31T23:59:59Z: any later time (an admission "forever") reads as never. */
const LAST_TIME = 253_402_300_799;

const isoTime = (seconds: number) => (seconds === 0 ? "" : seconds > LAST_TIME ? "never" : new Date(seconds * 1000).toISOString().replace(".000Z", "Z"));

function readableCell(column: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (AMOUNT_COLUMNS.has(column) && (typeof value === "string" || typeof value === "bigint") && /^\d+$/.test(String(value))) return formatUnits(BigInt(value), TOKEN_DECIMALS);
  if (TIME_COLUMN.test(column) && (typeof value === "number" || typeof value === "bigint")) return isoTime(Number(value));
  if (BPS_COLUMN.test(column) && typeof value === "number") return value / 100;
  return value;
}

export function readableRow<T extends object>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, readableCell(column, value)]));
}

export const readableRows = <T extends object>(rows: readonly T[]): Record<string, unknown>[] => rows.map(readableRow);
