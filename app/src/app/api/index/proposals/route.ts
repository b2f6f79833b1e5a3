import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** The committee's proposals with their reasons: open; sort id. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("proposals");
