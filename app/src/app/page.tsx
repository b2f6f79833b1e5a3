"use client";
import Link from "next/link";
import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { Role } from "@lib/enums";
import { useRole, ROLE_PATHS } from "@/hooks/useRole";
import { RoleProblem } from "@/components/RoleGate";
import { Notice } from "@/components/Notice";

/** The entry: connect, and go to the workspace of the role the registry records for the account. */
export default function Home() {
  const role = useRole();
  const router = useRouter();
  const target = role.kind === "ready" ? ROLE_PATHS[role.role] : undefined;
  useEffect(() => {
    if (target) router.replace(target);
  }, [target, router]);
  return (
    <div className="home">
      <section className="hero">
        <h1>Financing for small enterprises, under supervision</h1>
        <p>
          Enterprises publish demands, accredited agencies attest, the operator lists, investors fund from their wallets into escrow, and the regulator
          sees every step. Connect the account you were admitted with: your workspace follows from your role.
        </p>
      </section>
      {role.kind === "ready" ? (
        target ? (
          <Notice title={`Opening the ${role.roleName.toLowerCase()} workspace …`}>
            <Link href={target}>Continue</Link>
          </Notice>
        ) : (
          <Notice tone="warn" title={`Admitted as ${role.roleName.toLowerCase()}`}>
            The custodian mints and burns the deposit token from the command line (`smefin custodian`); the app has no workspace for it.
          </Notice>
        )
      ) : (
        <RoleProblem state={role} />
      )}
    </div>
  );
}
