/**
 * The large ledger of the scale benchmark, played on a real chain (anvil): thousands of participants admitted and
 * funded, then every loan through the financing flow (publish, review, identity and credit rating, listing,
 * funding by several investors, disbursement, repayments, claims). Transactions are sent unsigned by anvil's
 * impersonated accounts with explicit nonces, explicit zero fees and explicit gas limits, hundreds per JSON-RPC
 * batch, with automine off; blocks are mined until the pool is empty and every receipt is checked.
 *
 * A share of the loans stops earlier in the flow so that every list has rows in several states: some stay in
 * review, some stay listed and partly funded.
 */
import { encodeFunctionData, getAbiItem, keccak256, toEventSelector, toHex, type AbiEvent, type Hex } from "viem";
import type { Deployment } from "../../lib/deployments";
import { DEV_ACCOUNTS, devSigner as dev } from "../../lib/devAccounts";
import { AttestationKind, BusinessScale, RepaymentMethod, Role, kindBit, ratingCode, RATINGS } from "../../lib/enums";
import { loanSubject } from "../../lib/attestations";
import { attestationRegistryAbi, depositTokenAbi, loanBookAbi, participantRegistryAbi } from "../../lib/generated/abis";
import { attestTypedData } from "../../lib/typedData";
import type { RpcClient, RpcLog } from "../../indexer/rpc";

export interface LedgerShape {
  loans: number;
  enterprises: number;
  investors: number;
  /** Investors funding each loan that is funded. */
  funders: number;
  /** Partial repayments per repaid loan (claims follow the first and the last). */
  repayments: number;
}

/** Every `RELAY_EVERY`th credit rating is relayed by the operator with the rater's EIP-712 signature. */
const RELAY_EVERY = 4;
/** Of every 20 loans, one stays in review and one stays listed and partly funded. */
const IN_REVIEW_EVERY = 20;
const LISTED_EVERY = 20;
const TOKEN = 1_000_000n;
const SHARE = 1_000n * TOKEN;
/** Transactions per JSON-RPC batch. */
const BATCH = 500;

const generated = (tag: string, i: number) => `0x${keccak256(toHex(`${tag}-${i}`)).slice(26)}` as Hex;
const hex = (n: bigint | number) => `0x${BigInt(n).toString(16)}`;

interface Tx {
  from: Hex;
  to: Hex;
  data: Hex;
  gas: number;
}

/**
 * Sends transactions with explicit nonces and zero fees in batches, and mines until every one is in a block.
 * Each call names the event every one of its transactions emits exactly once: the count of those events in the
 * blocks it mined must equal the count of transactions, so a reverted transaction stops the build (cheaper than
 * half a million receipts).
 */
class Sender {
  private readonly nonces = new Map<string, number>();
  sent = 0;

  constructor(
    private readonly rpc: RpcClient,
    private readonly log: (line: string) => void,
  ) {}

  async send(txs: Tx[], events: { abi: any; name: string }[]): Promise<void> {
    const before = Number(await this.rpc.call<string>("eth_blockNumber", []));
    // Several batches go into the pool before blocks are mined: anvil fills each block up to its gas limit.
    const WINDOW = BATCH * 8;
    for (let i = 0; i < txs.length; i += WINDOW) {
      const window = txs.slice(i, i + WINDOW);
      for (let j = 0; j < window.length; j += BATCH) {
        const chunk = window.slice(j, j + BATCH).map((tx) => {
          const nonce = this.nonces.get(tx.from) ?? 0;
          this.nonces.set(tx.from, nonce + 1);
          return { method: "eth_sendTransaction", params: [{ from: tx.from, to: tx.to, data: tx.data, gas: hex(tx.gas), gasPrice: "0x0", nonce: hex(nonce) }] };
        });
        await this.rpc.batch<string>(chunk);
      }
      this.sent += window.length;
      await this.mineAll();
      if (txs.length > WINDOW * 4 && (i / WINDOW) % 4 === 3) this.log(`    ${Math.min(i + WINDOW, txs.length).toLocaleString("en-US")} / ${txs.length.toLocaleString("en-US")}`);
    }
    const after = Number(await this.rpc.call<string>("eth_blockNumber", []));
    const topics = events.map((e) => toEventSelector(getAbiItem({ abi: e.abi, name: e.name }) as AbiEvent));
    let emitted = 0;
    for (let from = before + 1; from <= after; from += 50) {
      const logs = await this.rpc.call<unknown[]>("eth_getLogs", [{ fromBlock: hex(from), toBlock: hex(Math.min(from + 49, after)), topics: [topics] }]);
      emitted += logs.length;
    }
    if (emitted !== txs.length) {
      throw new Error(`${txs.length} transactions sent, ${emitted} ${events.map((e) => e.name).join("/")} events emitted: some reverted`);
    }
  }

  async initNonces(accounts: Hex[]): Promise<void> {
    for (let i = 0; i < accounts.length; i += BATCH) {
      const part = accounts.slice(i, i + BATCH);
      const counts = await this.rpc.batch<string>(part.map((a) => ({ method: "eth_getTransactionCount", params: [a, "latest"] })));
      part.forEach((a, k) => this.nonces.set(a, Number(counts[k])));
    }
  }

  private async mineAll(): Promise<void> {
    for (;;) {
      await this.rpc.call("evm_mine", []);
      const status = await this.rpc.call<{ pending: string; queued: string }>("txpool_status", []);
      if (Number(status.pending) === 0) {
        if (Number(status.queued) !== 0) throw new Error(`${Number(status.queued)} transactions queued with a nonce gap`);
        return;
      }
    }
  }
}

/** Plays the whole ledger on the chain at `rpc` (anvil, auto-impersonating, automine off while it runs). */
export async function buildLedger(rpc: RpcClient, deployment: Deployment, shape: LedgerShape, log: (line: string) => void): Promise<{ transactions: number }> {
  const c = deployment.contracts;
  const registry = c.ParticipantRegistry.address;
  const attestations = c.AttestationRegistry.address;
  const token = c.DepositToken.address;
  const loanBook = c.LoanBook.address;
  const [regulator, operator, custodian, rater] = [0, 1, 2, 3].map((i) => dev(i).address.toLowerCase() as Hex);
  const raterAccount = dev(3);
  // The development accounts' enterprises and investors come first, so that a browser can sign in as one of them.
  const devOf = (role: string) => DEV_ACCOUNTS.filter((a) => a.role === role).map((a) => dev(a.index).address.toLowerCase() as Hex);
  const enterprises = Array.from({ length: shape.enterprises }, (_, i) => devOf("enterprise")[i] ?? generated("scale-enterprise", i));
  const investors = Array.from({ length: shape.investors }, (_, i) => devOf("investor")[i] ?? generated("scale-investor", i));
  const started = Date.now();
  const say = (line: string) => log(`${line} (${Math.round((Date.now() - started) / 1000)} s)`);
  const sender = new Sender(rpc, log);
  const tx = (from: Hex, to: Hex, abi: any, functionName: string, args: unknown[], gas: number): Tx => ({ from, to, data: encodeFunctionData({ abi, functionName, args } as any), gas });

  await rpc.call("evm_setAutomine", [false]);
  await sender.initNonces([regulator, operator, custodian, rater, ...enterprises, ...investors]);
  const block = await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
  const expiry = Number(block.timestamp) + 5 * 365 * 24 * 3600;

  say(`  admitting ${shape.enterprises.toLocaleString("en-US")} enterprises and ${shape.investors.toLocaleString("en-US")} investors, suitability, deposits, approvals ...`);
  const admit = (account: Hex, role: number, kinds: number, scale: number) =>
    tx(regulator, registry, participantRegistryAbi, "admit", [account, role, kinds, scale, expiry, keccak256(toHex(`credential ${account}`))], 200_000);
  await sender.send([
    admit(operator, Role.Operator, 0, BusinessScale.None),
    admit(custodian, Role.Custodian, 0, BusinessScale.None),
    admit(rater, Role.Agency, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating), BusinessScale.None),
    ...enterprises.map((e, n) => admit(e, Role.Enterprise, 0, [BusinessScale.Micro, BusinessScale.Small, BusinessScale.Medium][n % 3])),
    ...investors.map((i) => admit(i, Role.Investor, 0, BusinessScale.None)),
  ], [{ abi: participantRegistryAbi, name: "ParticipantAdmitted" }]);
  const perInvestor = (BigInt(shape.loans * shape.funders) * SHARE) / BigInt(shape.investors) + 4n * SHARE;
  await sender.send([
    ...investors.map((i) => tx(operator, registry, participantRegistryAbi, "setSuitability", [i, 5], 100_000)),
    ...investors.map((i, n) => tx(custodian, token, depositTokenAbi, "mint", [i, perInvestor, keccak256(toHex(`deposit investor ${n}`))], 150_000)),
    ...enterprises.map((e, n) => tx(custodian, token, depositTokenAbi, "mint", [e, 100_000n * TOKEN, keccak256(toHex(`deposit enterprise ${n}`))], 150_000)),
    ...[...investors, ...enterprises].map((a) => tx(a, token, depositTokenAbi, "approve", [loanBook, 2n ** 255n], 100_000)),
  ], [{ abi: participantRegistryAbi, name: "SuitabilitySet" }, { abi: depositTokenAbi, name: "Minted" }, { abi: depositTokenAbi, name: "Approval" }]);

  say(`  ${shape.loans.toLocaleString("en-US")} demands published, reviewed and attested ...`);
  const amount = SHARE * BigInt(shape.funders);
  const methods = [RepaymentMethod.EqualInstalment, RepaymentMethod.EqualPrincipal, RepaymentMethod.InterestFirst];
  const termsOf = (n: number) => ({ amount, minRaise: amount, rateBps: 600 + (n % 7) * 75, method: methods[n % 3], instalments: [6, 12, 18, 24][n % 4], periodLength: 30 * 24 * 3600, fundingPeriod: 30 * 24 * 3600 });
  const loanIds = Array.from({ length: shape.loans }, (_, i) => BigInt(i + 1));
  const firstId = BigInt(Number(await rpc.call<string>("eth_call", [{ to: loanBook, data: encodeFunctionData({ abi: loanBookAbi, functionName: "loanCount" }) }, "latest"]))) + 1n;
  if (firstId !== 1n) throw new Error(`the chain already has ${firstId - 1n} loans: the ledger is built on a fresh deployment`);
  await sender.send(loanIds.map((id) => tx(enterprises[Number(id - 1n) % shape.enterprises], loanBook, loanBookAbi, "publish", [termsOf(Number(id)), keccak256(toHex(`demand ${id}`)), `working capital ${id}`], 300_000)), [{ abi: loanBookAbi, name: "LoanPublished" }]);
  // Ids follow the order the blocks executed the publications in: read them back from LoanPublished.
  const published = await rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest", address: loanBook, topics: [toEventSelector(getAbiItem({ abi: loanBookAbi, name: "LoanPublished" }) as AbiEvent)] }]);
  const enterpriseById = new Map(published.map((l) => [BigInt(l.topics[1]!), `0x${l.topics[2]!.slice(26)}` as Hex]));
  const enterpriseOf = (id: bigint) => enterpriseById.get(id)!;
  const inReview = (id: bigint) => Number(id) % IN_REVIEW_EVERY === 0;
  const stayListed = (id: bigint) => Number(id) % LISTED_EVERY === 1;
  await sender.send(loanIds.map((id) => tx(operator, loanBook, loanBookAbi, "openReview", [id], 150_000)), [{ abi: loanBookAbi, name: "ReviewOpened" }]);
  const reviewed = loanIds.filter((id) => !inReview(id));
  let raterNonce = 0n;
  const attestTxs: Tx[] = [];
  for (const id of reviewed) {
    const identity = { kind: AttestationKind.Identity, subject: loanSubject(id), value: 0n, dataHash: keccak256(toHex(`kyc ${id}`)), refUID: `0x${"0".repeat(64)}` as Hex, expiresAt: 0 };
    attestTxs.push(tx(rater, attestations, attestationRegistryAbi, "attest", [identity], 250_000));
    const rating = { ...identity, kind: AttestationKind.CreditRating, value: BigInt(ratingCode(RATINGS[Number(id) % 4])), dataHash: keccak256(toHex(`rating ${id}`)) };
    if (Number(id) % RELAY_EVERY === 0) {
      const input = { chainId: deployment.chainId, registry: attestations, attester: rater, request: rating, nonce: raterNonce++, deadline: 2n ** 40n };
      const signature = await raterAccount.signTypedData(attestTypedData(input));
      attestTxs.push(tx(operator, attestations, attestationRegistryAbi, "attestBySignature", [rating, rater, input.nonce, input.deadline, signature], 300_000));
    } else {
      attestTxs.push(tx(rater, attestations, attestationRegistryAbi, "attest", [rating], 250_000));
    }
  }
  await sender.send(attestTxs, [{ abi: attestationRegistryAbi, name: "Attested" }]);
  const attested = toEventSelector(getAbiItem({ abi: attestationRegistryAbi, name: "Attested" }) as AbiEvent);
  const logs = await rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest", address: attestations, topics: [attested] }]);
  const uids = new Map<string, Hex[]>();
  for (const l of logs) {
    const subject = l.topics[3]!.toLowerCase();
    uids.set(subject, [...(uids.get(subject) ?? []), l.topics[1]!]);
  }

  say(`  listed, funded by ${shape.funders} investors each, disbursed ...`);
  await sender.send(reviewed.map((id) => tx(operator, loanBook, loanBookAbi, "list", [id, 100, uids.get(loanSubject(id))], 300_000)), [{ abi: loanBookAbi, name: "LoanListed" }]);
  const funders = (id: bigint) => Array.from({ length: shape.funders }, (_, k) => investors[((Number(id) - 1) * shape.funders + k) % shape.investors]);
  const partly = (id: bigint) => funders(id).slice(0, Math.ceil(shape.funders / 3));
  await sender.send(reviewed.flatMap((id) => (stayListed(id) ? partly(id) : funders(id)).map((inv) => tx(inv, loanBook, loanBookAbi, "fund", [id, SHARE], 200_000))), [{ abi: loanBookAbi, name: "LoanFunded" }]);
  const running = reviewed.filter((id) => !stayListed(id));
  await sender.send(running.map((id) => tx(enterpriseOf(id), loanBook, loanBookAbi, "disburse", [id], 300_000)), [{ abi: loanBookAbi, name: "Disbursed" }]);

  say(`  ${shape.repayments} repayments per running loan, claims after the first and the last ...`);
  const repayment = amount / 10n;
  const claims = () => running.flatMap((id) => funders(id).map((inv) => tx(inv, loanBook, loanBookAbi, "claim", [id], 150_000)));
  for (let r = 0; r < shape.repayments; r++) {
    await sender.send(running.map((id) => tx(enterpriseOf(id), loanBook, loanBookAbi, "repay", [id, repayment], 250_000)), [{ abi: loanBookAbi, name: "Repaid" }]);
    if (r === 0) await sender.send(claims(), [{ abi: loanBookAbi, name: "Claimed" }]);
  }
  await sender.send(claims(), [{ abi: loanBookAbi, name: "Claimed" }]);
  await rpc.call("evm_setAutomine", [true]);
  return { transactions: sender.sent };
}
