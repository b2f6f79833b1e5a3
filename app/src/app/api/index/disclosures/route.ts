import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Enterprises' operating disclosures (monthly revenue): enterprise, revoked; sort period, block. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("disclosures");
