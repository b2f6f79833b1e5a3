import { decodeEventLog, toEventSelector, type Abi, type AbiEvent, type AbiParameter, type ContractEventArgsFromTopics, type ContractEventName, type Hex } from "viem";
import { ABIS, type ContractAddresses } from "../lib/contracts";
import { CONTRACT_NAMES, type ContractName } from "../lib/deployments";
import type { RpcLog } from "./rpc";

/**
 * Decoding of raw logs through the SDK's generated ABIs, and the type of an event of the ledger, derived from the
 * same ABIs: a contract change that adds, renames or retypes an event shows up in `tsc` wherever events are read.
 * Arguments are normalised: addresses in lower case (so that they join as plain text); integers that viem gives as
 * bigint are bigint here, written as decimal strings in the index's JSON and revived as bigint when read back.
 */

type Abis = typeof ABIS;

/** The events of contract `C`, by name, as its ABI declares them (inherited ones included). */
export type EventName<C extends ContractName> = ContractEventName<Abis[C]>;

/** The decoded arguments of event `N` of contract `C`. */
export type EventArgs<C extends ContractName, N extends EventName<C>> = ContractEventArgsFromTopics<Abis[C], N>;

/** Where an event stands in the chain. */
export interface EventPlace {
  blockNumber: number;
  logIndex: number;
  txHash: string;
  blockTime: number;
}

/** Event `N` of contract `C` (any event of `C` when `N` is left out): a union keyed by contract and name. */
export type LedgerEventOf<C extends ContractName, N extends EventName<C> = EventName<C>> = N extends EventName<C>
  ? EventPlace & { contract: C; name: N; args: EventArgs<C, N> }
  : never;

/** A log the ABI does not know (a contract upgraded under the same address): kept raw, never dropped. */
export type UnknownEvent = EventPlace & { contract: ContractName; name: "Unknown"; args: { topics: string[]; data: string } };

/** One event of the ledger, in chain order by (blockNumber, logIndex). */
export type LedgerEvent = { [C in ContractName]: LedgerEventOf<C> }[ContractName] | UnknownEvent;

/**
 * One handler per event of contract `C`, keyed by event name. A table of this type fails `tsc` when the ABI has an
 * event the table lacks, so a new event in a contract is handled (or said to be ignored, and why) before it ships.
 */
export type EventHandlers<C extends ContractName, Context> = { [N in EventName<C>]: (event: LedgerEventOf<C, N>, context: Context) => void };

/** Calls the handler of `tables` for a known event; answers false for an event the ABIs do not know. */
export function dispatchEvent<Context>(tables: { [C in ContractName]: EventHandlers<C, Context> }, event: LedgerEvent, context: Context): boolean {
  if (event.name === "Unknown") return false;
  // The table of the event's own contract has a handler typed for exactly this event; TypeScript cannot pair them.
  const handler = (tables[event.contract] as Record<string, (e: LedgerEvent, c: Context) => void>)[event.name];
  handler(event, context);
  return true;
}

type Decoder = (log: RpcLog) => { name: string; args: unknown };
type Reviver = (value: unknown) => unknown;

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
export function argsToJson(args: unknown): string {
  return JSON.stringify(args, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

/**
 * Turns a parameter's JSON back into what viem decodes it as: integers wider than 48 bits are bigint (viem gives
 * narrower ones as number, which JSON keeps), arrays and tuples element by element, everything else as it is.
 */
function reviverOf(param: AbiParameter): Reviver {
  const array = /^(.*)\[\d*\]$/.exec(param.type);
  if (array) {
    const element = reviverOf({ ...param, type: array[1] });
    return (value) => (value as unknown[]).map(element);
  }
  if (param.type === "tuple") {
    const fields = ((param as { components: readonly AbiParameter[] }).components ?? []).map((c) => [c.name!, reviverOf(c)] as const);
    return (value) => Object.fromEntries(fields.map(([name, revive]) => [name, revive((value as Record<string, unknown>)[name])]));
  }
  const int = /^u?int(\d*)$/.exec(param.type);
  if (int && Number(int[1] || 256) > 48) return (value) => BigInt(value as string);
  return (value) => value;
}

/** Per contract and event name, how to revive the event's arguments from the index's JSON. */
const REVIVERS = new Map<string, Reviver>(
  CONTRACT_NAMES.flatMap((contract) =>
    (ABIS[contract] as Abi)
      .filter((item): item is AbiEvent => item.type === "event")
      .map((item) => [`${contract}.${item.name}`, reviverOf({ type: "tuple", components: item.inputs } as AbiParameter)] as const),
  ),
);

/** A row of the index's `events` table as the event it records, its arguments typed as when decoded from the log. */
export function eventFromRow(r: { block_number: number; log_index: number; tx_hash: string; block_time: number; contract: ContractName; name: string; args: string }): LedgerEvent {
  const json = JSON.parse(r.args);
  const revive = REVIVERS.get(`${r.contract}.${r.name}`);
  return {
    blockNumber: r.block_number,
    logIndex: r.log_index,
    txHash: r.tx_hash,
    blockTime: r.block_time,
    contract: r.contract,
    name: r.name,
    args: revive ? revive(json) : json,
  } as LedgerEvent;
}

/** Reads one 32-byte word (64 hex digits, no 0x) as the value of a static parameter, as viem decodes it. */
type WordReader = (word: string) => unknown;

const TWO_256 = 1n << 256n;
const TWO_255 = 1n << 255n;

/** How to read a word of an elementary static type, or undefined for any other type. */
function wordReaderOf(type: string): WordReader | undefined {
  if (type === "address") return (word) => `0x${word.slice(24)}`;
  if (type === "bool") return (word) => {
    const value = BigInt(`0x${word}`);
    if (value > 1n) throw new NotPlainWords();
    return value === 1n;
  };
  const int = /^(u?)int(\d*)$/.exec(type);
  if (int) {
    const signed = int[1] === "";
    const size = Number(int[2] || 256);
    return (word) => {
      let value = BigInt(`0x${word}`);
      if (signed && value >= TWO_255) value -= TWO_256;
      return size > 48 ? value : Number(value);
    };
  }
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) {
    const size = Number(bytes[1]);
    return (word) => `0x${word.slice(0, size * 2)}`;
  }
  return undefined;
}

/** A value made of consecutive words: an elementary type (one word) or a tuple of them, read as an object. */
interface WordsReader {
  words: number;
  read(words: string[], at: number): unknown;
}

function wordsReaderOf(param: AbiParameter): WordsReader | undefined {
  if (!param.name) return undefined;
  if (param.type === "tuple") {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
    const fields = components.map((c) => [c.name!, wordsReaderOf(c)] as const);
    if (fields.length === 0 || fields.some(([, reader]) => !reader)) return undefined;
    const words = fields.reduce((n, [, reader]) => n + reader!.words, 0);
    return {
      words,
      read(all, at) {
        const out: Record<string, unknown> = {};
        for (const [name, reader] of fields) {
          out[name] = reader!.read(all, at);
          at += reader!.words;
        }
        return out;
      },
    };
  }
  const word = wordReaderOf(param.type);
  return word && { words: 1, read: (all, at) => word(all[at]) };
}

/** A word that viem would not decode as plain words (a bool neither 0 nor 1): the event goes to viem instead. */
class NotPlainWords extends Error {}

/**
 * A decoder of an event whose arguments are all static (addresses, integers, booleans, fixed bytes and tuples of
 * them), reading the words of its topics and data directly: the index decodes a million events, and viem's general
 * decoder (a selector lookup and an address checksum per argument) is most of that time. Its answers are viem's,
 * addresses in lower case (which `normalise` makes of viem's anyway); a log of another shape than the ABI's, or
 * an event with a dynamic argument, goes to `fallback` (viem), which decodes it or throws as it always did.
 */
function staticWordDecoder(item: AbiEvent, fallback: Decoder): Decoder | undefined {
  const indexed = item.inputs.filter((input) => input.indexed);
  const data = item.inputs.filter((input) => !input.indexed);
  const topicReaders = indexed.map((input) => [input.name!, input.name && input.type !== "tuple" ? wordReaderOf(input.type) : undefined] as const);
  const dataReaders = data.map((input) => [input.name!, wordsReaderOf(input)] as const);
  if (item.anonymous || topicReaders.some(([, r]) => !r) || dataReaders.some(([, r]) => !r)) return undefined;
  const dataWords = dataReaders.reduce((n, [, r]) => n + r!.words, 0);
  const dataLength = 2 + dataWords * 64;
  return (log) => {
    if (log.topics.length !== indexed.length + 1 || log.data.length !== (dataWords === 0 ? log.data.length : dataLength)) return fallback(log);
    try {
      const args: Record<string, unknown> = {};
      topicReaders.forEach(([name, reader], i) => (args[name] = reader!(log.topics[i + 1].slice(2).toLowerCase())));
      const words: string[] = [];
      for (let i = 0; i < dataWords; i++) words.push(log.data.slice(2 + i * 64, 66 + i * 64).toLowerCase());
      let at = 0;
      for (const [name, reader] of dataReaders) {
        args[name] = reader!.read(words, at);
        at += reader!.words;
      }
      return { name: item.name, args };
    } catch (error) {
      if (error instanceof NotPlainWords) return fallback(log);
      throw error;
    }
  };
}

/** Decodes logs of the four contracts of a deployment, by address and topic. */
export class EventDecoder {
  private readonly byAddress = new Map<string, { contract: ContractName; decoders: Map<string, Decoder> }>();

  constructor(deployment: ContractAddresses) {
    for (const contract of CONTRACT_NAMES) {
      const abi = ABIS[contract] as Abi;
      const decoders = new Map<string, Decoder>();
      for (const item of abi) {
        if (item.type !== "event") continue;
        const single = [item];
        const viemDecoder: Decoder = (log) => {
          const decoded = decodeEventLog({ abi: single, data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
          // An event without arguments decodes to `args: undefined`; the index keeps `{}`.
          return { name: decoded.eventName as string, args: decoded.args ?? {} };
        };
        decoders.set(toEventSelector(item), staticWordDecoder(item, viemDecoder) ?? viemDecoder);
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
    if (!decoder) return { ...base, name: "Unknown", args: { topics: log.topics, data: log.data } };
    const { name, args } = decoder(log);
    return { ...base, name, args: normalise(args) } as LedgerEvent;
  }
}

/** The loan an event is about, when it is a LoanBook event about one loan. */
export function loanIdOf(event: LedgerEvent): number | null {
  if (event.contract !== "LoanBook" || event.name === "Unknown" || !("id" in event.args)) return null;
  return Number(event.args.id);
}

/** An address as the index keeps it (normalised to lower case). */
const ADDRESS_ARG = /^0x[0-9a-f]{40}$/;

/** The event's top-level address arguments by name: the rows of `event_accounts`. */
export function accountArgsOf(event: LedgerEvent): [arg: string, account: string][] {
  return Object.entries(event.args as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string" && ADDRESS_ARG.test(entry[1]));
}
