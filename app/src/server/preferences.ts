import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Address } from "viem";
import { BusinessScale } from "@lib/enums";
import { appDataDir } from "@lib/paths";
import type { StoredPreferences } from "@lib/matching";

/**
 * Investors' standing preferences, one JSON file per address under data/preferences. Amounts travel as decimal
 * strings of token units (JSON has no bigint); lib/matching.ts `toMatching` turns them into its bigints.
 */
export type { StoredPreferences };

const dir = () => appDataDir("preferences");
const fileOf = (address: Address) => join(dir(), `${address.toLowerCase()}.json`);

export function readPreferences(address: Address): StoredPreferences {
  const path = fileOf(address);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as StoredPreferences) : {};
}

/** Validates and keeps the preferences; throws a sentence on a bad field. */
export function writePreferences(address: Address, input: unknown): StoredPreferences {
  const p = (input ?? {}) as Record<string, unknown>;
  const out: StoredPreferences = {};
  const amount = (name: "minAmount" | "maxAmount") => {
    const v = p[name];
    if (v === undefined || v === null || v === "") return;
    if (typeof v !== "string" || !/^\d+$/.test(v)) throw new Error(`${name} must be a whole number of token units`);
    out[name] = v;
  };
  const int = (name: "maxRiskGrade" | "minTermDays" | "maxTermDays", min: number, max: number) => {
    const v = p[name];
    if (v === undefined || v === null || v === "") return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
    out[name] = v;
  };
  amount("minAmount");
  amount("maxAmount");
  if (out.minAmount && out.maxAmount && BigInt(out.minAmount) > BigInt(out.maxAmount)) throw new Error("the minimum amount is above the maximum");
  int("maxRiskGrade", 1, 5);
  int("minTermDays", 0, 36_500);
  int("maxTermDays", 0, 36_500);
  if (out.minTermDays !== undefined && out.maxTermDays !== undefined && out.minTermDays > out.maxTermDays) throw new Error("the shortest term is above the longest");
  if (p.scales !== undefined) {
    const valid = [BusinessScale.Micro, BusinessScale.Small, BusinessScale.Medium] as number[];
    if (!Array.isArray(p.scales) || p.scales.some((s) => !valid.includes(s as number))) throw new Error("scales must be among micro (1), small (2), medium (3)");
    out.scales = p.scales as number[];
  }
  mkdirSync(dir(), { recursive: true });
  writeFileSync(fileOf(address), JSON.stringify(out, null, 2));
  return out;
}
