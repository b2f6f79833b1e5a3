import { listRoute } from "@/server/indexLists";

export const dynamic = "force-dynamic";

/** Loans a page at a time: state, enterprise, investor, agency, ids, maxGrade, frozen, search; sort id, amount, raised, rate, grade, deadline, published, state. Paged with offset and limit, sorted by sort and order (indexer/listApi.ts). */
export const GET = listRoute("loans");
