import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Admitted accounts with their standing: role, status, search; sort admitted, account, expires, role. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("participants");
