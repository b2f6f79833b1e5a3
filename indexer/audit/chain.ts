import type { PublicClient } from "viem";
import { depositTokenAbi, loanBookAbi, participantRegistryAbi } from "../../lib/generated/abis";
import type { Deployment } from "../../lib/deployments";
import { ACCOUNT_FIELDS, feeOf, heldFor, ZERO_ADDRESS, type MemoryStore } from "../ledger";
import type { Findings } from "./findings";

/**
 * The rebuilt ledger against the chain at the indexed head block: conservation of funds per loan and in total,
 * loan states, admissions and (unless `positions` is false) every investor position.
 */
export async function checkAgainstChain(
  client: PublicClient,
  deployment: Deployment,
  store: MemoryStore,
  headBlock: number,
  findings: Findings,
  options: { positions?: boolean } = {},
): Promise<void> {
  const blockNumber = BigInt(headBlock);
  const loanBook = deployment.contracts.LoanBook.address;
  const token = deployment.contracts.DepositToken.address;
  const registry = deployment.contracts.ParticipantRegistry.address;
  const read = <T>(address: `0x${string}`, abi: any, functionName: string, args: unknown[] = []) =>
    client.readContract({ address, abi, functionName, args, blockNumber }) as Promise<T>;

  // Conservation per loan.
  const loans = [...store.loans.values()];
  const onChain = await inChunks(loans, (l) =>
    Promise.all([read<any>(loanBook, loanBookAbi, "getAccounts", [BigInt(l.id)]), read<bigint>(loanBook, loanBookAbi, "heldFor", [BigInt(l.id)]), read<any>(loanBook, loanBookAbi, "getLoan", [BigInt(l.id)])]),
  );
  let totalHeld = 0n;
  let feesAccrued = 0n;
  loans.forEach((loan, i) => {
    const [accounts, held, chainLoan] = onChain[i];
    findings.check("conservation.loan");
    findings.check("ledger.state");
    const diff = ACCOUNT_FIELDS.filter((f) => BigInt(accounts[f]) !== loan[f]).map((f) => `${f}: events ${loan[f]}, chain ${accounts[f]}`);
    const guarantor = accounts.guarantor.toLowerCase() === ZERO_ADDRESS ? null : accounts.guarantor.toLowerCase();
    if (guarantor !== loan.guarantor) diff.push(`guarantor: events ${loan.guarantor}, chain ${guarantor}`);
    const rebuiltHeld = heldFor(loan);
    if (held !== rebuiltHeld) diff.push(`held: events ${rebuiltHeld}, chain heldFor ${held}`);
    if (diff.length) findings.error("conservation.loan", diff.join("; "), { loan: loan.id });
    if (Number(chainLoan.state) !== loan.state || chainLoan.frozen !== loan.frozen) {
      findings.error("ledger.state", `state ${loan.state}${loan.frozen ? " (frozen)" : ""} from events, ${chainLoan.state}${chainLoan.frozen ? " (frozen)" : ""} on chain`, { loan: loan.id });
    }
    totalHeld += rebuiltHeld;
    feesAccrued += feeOf(loan);
  });

  // Conservation in total.
  const [balance, supply, loanCount, owed, surplus] = await Promise.all([
    read<bigint>(token, depositTokenAbi, "balanceOf", [loanBook]),
    read<bigint>(token, depositTokenAbi, "totalSupply"),
    read<bigint>(loanBook, loanBookAbi, "loanCount"),
    read<bigint>(loanBook, loanBookAbi, "totalHeld"),
    read<bigint>(loanBook, loanBookAbi, "surplus"),
  ]);
  findings.check("conservation.total", 3);
  findings.check("conservation.surplus");
  const rebuiltBalance = store.balance(loanBook.toLowerCase());
  // Beyond its loans the LoanBook owes the operators' fees: every fee accrued at disbursement less every withdrawal.
  const feesOwed = feesAccrued - (store.movedByKind.get("loan.fee") ?? 0n);
  if (owed !== totalHeld + feesOwed || balance !== owed + surplus || rebuiltBalance !== balance) {
    findings.error(
      "conservation.total",
      `LoanBook owes ${owed} on chain, the events ${totalHeld + feesOwed} (loans' held amounts ${totalHeld} + fees not withdrawn ${feesOwed}); token balance on chain ${balance}, from Transfer events ${rebuiltBalance}; surplus ${surplus}`,
    );
  }
  if (surplus !== 0n) {
    findings.warning("conservation.surplus", `the LoanBook holds ${surplus} units beyond what it owes (sent to it directly); the regulator may sweep them`);
  }
  const rebuiltSupply = [...store.balances.values()].reduce((a, b) => a + b, 0n);
  if (rebuiltSupply !== supply) findings.error("conservation.total", `token supply on chain ${supply}, sum of balances from events ${rebuiltSupply}`);
  if (Number(loanCount) !== loans.length) findings.error("ledger.state", `${loanCount} loans on chain, ${loans.length} in the events`);

  // Admissions.
  const participants = [...store.participants.values()];
  const records = await inChunks(participants, (p) => read<any>(registry, participantRegistryAbi, "participant", [p.account]));
  participants.forEach((p, i) => {
    const c = records[i];
    findings.check("ledger.state");
    const diff = (
      [
        ["role", p.role, Number(c.role)],
        ["status", p.status, Number(c.status)],
        ["agencyKinds", p.agencyKinds, Number(c.agencyKinds)],
        ["suitability", p.suitability, Number(c.suitability)],
        ["scale", p.scale, Number(c.scale)],
        ["expiresAt", p.expiresAt, Number(c.expiresAt)],
        ["admittedAt", p.admittedAt, Number(c.admittedAt)],
      ] as const
    ).filter(([, a, b]) => a !== b);
    if (diff.length) findings.error("ledger.state", `admission differs: ${diff.map(([f, a, b]) => `${f}: events ${a}, chain ${b}`).join("; ")}`, { participant: p.account });
  });

  // Investor positions.
  if (options.positions === false) return;
  const positions = [...store.positions.values()];
  const chainPositions = await inChunks(positions, (p) => read<any>(loanBook, loanBookAbi, "getPosition", [BigInt(p.loanId), p.investor]));
  positions.forEach((p, i) => {
    const c = chainPositions[i];
    findings.check("ledger.state");
    if (BigInt(c.contributed) !== p.contributed || BigInt(c.claimed) !== p.claimed || c.refunded !== p.refunded) {
      findings.error("ledger.state", `position of ${p.investor}: events ${p.contributed}/${p.claimed}/${p.refunded}, chain ${c.contributed}/${c.claimed}/${c.refunded} (contributed/claimed/refunded)`, {
        loan: p.loanId,
        participant: p.investor,
      });
    }
  });
}

/** Runs `read` over items a chunk at a time, so that a big ledger does not open thousands of requests at once. */
async function inChunks<T, R>(items: T[], read: (item: T) => Promise<R>, size = 500): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(read))));
  return out;
}
