import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Repayments of some loans or of an enterprise's loans: loans, enterprise; sort block, loan. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("repayments");
