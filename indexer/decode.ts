import { decodeEventLog, toEventSelector, type Abi, type AbiEvent, type Hex } from "viem";
import { ABIS } from "../lib/contracts";
import { CONTRACT_NAMES, type ContractName, type Deployment } from "../lib/deployments";
import type { RpcLog } from "./rpc";

/**
 * Decoding of raw logs through the SDK's generated ABIs. Arguments are normalised for storage: addresses in
 * lower case (so that they join as plain text), integers that viem gives as bigint kept as bigint here and
 * written as decimal strings in JSON.
 */

/** One event of the ledger, in chain order by (blockNumber, logIndex). */
export interface LedgerEvent {
  blockNumber: number;
  logIndex: number;
  txHash: string;
  blockTime: number;
  contract: ContractName;
  name: string;
  /** Decoded arguments; amounts are bigint when decoded from a log and decimal strings when read back from the index. */
  args: Record<string, any>;
}

type Decoder = (log: RpcLog) => { name: string; args: Record<string, unknown> };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function normalise(value: unknown): unknown {
  if (typeof value === "string") return ADDRESS.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v);
    return out;
  }
  return value;
}

/** Serialises decoded arguments: bigint as decimal strings. */
export function argsToJson(args: Record<string, unknown>): string {
  return JSON.stringify(args, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

/** Decodes logs of the four contracts of a deployment, by address and topic. */
export class EventDecoder {
  private readonly byAddress = new Map<string, { contract: ContractName; decoders: Map<string, Decoder> }>();

  constructor(deployment: Pick<Deployment, "contracts">) {
    for (const contract of CONTRACT_NAMES) {
      const abi = ABIS[contract] as Abi;
      const decoders = new Map<string, Decoder>();
      for (const item of abi) {
        if (item.type !== "event") continue;
        const single = [item as AbiEvent];
        decoders.set(toEventSelector(item as AbiEvent), (log) => {
          const decoded = decodeEventLog({ abi: single, data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
          return { name: decoded.eventName as string, args: decoded.args as unknown as Record<string, unknown> };
        });
      }
      this.byAddress.set(deployment.contracts[contract].address.toLowerCase(), { contract, decoders });
    }
  }

  /** The addresses whose logs the index reads. */
  get addresses(): string[] {
    return [...this.byAddress.keys()];
  }

  decode(log: RpcLog, blockTime: number): LedgerEvent {
    const source = this.byAddress.get(log.address.toLowerCase());
    if (!source) throw new Error(`log of unknown contract ${log.address}`);
    const decoder = source.decoders.get(log.topics[0] ?? "");
    const base = {
      blockNumber: Number(log.blockNumber),
      logIndex: Number(log.logIndex),
      txHash: log.transactionHash.toLowerCase(),
      blockTime,
      contract: source.contract,
    };
    // An event the ABI does not know (a contract upgraded under the same address) is kept raw, never dropped.
    if (!decoder) return { ...base, name: "Unknown", args: { topics: log.topics, data: log.data } };
    const { name, args } = decoder(log);
    return { ...base, name, args: normalise(args) as Record<string, any> };
  }
}

/** The loan an event is about, when it is a LoanBook event. */
export function loanIdOf(event: Pick<LedgerEvent, "contract" | "args">): number | null {
  if (event.contract !== "LoanBook" || event.args.id === undefined) return null;
  return Number(event.args.id);
}
