import { mnemonicToAccount, type HDAccount } from "viem/accounts";

/**
 * The seeded development accounts of the local chain: Hardhat's well-known test mnemonic, one account per
 * role by index. Known to everyone, so for the local chain only; `--as investor3` in the command line and the
 * account picker of the app resolve names through this table.
 */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const DEV_ACCOUNT_COUNT = 40;

export type DevRole = "regulator" | "operator" | "custodian" | "agency" | "enterprise" | "investor";

export interface DevAccount {
  /** Name used on the command line (`--as`) and in the app's picker. */
  name: string;
  /** Index on the mnemonic's path m/44'/60'/0'/0/index. */
  index: number;
  role: DevRole;
  /** The organisation or person behind the account. */
  label: string;
}

const agency = (name: string, index: number, label: string): DevAccount => ({ name, index, role: "agency", label });
const enterprise = (n: number, label: string): DevAccount => ({ name: `enterprise${n}`, index: 8 + n, role: "enterprise", label });
const investor = (n: number, label: string): DevAccount => ({ name: `investor${n}`, index: 14 + n, role: "investor", label });

export const DEV_ACCOUNTS: readonly DevAccount[] = [
  { name: "regulator", index: 0, role: "regulator", label: "Local Financial Supervision Bureau" },
  { name: "operator", index: 1, role: "operator", label: "SME Cloud Service Centre" },
  { name: "custodian", index: 2, role: "custodian", label: "Commonwealth Custodian Bank" },
  agency("identity", 3, "Unified Credit Code Verification Centre"),
  agency("rating", 4, "Eastern Star Credit Rating"),
  agency("guarantor", 5, "Provincial SME Financing Guarantee Co."),
  agency("insurer", 6, "Harbour Credit Insurance"),
  agency("valuer", 7, "Pearl River IP Valuation"),
  agency("auditor", 8, "Lakeside Certified Public Accountants"),
  enterprise(1, "Westlake Tea Garden Co."),
  enterprise(2, "Suzhou Precision Parts Ltd."),
  enterprise(3, "Chengdu Cloud Kitchen"),
  enterprise(4, "Ningbo Green Textiles Ltd."),
  enterprise(5, "Xiamen Harbour Logistics"),
  enterprise(6, "Wuhan BioSensor Technology"),
  investor(1, "Li Wei"),
  investor(2, "Zhang Min"),
  investor(3, "Wang Fang"),
  investor(4, "Chen Jie"),
  investor(5, "Liu Yang"),
  investor(6, "Huang Lei"),
  investor(7, "Zhao Qiang"),
  investor(8, "Xu Ling"),
  investor(9, "Sun Hao"),
  investor(10, "Zhou Yan"),
  investor(11, "Yangtze Angel Fund"),
  investor(12, "Delta Family Office"),
  // The other two members of the supervisory committee (the first is "regulator").
  { name: "regulator2", index: 27, role: "regulator", label: "Provincial SME Development Department" },
  { name: "regulator3", index: 28, role: "regulator", label: "People's Bank of China, Provincial Branch" },
];

/** The development account of a name; throws, listing the known names, for any other. */
export function devAccount(name: string): DevAccount {
  const found = findDevAccount(name);
  if (!found) throw new Error(`unknown development account "${name}"; known: ${DEV_ACCOUNTS.map((a) => a.name).join(", ")}`);
  return found;
}

/** The development account of a name, or undefined (for inputs that may also be an address). */
export function findDevAccount(name: string): DevAccount | undefined {
  return DEV_ACCOUNTS.find((a) => a.name === name);
}

const signers = new Map<number, HDAccount>();

/**
 * The signing account of a development account, by name or by index on the mnemonic's path (indexes beyond the
 * named accounts are funded too, up to DEV_ACCOUNT_COUNT). Derived once per index: a derivation costs a few
 * milliseconds, and the address-to-name lookup derives every named account.
 */
export function devSigner(account: string | number): HDAccount {
  const index = typeof account === "number" ? account : devAccount(account).index;
  let signer = signers.get(index);
  if (!signer) {
    signer = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
    signers.set(index, signer);
  }
  return signer;
}

/** The address of a development account, by name or by index. */
export function devAddress(account: string | number): `0x${string}` {
  return devSigner(account).address;
}

/** The named development account holding an address (any case), or undefined. */
export function devAccountByAddress(address: string): DevAccount | undefined {
  const wanted = address.toLowerCase();
  return DEV_ACCOUNTS.find((a) => devAddress(a.index).toLowerCase() === wanted);
}
