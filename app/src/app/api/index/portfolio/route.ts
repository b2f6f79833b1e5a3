import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Investors' positions with their loans and what is claimable: investor, loan, state; sort loan, contributed, claimed, state. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("portfolio");
