import { AttestationKind, LoanState, Role, Status, nameOf } from "../../lib/enums";
import { accountSubject, kindName, kindsOfMask, loanSubject } from "../../lib/attestations";
import { gradeOf, isRating, UNRATED_GRADE } from "../../lib/risk";
import type { LedgerEventOf } from "../decode";
import { num, type MemoryStore } from "../ledger";
import type { Findings } from "./findings";

/**
 * listing.policy and listing.attestations, checked at each LoanListed against the ledger as it stood just
 * before that event: the policy of the last PolicySet, the admissions as the registry events left them, the
 * attestations and revocations recorded so far. Also keeps each enterprise's outstanding principal the way
 * the LoanBook's `outstandingOf` does, to check the enterprise cap.
 */
export class ListingRules {
  private readonly outstanding = new Map<string, bigint>();

  constructor(
    private readonly store: MemoryStore,
    private readonly findings: Findings,
  ) {}

  onListed(e: LedgerEventOf<"LoanBook", "LoanListed">): void {
    const id = num(e.args.id);
    const loan = this.store.loan(id);
    const f = this.findings;
    if (!loan) return; // reported by the replay
    const at = `block ${e.blockNumber}`;
    const policy = this.store.policy;
    f.check("listing.policy");
    f.check("listing.attestations");
    if (!policy) {
      f.error("listing.policy", `listed at ${at} before any policy was set`, { loan: id });
      return;
    }
    const feeBps = e.args.feeBps;
    if (loan.rateBps > policy.rateCapBps) f.error("listing.policy", `rate ${loan.rateBps} bps above the cap ${policy.rateCapBps} bps in force at ${at}`, { loan: id });
    if (feeBps > policy.feeCapBps) f.error("listing.policy", `fee ${feeBps} bps above the cap ${policy.feeCapBps} bps in force at ${at}`, { loan: id });
    const enterprise = this.store.participant(loan.enterprise);
    if (!enterprise || enterprise.role !== Role.Enterprise || enterprise.status !== Status.Active || e.blockTime >= enterprise.expiresAt) {
      f.error("listing.policy", `enterprise ${loan.enterprise} not an active admitted enterprise at ${at}`, { loan: id, participant: loan.enterprise });
    }
    const outstanding = this.outstanding.get(loan.enterprise) ?? 0n;
    if (outstanding + loan.amount > policy.enterpriseCap) {
      f.error("listing.policy", `enterprise outstanding ${outstanding} + ${loan.amount} above the cap ${policy.enterpriseCap} at ${at}`, { loan: id, participant: loan.enterprise });
    }
    this.outstanding.set(loan.enterprise, outstanding + loan.amount);

    const loanSubj = loanSubject(id);
    const enterpriseSubj = accountSubject(loan.enterprise);
    let covered = 0;
    let worstRating = 0;
    for (const uid of e.args.attestations) {
      const a = this.store.attestation(uid);
      const bad = (why: string) => f.error("listing.attestations", `attestation ${uid} ${why} at ${at}`, { loan: id, attestation: uid });
      if (!a) {
        bad("was never recorded");
        continue;
      }
      if (a.kind > AttestationKind.Audit) bad(`is of kind ${nameOf(AttestationKind, a.kind)}, not an agency service`);
      if (a.subject !== loanSubj && a.subject !== enterpriseSubj) bad(`is about ${a.subject}, neither the loan nor its enterprise`);
      if (a.revokedBlock !== null) bad(`was revoked at block ${a.revokedBlock}`);
      if (a.expiresAt !== 0 && e.blockTime >= a.expiresAt) bad(`expired at ${a.expiresAt}`);
      const author = this.store.participant(a.attester);
      if (!author || author.role !== Role.Agency) bad(`has an author ${a.attester} who is not an admitted agency`);
      else {
        if (author.status !== Status.Active) bad(`has an author ${a.attester} in status ${nameOf(Status, author.status)}`);
        if (e.blockTime >= author.expiresAt) bad(`has an author ${a.attester} whose admission expired at ${author.expiresAt}`);
        if ((author.agencyKinds & (1 << a.kind)) === 0) bad(`has an author ${a.attester} not accredited for ${nameOf(AttestationKind, a.kind)}`);
      }
      covered |= 1 << a.kind;
      if (a.kind === AttestationKind.CreditRating) {
        if (!isRating(a.value)) bad(`carries no rating code (${a.value})`);
        else worstRating = Math.max(worstRating, Number(a.value));
      }
    }
    const missing = policy.requiredKinds & ~covered;
    if (missing !== 0) {
      f.error("listing.attestations", `listed at ${at} without the required kinds ${kindsOfMask(missing).map(kindName).join(", ")}`, { loan: id });
    }
    const grade = worstRating === 0 ? UNRATED_GRADE : gradeOf(worstRating);
    if (e.args.riskGrade !== grade) {
      f.error("listing.attestations", `risk grade ${e.args.riskGrade} recorded, ${grade} follows from the ratings presented at ${at}`, { loan: id });
    }
  }

  /** Follows LoanBook.outstandingOf through the state changes that release a listing's principal. */
  onStateChanged(e: LedgerEventOf<"LoanBook", "LoanStateChanged">): void {
    const loan = this.store.loan(num(e.args.id));
    if (!loan) return;
    const { from, to } = e.args;
    const release = (amount: bigint) => this.outstanding.set(loan.enterprise, (this.outstanding.get(loan.enterprise) ?? 0n) - amount);
    if (from === LoanState.Listed && (to === LoanState.UnderReview || to === LoanState.Failed || to === LoanState.Cancelled)) release(loan.amount);
    else if (from === LoanState.Funded && to === LoanState.Cancelled) release(loan.amount);
    else if (to === LoanState.Repaid) release(loan.principal);
  }

  onDisbursed(e: LedgerEventOf<"LoanBook", "Disbursed">): void {
    const loan = this.store.loan(num(e.args.id));
    if (loan) this.outstanding.set(loan.enterprise, (this.outstanding.get(loan.enterprise) ?? 0n) - (loan.amount - e.args.principal));
  }
}
