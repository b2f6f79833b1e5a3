import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** The book's totals by state over the loans the caller may list; participants by role and status for the regulator and operator (indexer/listApi.ts). */
export const GET = listRoute("summary");
