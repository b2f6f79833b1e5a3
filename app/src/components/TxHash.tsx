"use client";
import Link from "next/link";
import { Role } from "@lib/enums";
import { useRole } from "@/hooks/useRole";
import { shortHash } from "@/lib/display";

/**
 * A transaction hash, shortened; for the regulator a link to the transaction in its ledger explorer (the only
 * explorer of the platform, which other roles may not open).
 */
export function TxHash({ hash }: { hash: string }) {
  const role = useRole();
  const text = <span className="mono">{shortHash(hash)}</span>;
  if (role.kind === "ready" && role.role === Role.Regulator)
    return (
      <Link href={`/regulator/ledger/tx/${hash}`} title={hash} aria-label={`transaction ${hash}`}>
        {text}
      </Link>
    );
  return <span title={hash}>{text}</span>;
}
