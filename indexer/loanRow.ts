import { getAddress, zeroAddress, type Address, type Hex } from "viem";
import { LoanState, RepaymentMethod, nameOf, type BusinessScale } from "../lib/enums";
import type { LoanView } from "../lib/loans";
import type { LoanListRow } from "./lists";

/**
 * A loan row of the index (JSON: amounts as decimal strings, addresses in lower case) as code uses loans: amounts
 * as bigint, addresses checksummed, the shape of lib/loans.ts `LoanView` (and so of lib/matching.ts
 * `MatchableLoan`). The app's pages and the server's recommendations map rows the same way. Imports no server code,
 * so the browser bundles it.
 */

export interface LoanWithPurpose extends LoanView {
  purpose: string;
  metadataHash: Hex;
  scale: BusinessScale;
}

const address = (a: string | null): Address => (a ? getAddress(a) : zeroAddress);

export function loanOfRow(r: LoanListRow): LoanWithPurpose {
  return {
    id: BigInt(r.id),
    state: r.state as LoanState,
    stateName: nameOf(LoanState, r.state),
    frozen: r.frozen,
    enterprise: address(r.enterprise),
    operator: address(r.operator),
    amount: BigInt(r.amount),
    minRaise: BigInt(r.minRaise),
    raised: BigInt(r.raised),
    rateBps: r.rateBps,
    method: r.method as RepaymentMethod,
    methodName: nameOf(RepaymentMethod, r.method),
    instalments: r.instalments,
    periodLength: r.periodLength,
    fundingPeriod: r.fundingPeriod,
    fundingDeadline: r.fundingDeadline,
    startedAt: r.startedAt,
    riskGrade: r.riskGrade,
    feeBps: r.feeBps,
    accounts: {
      escrow: BigInt(r.escrow),
      principal: BigInt(r.principal),
      repaid: BigInt(r.repaid),
      distributed: BigInt(r.distributed),
      claimed: BigInt(r.claimed),
      closingAmount: BigInt(r.closingAmount),
      bond: BigInt(r.bond),
      guaranteePaid: BigInt(r.guaranteePaid),
      recovered: BigInt(r.recovered),
      recoveryClaimed: BigInt(r.recoveryClaimed),
      guarantor: address(r.guarantor),
    },
    purpose: r.purpose,
    metadataHash: r.metadataHash as Hex,
    scale: r.scale as BusinessScale,
  };
}
