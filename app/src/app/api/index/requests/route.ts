import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Services the operator asked of agencies: loans, agency; sort block, loan. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("requests");
