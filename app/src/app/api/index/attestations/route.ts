import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Attestations with their validity now: loan, enterprise, attester, kind, revoked; sort block, kind, period, expires. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("attestations");
