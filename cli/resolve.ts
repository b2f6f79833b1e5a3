import { isAddress, getAddress, keccak256, stringToBytes, type Address, type Hex, isHex } from "viem";
import { devAccountByAddress, devAddress, findDevAccount } from "../lib/devAccounts";
import { LOCAL_CHAIN_ID } from "../lib/chain";
import { parsePercentBps } from "../lib/amount";
import { parseLoanId as parseLoanIdText } from "../lib/loans";
import { AttestationKind, BusinessScale, RepaymentMethod, Role, LoanState } from "../lib/enums";
import { accountSubject, loanSubject, maskOfKinds } from "../lib/attestations";
import type { Cli } from "./context";

/** An address, or on the local chain a development account's name (`investor3`). */
export function resolveAddress(cli: Cli, text: string): Address {
  if (isAddress(text)) return getAddress(text);
  const dev = findDevAccount(text);
  if (dev && cli.deployment.chainId === LOCAL_CHAIN_ID) return devAddress(dev.index);
  throw new Error(`not an address${cli.deployment.chainId === LOCAL_CHAIN_ID ? " or development account name" : ""}: "${text}"`);
}

/** Name of an address among the development accounts, for display on the local chain. */
export function devName(cli: Cli, address: string): string | undefined {
  if (cli.deployment.chainId !== LOCAL_CHAIN_ID) return undefined;
  return devAccountByAddress(address)?.name;
}

export const label = (cli: Cli, address: string) => {
  const name = devName(cli, address);
  return name ? `${address} (${name})` : address;
};

/** A loan id ("12"); throws a sentence for anything else. */
export function parseLoanId(text: string): bigint {
  const id = parseLoanIdText(text);
  if (id === undefined) throw new Error(`not a loan id: "${text}"`);
  return id;
}

/** Enum member from a name in any case, with dashes or underscores: "equal-instalment" -> EqualInstalment. */
export function parseEnum<T extends Record<string, number>>(e: T, what: string, text: string): T[keyof T] {
  const key = Object.keys(e).find((k) => k.toLowerCase() === text.replace(/[-_ ]/g, "").toLowerCase());
  if (key === undefined) throw new Error(`unknown ${what} "${text}"; one of: ${Object.keys(e).filter((k) => k !== "None").join(", ")}`);
  return e[key as keyof T];
}

export const parseRole = (t: string) => parseEnum(Role, "role", t);
export const parseScale = (t: string) => parseEnum(BusinessScale, "business scale", t);
export const parseMethod = (t: string) => parseEnum(RepaymentMethod, "repayment method", t);
export const parseState = (t: string) => parseEnum(LoanState, "loan state", t);
export const parseKind = (t: string) => parseEnum(AttestationKind, "attestation kind", t);

/** A list of agency kinds as a bitmask: "identity,credit-rating". */
export const parseKinds = (text: string): number => maskOfKinds(text.split(",").map((k) => parseKind(k.trim())));

/** Attestation subject: `loan:12`, `account:ADDRESS|NAME`, or a raw bytes32 (another attestation's uid). */
export function parseSubject(cli: Cli, text: string): Hex {
  if (text.startsWith("loan:")) return loanSubject(parseLoanId(text.slice(5)));
  if (text.startsWith("account:")) return accountSubject(resolveAddress(cli, text.slice(8)));
  if (isHex(text) && text.length === 66) return text;
  throw new Error(`not a subject: "${text}" (use loan:ID, account:ADDRESS or a 32-byte hex uid)`);
}

/** Rate in percent a year ("8.5") -> basis points. */
export function parseRatePercent(text: string): number {
  const bps = parsePercentBps(text);
  if (bps === undefined) throw new Error(`not a rate in percent with up to 2 decimals: "${text}"`);
  return bps;
}

/** A date (YYYY-MM-DD) or a number of days after `now` (the chain's time, in seconds) -> unix seconds. */
export function parseExpiry(text: string, now: number): number {
  if (/^\d+d$/.test(text)) return now + Number(text.slice(0, -1)) * 86_400;
  const t = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date (YYYY-MM-DD) or a number of days (365d): "${text}"`);
  return Math.floor(t / 1000);
}

export function parsePositiveInt(what: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new Error(`${what} must be a positive whole number, not "${text}"`);
  return Number(text);
}

/** A 32-byte hash given as hex, or the keccak-256 of a text (reasons, credentials, reports). */
export function hashOf(text: string): Hex {
  return isHex(text) && text.length === 66 ? text : keccak256(stringToBytes(text));
}

/** The chain's current time: expiries and deadlines are judged against it, not the local clock. */
export async function chainNow(cli: Cli): Promise<number> {
  return Number((await cli.publicClient.getBlock()).timestamp);
}
