import type { Address, PublicClient } from "viem";
import { loanBookAbi } from "./generated/abis";
import { LoanState, RepaymentMethod, nameOf } from "./enums";

/** Everything a person asks about one loan, read from the LoanBook in one batch. */
export interface LoanView {
  id: bigint;
  state: LoanState;
  stateName: string;
  frozen: boolean;
  enterprise: Address;
  operator: Address;
  amount: bigint;
  minRaise: bigint;
  raised: bigint;
  rateBps: number;
  method: RepaymentMethod;
  methodName: string;
  instalments: number;
  periodLength: number;
  fundingPeriod: number;
  fundingDeadline: number;
  startedAt: number;
  riskGrade: number;
  feeBps: number;
  accounts: {
    escrow: bigint;
    principal: bigint;
    repaid: bigint;
    distributed: bigint;
    claimed: bigint;
    closingAmount: bigint;
    bond: bigint;
    guaranteePaid: bigint;
    recovered: bigint;
    recoveryClaimed: bigint;
    guarantor: Address;
  };
}

export async function readLoan(client: PublicClient, loanBook: Address, id: bigint): Promise<LoanView> {
  const [loan, acc] = await Promise.all([
    client.readContract({ address: loanBook, abi: loanBookAbi, functionName: "getLoan", args: [id] }),
    client.readContract({ address: loanBook, abi: loanBookAbi, functionName: "getAccounts", args: [id] }),
  ]);
  return {
    id,
    state: loan.state as LoanState,
    stateName: nameOf(LoanState, loan.state),
    frozen: loan.frozen,
    enterprise: loan.enterprise,
    operator: loan.operator,
    amount: loan.terms.amount,
    minRaise: loan.terms.minRaise,
    raised: acc.raised,
    rateBps: loan.terms.rateBps,
    method: loan.terms.method as RepaymentMethod,
    methodName: nameOf(RepaymentMethod, loan.terms.method),
    instalments: loan.terms.instalments,
    periodLength: loan.terms.periodLength,
    fundingPeriod: loan.terms.fundingPeriod,
    fundingDeadline: loan.fundingDeadline,
    startedAt: loan.startedAt,
    riskGrade: loan.riskGrade,
    feeBps: loan.feeBps,
    accounts: {
      escrow: acc.escrow,
      principal: acc.principal,
      repaid: acc.repaid,
      distributed: acc.distributed,
      claimed: acc.claimed,
      closingAmount: acc.closingAmount,
      bond: acc.bond,
      guaranteePaid: acc.guaranteePaid,
      recovered: acc.recovered,
      recoveryClaimed: acc.recoveryClaimed,
      guarantor: acc.guarantor,
    },
  };
}

/** Every loan of the book, oldest first. */
export async function readLoans(client: PublicClient, loanBook: Address): Promise<LoanView[]> {
  const count = await client.readContract({ address: loanBook, abi: loanBookAbi, functionName: "loanCount" });
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  return Promise.all(ids.map((id) => readLoan(client, loanBook, id)));
}

/** The largest loan id accepted: the ledger index stores ids as signed 64-bit integers; the LoanBook counts from 1. */
export const MAX_LOAN_ID = 2n ** 63n - 1n;

/**
 * A loan id as typed on the command line or found in a URL: a positive whole number written plainly ("12", not
 * "012", "+12" or "1e1") and small enough for the index, else undefined.
 */
export function parseLoanId(text: string): bigint | undefined {
  if (!/^[1-9]\d{0,18}$/.test(text)) return undefined;
  const id = BigInt(text);
  return id <= MAX_LOAN_ID ? id : undefined;
}
