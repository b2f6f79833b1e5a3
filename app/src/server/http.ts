import { NextResponse, type NextRequest } from "next/server";
import type { Deployment } from "@lib/deployments";
import { deployment } from "./env";
import { sessionOf, type Session } from "./session";
import { standingOf, type Standing } from "./registry";
import { Role } from "@lib/enums";

/** JSON error answers with a sentence, and the guards every private route starts with. */

export const fail = (status: number, error: string) => NextResponse.json({ error }, { status });

export type Guarded<T> = { ok: true; value: T } | { ok: false; response: NextResponse };

export function requireDeployment(): Guarded<Deployment> {
  const d = deployment();
  return d ? { ok: true, value: d } : { ok: false, response: fail(503, "no deployment of the contracts for this network: deploy first") };
}

export function requireSession(request: NextRequest): Guarded<Session> {
  const s = sessionOf(request);
  return s ? { ok: true, value: s } : { ok: false, response: fail(401, "sign in with your wallet first") };
}

/** The session's account, active in the registry, in one of `roles` (checked on the chain at every call). */
export async function requireParticipant(request: NextRequest, roles: Role[]): Promise<Guarded<{ d: Deployment; session: Session; standing: Standing }>> {
  const d = requireDeployment();
  if (!d.ok) return d;
  const s = requireSession(request);
  if (!s.ok) return s;
  const standing = await standingOf(d.value, s.value.address);
  if (!standing.active) return { ok: false, response: fail(403, "your account is not an active participant") };
  if (!roles.includes(standing.role)) return { ok: false, response: fail(403, `a ${standing.roleName.toLowerCase()} may not do this`) };
  return { ok: true, value: { d: d.value, session: s.value, standing } };
}
