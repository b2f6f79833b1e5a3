"use client";
import { isPresentedToInvestors } from "@lib/attestations";
import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { LoanState } from "@lib/enums";
import { TROUBLED_STATES, inStates } from "@lib/lifecycle";
import { parseTokenAmount } from "@lib/amount";
import { prepareFundWithPermit } from "@lib/actions/fund";
import { isSuitable } from "@lib/risk";
import { useDeployment } from "@/hooks/useDeployment";
import { useParticipantAddress } from "@/hooks/useAccount";
import { useRole } from "@/hooks/useRole";
import { useAttestations } from "@/hooks/useAttestations";
import { useRepayments } from "@/hooks/useRepayments";
import { useDisclosures } from "@/hooks/useDisclosures";
import { useLoans, type LoanData } from "@/hooks/useLoans";
import { useWrite } from "@/hooks/useWrite";
import { useContracts } from "@/hooks/useContracts";
import { LoanRoute } from "@/components/LoanRoute";
import { LoanFacts } from "@/components/LoanFacts";
import { AttestationTable } from "@/components/AttestationTable";
import { RepaymentHistory } from "@/components/RepaymentHistory";
import { LineChart } from "@/components/Charts";
import { TxStatus } from "@/components/TxStatus";
import { Notice } from "@/components/Notice";
import { LoanStanding, ScheduleTable } from "@/components/ScheduleTable";
import { LoanSupervision } from "@/components/RecordedReasons";
import { money, period } from "@/lib/display";

export default function InvestorLoanPage() {
  return <LoanRoute>{(data) => <InvestorLoan {...data} />}</LoanRoute>;
}

function InvestorLoan({ loan }: LoanData) {
  // The enterprise's demands on the platform (those an investor may see): its record beside this one.
  const loans = useLoans({ enterprise: loan.enterprise });
  const attestations = useAttestations({ loanId: loan.id, enterprise: loan.enterprise });
  const enterpriseLoans = loans.data?.filter((l) => l.enterprise === loan.enterprise);
  const repayments = useRepayments(enterpriseLoans?.map((l) => l.id));
  const disclosures = useDisclosures(loan.enterprise);
  const purpose = loans.data?.find((l) => l.id === loan.id)?.purpose;
  const history = enterpriseLoans ?? [];
  const closedWell = history.filter((l) => l.state === LoanState.Repaid).length;
  const troubled = history.filter((l) => inStates(TROUBLED_STATES, l.state)).length;
  return (
    <>
      <LoanFacts loan={loan} purpose={purpose} />
      <div className="grid2">
        <FundCard loan={loan} />
        <div className="card">
          <LineChart title="Enterprise monthly revenue (¥)" series={[{ name: "revenue", points: (disclosures.data ?? []).map((d) => ({ x: period(d.period), y: Number(d.revenue / 1_000_000n) })) }]} format={(v) => v.toLocaleString("en-US", { maximumFractionDigits: 0 })} />
        </div>
      </div>
      {loan.startedAt ? (
        <div className="card">
          <h2>Repayment schedule</h2>
          <LoanStanding loan={loan} />
          <ScheduleTable loan={loan} />
        </div>
      ) : null}
      <LoanSupervision loanId={loan.id} />
      <div className="card">
        <h2>Attestations presented</h2>
        <AttestationTable rows={attestations.data?.filter(isPresentedToInvestors)} />
      </div>
      <div className="card">
        <h2>The enterprise&apos;s record</h2>
        <p className="muted">
          {history.length} demand{history.length === 1 ? "" : "s"} on the platform: {closedWell} repaid in full, {troubled} late or in default.
        </p>
        <RepaymentHistory rows={repayments.data} empty="The enterprise has made no repayment on the platform yet." />
      </div>
    </>
  );
}

function FundCard({ loan }: { loan: LoanData["loan"] }) {
  const me = useParticipantAddress();
  const role = useRole();
  const contracts = useContracts();
  const { addresses } = useDeployment();
  const { state, run, busy } = useWrite();
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string>();
  const suitability = role.kind === "ready" ? role.participant.suitability : 0;
  const balance = useQuery({
    queryKey: ["balance", me],
    enabled: !!contracts,
    queryFn: () => contracts!.token.read.balanceOf([me]),
  });
  const position = useQuery({
    queryKey: ["position", loan.id.toString(), me],
    enabled: !!contracts,
    queryFn: () => contracts!.loanBook.read.getPosition([loan.id, me]),
  });
  const remaining = loan.amount - loan.raised;
  const unsuitable = loan.riskGrade > 0 && role.kind === "ready" && !isSuitable(suitability, loan.riskGrade);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const value = parseTokenAmount(amount);
    if (value === undefined || value === 0n) return setError("Enter an amount in yuan, e.g. 5000.");
    await run("Fund with permit", async ({ wallet, publicClient, send, step }) => {
      step("Sign the permit in your wallet (no transaction yet) …");
      const { call } = await prepareFundWithPermit(publicClient, { signer: wallet, loanBook: addresses.LoanBook, token: addresses.DepositToken, loanId: loan.id, amount: value });
      return send(call);
    });
  };
  return (
    <div className="card">
      <h2>Fund this loan</h2>
      <dl className="facts">
        <dt>Your balance</dt>
        <dd>{balance.data !== undefined ? money(balance.data) : "…"}</dd>
        <dt>Your contribution</dt>
        <dd>{position.data ? money(position.data.contributed) : "…"}</dd>
        <dt>Remaining to raise</dt>
        <dd>{money(remaining > 0n ? remaining : 0n)}</dd>
      </dl>
      {unsuitable ? (
        <Notice tone="warn" title="Above your suitability">This loan&apos;s risk grade is {loan.riskGrade}; your suitability level is {suitability || "not assessed"}. The loan book would refuse your funding.</Notice>
      ) : null}
      {loan.frozen ? <Notice tone="warn" title="Frozen by the regulator">No funding is accepted while the loan is frozen.</Notice> : null}
      {loan.state === LoanState.Listed && (loan.frozen || unsuitable) ? (
        <p className="muted" data-testid="funding-refused">Funding is not offered: {loan.frozen ? "the regulator has frozen this loan" : `its risk grade ${loan.riskGrade} is above your suitability level`}.</p>
      ) : loan.state === LoanState.Listed ? (
        <form className="row" onSubmit={submit} style={{ marginTop: 12 }}>
          <label className="field">
            Amount to fund (¥)
            <input name="fundAmount" inputMode="decimal" placeholder="e.g. 5000" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
          <button className="btn primary" disabled={busy}>Fund with permit</button>
          {error ? <span className="field-error">{error}</span> : null}
        </form>
      ) : (
        <p className="muted">Funding is open only while the loan is listed.</p>
      )}
      <p className="muted" style={{ fontSize: 12 }}>One signature (an ERC-2612 permit) and one transaction: the tokens go straight into the loan&apos;s escrow.</p>
      <TxStatus state={state} />
    </div>
  );
}
