import { expect } from "chai";
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, getAddress, toHex, type Abi, type AbiEvent, type AbiParameter, type Hex } from "viem";
import { ABIS } from "../../lib/contracts";
import { CONTRACT_NAMES, type ContractName } from "../../lib/deployments";
import { argsToJson, EventDecoder, eventFromRow, loanIdOf, type EventHandlers, type LedgerEvent } from "../../indexer/decode";
import { applyEvent, MemoryStore, REDUCER } from "../../indexer/ledger";
import type { RpcLog } from "../../indexer/rpc";

const ADDRESSES: Record<ContractName, Hex> = {
  ParticipantRegistry: "0x00000000000000000000000000000000000000a1",
  AttestationRegistry: "0x00000000000000000000000000000000000000a2",
  DepositToken: "0x00000000000000000000000000000000000000a3",
  LoanBook: "0x00000000000000000000000000000000000000a4",
  SupervisoryCommittee: "0x00000000000000000000000000000000000000a5",
};
const deployment = { contracts: Object.fromEntries(CONTRACT_NAMES.map((c) => [c, { address: ADDRESSES[c] }])) as Record<ContractName, { address: Hex }> };
const ENTERPRISE = getAddress("0x00000000000000000000000000000000000000e1");

/** A raw log of `eventName` emitted by `contract` with `args`, as eth_getLogs returns it. */
function logOf(contract: ContractName, eventName: string, args: Record<string, unknown>, logIndex = 0): RpcLog {
  const abi = ABIS[contract] as Abi;
  const event = abi.find((item): item is AbiEvent => item.type === "event" && item.name === eventName)!;
  const data = event.inputs.filter((i) => !i.indexed);
  return {
    address: ADDRESSES[contract],
    topics: encodeEventTopics({ abi: [event], eventName, args } as never) as Hex[],
    data: encodeAbiParameters(data, data.map((i) => args[i.name!])),
    blockNumber: toHex(5),
    blockHash: `0x${"11".repeat(32)}`,
    transactionHash: `0x${"22".repeat(32)}`,
    transactionIndex: "0x0",
    logIndex: toHex(logIndex),
  };
}

/** The event as the index stores it and reads it back. */
const roundTrip = (e: LedgerEvent) =>
  eventFromRow({ block_number: e.blockNumber, log_index: e.logIndex, tx_hash: e.txHash, block_time: e.blockTime, contract: e.contract, name: e.name, args: argsToJson(e.args) });

describe("ledger index: events typed from the ABIs", function () {
  it("has a reducer handler for every event of every contract's ABI, inherited ones included", function () {
    for (const contract of CONTRACT_NAMES) {
      const events = (ABIS[contract] as Abi).filter((item) => item.type === "event").map((item) => (item as AbiEvent).name);
      expect(Object.keys(REDUCER[contract]).sort(), contract).to.deep.equal([...new Set(events)].sort());
    }
    expect(Object.keys(REDUCER.DepositToken)).to.include.members(["Transfer", "Approval", "EIP712DomainChanged"]);
    expect(Object.keys(REDUCER.AttestationRegistry)).to.include("EIP712DomainChanged");
  });

  it("does not compile a handler table that lacks an event of the ABI", function () {
    const { FeesMoved: _dropped, ...withoutOne } = REDUCER.LoanBook;
    // @ts-expect-error FeesMoved has no handler
    const incomplete: EventHandlers<"LoanBook", unknown> = withoutOne;
    expect(Object.keys(incomplete)).to.not.include("FeesMoved");
  });

  it("decodes a log into its contract, name and typed arguments, addresses in lower case", function () {
    const terms = { amount: 100_000_000_000n, minRaise: 50_000_000_000n, rateBps: 800, method: 2, instalments: 12, periodLength: 2_592_000, fundingPeriod: 604_800 };
    const args = { id: 7n, enterprise: ENTERPRISE, terms, metadataHash: `0x${"33".repeat(32)}`, purpose: "a bakery oven" };
    const e = new EventDecoder(deployment).decode(logOf("LoanBook", "LoanPublished", args), 1_700_000_000);
    expect(e.contract).to.equal("LoanBook");
    expect(e.name).to.equal("LoanPublished");
    if (e.contract !== "LoanBook" || e.name !== "LoanPublished") return;
    expect(e.args.id).to.equal(7n);
    expect(e.args.enterprise).to.equal(ENTERPRISE.toLowerCase());
    expect(e.args.terms.amount).to.equal(100_000_000_000n);
    expect(e.args.terms.rateBps).to.equal(800);
    expect(loanIdOf(e)).to.equal(7);
    expect({ blockNumber: e.blockNumber, logIndex: e.logIndex, blockTime: e.blockTime }).to.deep.equal({ blockNumber: 5, logIndex: 0, blockTime: 1_700_000_000 });
  });

  it("reads an event back from the index's JSON with the types it was decoded with (bigint, number, arrays, tuples)", function () {
    const decoder = new EventDecoder(deployment);
    const listed = decoder.decode(
      logOf("LoanBook", "LoanListed", { id: 3n, operator: ENTERPRISE, riskGrade: 2, feeBps: 150, fundingDeadline: 1_700_100_000, attestations: [`0x${"44".repeat(32)}`, `0x${"55".repeat(32)}`] }),
      1_700_000_000,
    );
    const published = decoder.decode(
      logOf("LoanBook", "LoanPublished", {
        id: 3n,
        enterprise: ENTERPRISE,
        terms: { amount: 10n ** 12n, minRaise: 1n, rateBps: 1, method: 0, instalments: 1, periodLength: 1, fundingPeriod: 1 },
        metadataHash: `0x${"00".repeat(32)}`,
        purpose: "",
      }),
      1,
    );
    const transfer = decoder.decode(logOf("DepositToken", "Transfer", { from: ENTERPRISE, to: ADDRESSES.LoanBook, value: 2n ** 200n }), 1);
    for (const e of [listed, published, transfer]) expect(roundTrip(e)).to.deep.equal(e);
  });

  it("keeps a log the ABI does not know as Unknown, and the reducer leaves the ledger as it was", function () {
    const log = { ...logOf("LoanBook", "LoanCured", { id: 1n }), topics: [`0x${"99".repeat(32)}`] as Hex[] };
    const e = new EventDecoder(deployment).decode(log, 1);
    expect(e.name).to.equal("Unknown");
    expect(loanIdOf(e)).to.equal(null);
    const store = new MemoryStore();
    applyEvent(store, e);
    expect([store.loans.size, store.movements, store.policies.length]).to.deep.equal([0, 0, 0]);
  });

  it("applies a published loan and its funding through the handler tables, and refuses an event of a loan never published", function () {
    const decoder = new EventDecoder(deployment);
    const store = new MemoryStore();
    const terms = { amount: 1_000_000_000n, minRaise: 500_000_000n, rateBps: 600, method: 1, instalments: 6, periodLength: 2_592_000, fundingPeriod: 604_800 };
    applyEvent(store, decoder.decode(logOf("LoanBook", "LoanPublished", { id: 1n, enterprise: ENTERPRISE, terms, metadataHash: `0x${"00".repeat(32)}`, purpose: "stock" }), 10));
    applyEvent(store, decoder.decode(logOf("LoanBook", "LoanFunded", { id: 1n, investor: ADDRESSES.DepositToken, amount: 300_000_000n, raised: 300_000_000n }, 1), 11));
    const loan = store.loan(1)!;
    expect([loan.amount, loan.raised, loan.escrow, loan.rateBps, loan.publishedTime]).to.deep.equal([1_000_000_000n, 300_000_000n, 300_000_000n, 600, 10]);
    expect(store.position(1, ADDRESSES.DepositToken)?.contributed).to.equal(300_000_000n);
    expect(store.movements).to.equal(1);
    const orphan = decoder.decode(logOf("LoanBook", "LoanFunded", { id: 2n, investor: ADDRESSES.DepositToken, amount: 1n, raised: 1n }), 12);
    expect(() => applyEvent(store, orphan)).to.throw("LoanFunded of unknown loan 2");
  });

  it("decodes every event of every ABI as viem does, extreme values included, and refuses a log of another shape as viem does", function () {
    const decoder = new EventDecoder(deployment);
    /** The largest, smallest and a middle value of each type, by `pick` (0, 1, 2). */
    const valueOf = (param: AbiParameter, pick: number): unknown => {
      if (param.type === "tuple") return Object.fromEntries((param as { components: readonly AbiParameter[] }).components.map((c) => [c.name, valueOf(c, pick)]));
      const array = /^(.*)\[\d*\]$/.exec(param.type);
      if (array) return [valueOf({ ...param, type: array[1] }, pick), valueOf({ ...param, type: array[1] }, 2 - pick)];
      if (param.type === "address") return getAddress([`0x${"ff".repeat(20)}`, `0x${"00".repeat(19)}01`, "0x00000000000000000000000000000000000000e1"][pick]);
      if (param.type === "bool") return pick === 1;
      if (param.type === "string") return ["", "a reason", "ü".repeat(40)][pick];
      if (param.type === "bytes") return ["0x", "0x01", `0x${"ab".repeat(70)}`][pick];
      const bytes = /^bytes(\d+)$/.exec(param.type);
      if (bytes) return `0x${["ff", "00", "5a"][pick].repeat(Number(bytes[1]))}`;
      const int = /^(u?)int(\d*)$/.exec(param.type)!;
      const bits = BigInt(int[2] || 256);
      const value = int[1] === "u" ? [(1n << bits) - 1n, 0n, 1n << (bits / 2n)][pick] : [(1n << (bits - 1n)) - 1n, -(1n << (bits - 1n)), -1n][pick];
      return bits > 48n ? value : Number(value);
    };
    /** viem's decoding, addresses in lower case as the index keeps them. */
    const lower = (v: unknown): unknown =>
      typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : Array.isArray(v) ? v.map(lower) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lower(x)])) : v;
    let events = 0;
    for (const contract of CONTRACT_NAMES) {
      for (const event of (ABIS[contract] as Abi).filter((item): item is AbiEvent => item.type === "event")) {
        for (const pick of [0, 1, 2]) {
          const args = Object.fromEntries(event.inputs.map((input) => [input.name!, valueOf(input, pick)]));
          const log = logOf(contract, event.name, args);
          const viem = decodeEventLog({ abi: [event], data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
          const decoded = decoder.decode(log, 7);
          expect(decoded.name, event.name).to.equal(event.name);
          expect(decoded.args, `${contract}.${event.name}`).to.deep.equal(lower(viem.args ?? {}));
          expect(argsToJson(decoded.args)).to.equal(argsToJson(lower(viem.args ?? {})));
          events++;
        }
        if (event.inputs.some((input) => !input.indexed)) {
          const args = Object.fromEntries(event.inputs.map((input) => [input.name!, valueOf(input, 2)]));
          const short = { ...logOf(contract, event.name, args), data: "0x" as Hex };
          expect(() => decoder.decode(short, 7), `${event.name} without its data`).to.throw(/Data size of 0 bytes is too small|data/i);
        }
      }
    }
    expect(events).to.be.greaterThan(150);
  });
});
