import { Role } from "@lib/enums";

/** Each role's workspace: the pages its navigation links to, in order. */
export const NAV: Partial<Record<Role, { href: string; label: string }[]>> = {
  [Role.Regulator]: [
    { href: "/regulator", label: "Dashboard" },
    { href: "/regulator/participants", label: "Admissions" },
    { href: "/regulator/loans", label: "Loans & freezes" },
    { href: "/regulator/policy", label: "Policy" },
    { href: "/regulator/committee", label: "Committee" },
    { href: "/regulator/notices", label: "Notices" },
    { href: "/regulator/ledger", label: "Ledger" },
    { href: "/regulator/audit", label: "Audit" },
  ],
  [Role.Operator]: [
    { href: "/operator", label: "Pipeline" },
    { href: "/operator/investors", label: "Investors" },
  ],
  [Role.Agency]: [
    { href: "/agency", label: "Service queue" },
    { href: "/agency/attestations", label: "Attestations" },
  ],
  [Role.Investor]: [
    { href: "/investor", label: "Recommended" },
    { href: "/investor/portfolio", label: "Portfolio" },
    { href: "/investor/preferences", label: "Preferences" },
  ],
  [Role.Enterprise]: [
    { href: "/enterprise", label: "My demands" },
    { href: "/enterprise/publish", label: "Publish a demand" },
    { href: "/enterprise/disclosures", label: "Disclosures" },
  ],
};

const APP_NAME = "smefin";

/** Pages outside the navigation, by path pattern: their title from the path's own parts. */
const DETAIL_PAGES: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^\/(?:enterprise|investor|operator)\/loans\/([^/]+)$/, (m) => `Loan ${m[1]}`],
  [/^\/agency\/requests\/([^/]+)$/, (m) => `Service request for loan ${m[1]}`],
  [/^\/regulator\/ledger\/block\/([^/]+)$/, (m) => `Block ${m[1]}`],
  [/^\/regulator\/ledger\/tx\/(0x[0-9a-fA-F]{6})[0-9a-fA-F]*([0-9a-fA-F]{4})$/, (m) => `Transaction ${m[1]}…${m[2]}`],
];

/** The document title of the page at `pathname`: what the page is first, then the app, so tabs tell pages apart. */
export function pageTitle(pathname: string): string {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return `${APP_NAME} · supervised SME financing`;
  for (const links of Object.values(NAV)) {
    const link = links?.find((l) => l.href === path);
    if (link) return `${link.label} · ${APP_NAME}`;
  }
  for (const [pattern, title] of DETAIL_PAGES) {
    const match = path.match(pattern);
    if (match) return `${title(match)} · ${APP_NAME}`;
  }
  return APP_NAME;
}
