import { Role } from "@lib/enums";
import { toMatching } from "@lib/matching";
import { listRoute } from "@/server/indexLists";
import { readPreferences } from "@/server/preferences";

export const dynamic = "force-dynamic";

/** The signed-in investor's recommendations: every listed loan it may fund, ranked by lib/matching.ts with its saved preferences; paged with offset and limit (indexer/recommendations.ts). */
export const GET = listRoute("recommendations", (address, role) => (role === Role.Investor ? { preferences: toMatching(readPreferences(address)) } : {}));
