import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** The platform's totals: loans and amounts by state, participants by role and status (indexer/listApi.ts). */
export const GET = listRoute("summary");
