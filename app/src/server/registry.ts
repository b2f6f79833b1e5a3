import "server-only";
import { getAddress, type Address, type Hex } from "viem";
import { Role, Status, nameOf } from "@lib/enums";
import type { Deployment } from "@lib/deployments";
import { contractsOf } from "./env";

/**
 * Registry checks the app server makes on every request that reads something private: the chain, not the
 * session, says who an account is and whether it may still act.
 */

export interface Standing {
  address: Address;
  role: Role;
  roleName: string;
  status: Status;
  active: boolean;
  /** The registry's record of the account, as plain numbers. */
  participant: { role: number; status: number; agencyKinds: number; suitability: number; scale: number; admittedAt: number; expiresAt: number };
}

export async function standingOf(d: Deployment, address: Address): Promise<Standing> {
  const { registry } = contractsOf(d);
  const [p, active] = await Promise.all([registry.read.participant([address]), registry.read.isActive([address])]);
  const participant = {
    role: Number(p.role),
    status: Number(p.status),
    agencyKinds: Number(p.agencyKinds),
    suitability: Number(p.suitability),
    scale: Number(p.scale),
    admittedAt: Number(p.admittedAt),
    expiresAt: Number(p.expiresAt),
  };
  return { address, role: p.role as Role, roleName: nameOf(Role, p.role), status: p.status as Status, active, participant };
}

/** How long a standing read for the relay may be reused: a suspension reaches the relay within this time. */
export const STANDING_CACHE_MS = 3_000;
const standings = new Map<string, { at: number; standing: Promise<Standing> }>();

/** standingOf, shared by the requests of STANDING_CACHE_MS (the relay asks at every call). */
export function recentStandingOf(d: Deployment, address: Address): Promise<Standing> {
  const key = `${d.chainId}:${address}`;
  const hit = standings.get(key);
  if (hit && Date.now() - hit.at < STANDING_CACHE_MS) return hit.standing;
  if (standings.size > 10_000) standings.clear();
  const standing = standingOf(d, address);
  standings.set(key, { at: Date.now(), standing });
  standing.catch(() => standings.delete(key));
  return standing;
}

export type Decision = { allowed: true; standing: Standing } | { allowed: false; reason: string };

/** Whether `address` may read the documents of demand `id`: its enterprise, an agency it was referred to, the operator or the regulator, each active. */
export async function mayReadDemandDocuments(d: Deployment, address: Address, id: bigint): Promise<Decision> {
  const standing = await standingOf(d, address);
  if (!standing.active) return { allowed: false, reason: `${address} is not an active participant` };
  if (standing.role === Role.Regulator || standing.role === Role.Operator) return { allowed: true, standing };
  const { loanBook } = contractsOf(d);
  if (standing.role === Role.Enterprise) {
    const loan = await loanBook.read.getLoan([id]);
    if (getAddress(loan.enterprise) === getAddress(address)) return { allowed: true, standing };
    return { allowed: false, reason: "only the enterprise that published this demand may read its documents" };
  }
  if (standing.role === Role.Agency) {
    const requests = await loanBook.getEvents.ServiceRequested({ id, agency: address }, { fromBlock: BigInt(d.contracts.LoanBook.blockNumber), toBlock: "latest" });
    if (requests.length > 0) return { allowed: true, standing };
    return { allowed: false, reason: "this agency was not asked for any service on this demand" };
  }
  return { allowed: false, reason: `a ${standing.roleName.toLowerCase()} may not read demand documents` };
}

/** The metadata hash a demand was published with (from its LoanPublished event). */
export async function metadataHashOf(d: Deployment, id: bigint): Promise<Hex | undefined> {
  const logs = await contractsOf(d).loanBook.getEvents.LoanPublished({ id }, { fromBlock: BigInt(d.contracts.LoanBook.blockNumber), toBlock: "latest" });
  return logs[0]?.args.metadataHash;
}

/** The enterprise that published demand `id`. */
export async function enterpriseOf(d: Deployment, id: bigint): Promise<Address> {
  const loan = await contractsOf(d).loanBook.read.getLoan([id]);
  return getAddress(loan.enterprise);
}
