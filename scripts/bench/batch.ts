import { ethers, network } from "hardhat";
import type { ContractTransactionResponse, Signer, TransactionReceipt } from "ethers";

/** Gas limit given to batched transactions, so that no estimate runs against a state the mempool has not reached. */
const BATCH_GAS_LIMIT = 400_000n;
/** Fees of batched transactions; the base fee is pinned below them before each block (see {@link mineAll}). */
const MAX_FEE = ethers.parseUnits("2", "gwei");
const PRIORITY_FEE = ethers.parseUnits("1", "gwei");
const PINNED_BASE_FEE = ethers.toQuantity(ethers.parseUnits("1", "gwei"));

/** Overrides of a batched transaction: explicit nonce, gas and fees, so sending needs no round trip to the node. */
export interface BatchOverrides {
  nonce: number;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** A signer whose address is known without a round trip (Hardhat signers and wallets both are). */
export type Sender = Signer & { address: string };

/**
 * Hands out consecutive nonces per sender, starting from each sender's pending nonce. The slot is taken before the
 * first await, so sends started in order get nonces in that order even when they run concurrently.
 */
export class NonceBook {
  private readonly first = new Map<string, Promise<number>>();
  private readonly taken = new Map<string, number>();

  async overrides(sender: Sender): Promise<BatchOverrides> {
    const offset = this.taken.get(sender.address) ?? 0;
    this.taken.set(sender.address, offset + 1);
    if (!this.first.has(sender.address)) this.first.set(sender.address, sender.getNonce("pending"));
    const nonce = (await this.first.get(sender.address)!) + offset;
    return { nonce, gasLimit: BATCH_GAS_LIMIT, maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: PRIORITY_FEE };
  }
}

/** A transaction to send once its overrides are known. */
export type BatchSend = (nonces: NonceBook) => Promise<ContractTransactionResponse>;

/**
 * Sends every transaction into the mempool with automine off, then mines blocks until the mempool is empty.
 * Transactions of one sender run in nonce order; transactions of different senders in a batch must not depend on
 * each other. Throws if any of them reverted.
 */
export async function sendBatch(sends: BatchSend[]): Promise<TransactionReceipt[]> {
  if (sends.length === 0) return [];
  const nonces = new NonceBook();
  await network.provider.send("evm_setAutomine", [false]);
  try {
    const sent = await Promise.all(sends.map((send) => send(nonces)));
    await mineAll();
    const receipts = await Promise.all(sent.map((tx) => ethers.provider.getTransactionReceipt(tx.hash)));
    return receipts.map((receipt, i) => {
      if (!receipt || receipt.status !== 1) throw new Error(`batched transaction ${sent[i].hash} failed`);
      return receipt;
    });
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
}

/** Mines blocks until no transaction is pending, keeping the base fee fixed so queued transactions stay eligible. */
export async function mineAll(): Promise<void> {
  for (;;) {
    const pending = await network.provider.send("eth_getBlockByNumber", ["pending", false]);
    if (pending.transactions.length === 0) return;
    await network.provider.send("hardhat_setNextBlockBaseFeePerGas", [PINNED_BASE_FEE]);
    await network.provider.send("evm_mine", []);
  }
}
