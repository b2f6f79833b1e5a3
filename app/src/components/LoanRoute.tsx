"use client";
import { useParams } from "next/navigation";
import type { ReactNode } from "react";
import { parseLoanId } from "@lib/loans";
import { useLoan, type LoanData } from "@/hooks/useLoans";
import { Notice } from "./Notice";

/** Reads the loan of the route's [id] and renders `children` with it, or a message for a bad or unknown id. */
export function LoanRoute({ children }: { children: (data: LoanData) => ReactNode }) {
  const params = useParams<{ id: string }>();
  const id = parseLoanId(params.id);
  const loan = useLoan(id);
  if (id === undefined) return <Notice tone="warn" title="Not a loan number">“{params.id}” is not a loan number.</Notice>;
  if (loan.isPending) return <div className="page-loading">Loading loan {String(id)} …</div>;
  if (loan.isError) return <Notice tone="error" title="The chain did not answer">{(loan.error as Error).message}</Notice>;
  if (!loan.data) return <Notice tone="warn" title={`No loan ${id}`}>The loan book has no loan with this number.</Notice>;
  return <>{children(loan.data)}</>;
}
