"use client";
import { useRef } from "react";
import type { Address } from "viem";
import { OWING_STATES } from "@lib/lifecycle";
import { useLoan, useLoans } from "@/hooks/useLoans";
import { RepayControls } from "./RepayControls";

/**
 * The loans an enterprise still owes on, with their repayment controls, for an enterprise whose admission is
 * suspended or expired: the loan book accepts repayment whatever the payer's status, so the app does too.
 */
export function OwedLoans({ enterprise }: { enterprise: Address }) {
  const loans = useLoans({ enterprise });
  // A loan stays listed once shown, so the payment that closes it keeps its confirmation on screen.
  const shown = useRef(new Set<string>());
  const mine = (loans.data ?? []).filter((l) => l.enterprise.toLowerCase() === enterprise.toLowerCase());
  for (const l of mine) if (OWING_STATES.includes(l.state)) shown.current.add(String(l.id));
  const owed = mine.filter((l) => shown.current.has(String(l.id)));
  if (loans.isPending) return <div className="page-loading">Reading your loans …</div>;
  if (owed.length === 0) return null;
  return (
    <div className="card" data-testid="owed-loans">
      <h2>Repaying your loans</h2>
      <p className="muted">Paying back a debt is never blocked: these loans accept repayment while your admission is inactive.</p>
      {owed.map((l) => (
        <OwedLoan key={String(l.id)} id={l.id} purpose={l.purpose} />
      ))}
    </div>
  );
}

function OwedLoan({ id, purpose }: { id: bigint; purpose?: string }) {
  const loan = useLoan(id);
  if (!loan.data) return null;
  return (
    <div className="owed-loan" data-loan={String(id)}>
      <h3>
        Loan {String(id)}
        {purpose ? ` · ${purpose}` : ""}
      </h3>
      <RepayControls {...loan.data} />
    </div>
  );
}
