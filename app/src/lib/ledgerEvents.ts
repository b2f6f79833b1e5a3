import { LoanState, nameOf } from "@lib/enums";
import { formatTokenAmount } from "@lib/format";
// Types only: the ABIs name the arguments; nothing of them reaches the browser bundle from here.
import type { ABIS } from "@lib/contracts";
import type { ContractName } from "@lib/deployments";

/** How an indexed event reads in the explorer: which of its arguments are parties and which are money. */

const ADDRESS = /^0x[0-9a-f]{40}$/;
const ZERO = `0x${"0".repeat(40)}`;

/** The argument names of a contract's events, from its generated ABI: a renamed argument fails `tsc` here. */
type EventArgName<C extends ContractName> = Extract<(typeof ABIS)[C][number], { type: "event" }>["inputs"][number]["name"];

/** Token amounts among each contract's event arguments (every other integer is a count, an enum or a time). */
const MONEY: { [C in ContractName]: readonly EventArgName<C>[] } = {
  LoanBook: ["amount", "raised", "principal", "fee", "repaid", "toInvestors", "toGuarantor", "outstanding", "overdue", "bond"],
  DepositToken: ["value", "amount"],
  AttestationRegistry: ["revenue"],
  ParticipantRegistry: [],
  SupervisoryCommittee: [],
};
const moneyOf = (contract: string): readonly string[] => (MONEY as Record<string, readonly string[]>)[contract] ?? [];

/** An event's name in words: "LoanPublished" -> "Loan published", "PolicySet" -> "Policy set". */
export const eventTitle = (name: string): string => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, " ").replace(/ [A-Z](?=[a-z])/g, (w) => w.toLowerCase());

/** The accounts an event names, with the argument that names each (the zero address of a mint or burn left out). */
export function partiesOf(args: Record<string, unknown>): { role: string; address: string }[] {
  return Object.entries(args)
    .filter(([, v]) => typeof v === "string" && ADDRESS.test(v) && v !== ZERO)
    .map(([role, address]) => ({ role, address: address as string }));
}

/** The token amounts of an event, formatted (a published demand's amount is inside its terms). */
export function amountsOf(contract: string, name: string, args: Record<string, unknown>): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  for (const key of moneyOf(contract)) {
    const v = args[key];
    if (typeof v === "string" && /^\d+$/.test(v)) out.push({ label: key, text: formatTokenAmount(BigInt(v)) });
  }
  if (name === "LoanPublished") {
    const terms = args.terms as Record<string, unknown> | undefined;
    if (typeof terms?.amount === "string") out.push({ label: "amount", text: formatTokenAmount(BigInt(terms.amount)) });
  }
  return out;
}

/** A line saying what changed, for events whose arguments alone do not (a loan's state change). */
export function summaryOf(name: string, args: Record<string, unknown>): string | undefined {
  if (name === "LoanStateChanged") return `${nameOf(LoanState, Number(args.from))} → ${nameOf(LoanState, Number(args.to))}`;
  return undefined;
}

/** An argument's value as text: amounts formatted, loan states named, nested values as JSON. */
export function argText(contract: string, key: string, value: unknown, name?: string): string {
  if (name === "LoanStateChanged" && (key === "from" || key === "to")) return `${nameOf(LoanState, Number(value))} (${value})`;
  if (moneyOf(contract).includes(key) && typeof value === "string" && /^\d+$/.test(value)) return `${formatTokenAmount(BigInt(value))} (${value} units)`;
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}
