import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Reasons and supervision notices in words with the hashes recorded beside them: loan, accounts; sort block. Paged with offset and limit (indexer/listApi.ts). */
export const GET = listRoute("reasons");
