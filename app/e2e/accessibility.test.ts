/**
 * Every role's main pages on a phone and to assistive technology, in one pass to keep the suite short: each page is
 * loaded once at 390 px wide, where the document must be no wider than the screen, and axe-core checks it (serious
 * and critical findings fail the test). The main page of each role is also saved at desktop and phone width under
 * test-results/browser/.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import type { Page } from "playwright-core";
import { world } from "./hooks";
import { rolePages } from "./browser";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1360, height: 900 };
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Each role's account and its main pages; the first is the role's landing page, screenshotted at both widths. A
 * loan's page follows the page that links to it, so it is reached by a click.
 */
const ROLES: { account: string; role: string; pages: string[] }[] = [
  { account: "enterprise1", role: "enterprise", pages: ["/enterprise", "/enterprise/loans/1", "/enterprise/publish", "/enterprise/disclosures"] },
  { account: "rating", role: "agency", pages: ["/agency", "/agency/requests/12", "/agency/attestations"] },
  { account: "operator", role: "operator", pages: ["/operator", "/operator/loans/12", "/operator/investors"] },
  { account: "investor1", role: "investor", pages: ["/investor", "/investor/loans/9", "/investor/portfolio", "/investor/preferences"] },
  {
    account: "regulator",
    role: "regulator",
    pages: ["/regulator", "/regulator/participants", "/regulator/loans", "/regulator/policy", "/regulator/committee", "/regulator/notices", "/regulator/ledger", "/regulator/audit"],
  },
];

/**
 * Pages with a confirmation dialog (ConfirmAction, one component for every irreversible action): the button that
 * opens it. The dialog is checked open, at phone width, like the page, then left without acting.
 */
const DIALOGS: Record<string, string> = { "/regulator/loans": "Freeze" };

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Waits until the page has its heading and nothing on it says it is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator("h1").first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.page-loading, [aria-busy="true"]').length === 0, undefined, { polling: 100, timeout: 20_000 });
}

/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

const describeViolation = (path: string, v: Violation) =>
  `${path}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
    .slice(0, 5)
    .map((n) => `    ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`)
    .join("\n")}`;

describe("browser: every role's main pages fit a phone and pass axe-core", function () {
  this.timeout(180_000);
  const { as } = rolePages(() => world.browser!);

  it("the home page before connecting", async () => {
    const { page, shot } = await as("regulator", { connect: false, bypassCSP: true });
    await page.goto("/");
    await settled(page);
    await shot("home-desktop");
    await page.setViewportSize(PHONE);
    await shot("home-phone");
    const problems: string[] = [];
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > PHONE.width) problems.push(`/: the document is ${width} px wide at ${PHONE.width} px`);
    for (const v of await seriousViolations(page)) problems.push(describeViolation("/", v));
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  for (const { account, role, pages } of ROLES) {
    it(`the ${role}'s pages`, async () => {
      const { page, shot } = await as(account, { bypassCSP: true });
      const problems: string[] = [];
      const titles = new Map<string, string>();
      let title = "";
      for (const [i, path] of pages.entries()) {
        if (i === 0) {
          await page.waitForURL(`**${path}`);
          await settled(page);
          await shot(`${role}-desktop`);
          await page.setViewportSize(PHONE);
          await shot(`${role}-phone`);
        } else {
          // Through a link when the page has one (the navigation, a loan in a list), as people move, and faster than
          // loading the app anew.
          const link = page.locator(`a[href="${path}"]`).first();
          if ((await link.count()) > 0) await link.click();
          else await page.goto(path);
          await page.waitForURL(`**${path}`);
          await page.waitForFunction((previous) => document.title !== previous, title, { polling: 100 });
          await settled(page);
        }
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) problems.push(`${path}: the document is ${width} px wide at ${PHONE.width} px`);
        const headings = await page.locator("h1").count();
        if (headings !== 1) problems.push(`${path}: ${headings} <h1> elements`);
        title = await page.title();
        if (titles.has(title)) problems.push(`${path}: the same title as ${titles.get(title)} ("${title}")`);
        titles.set(title, path);
        for (const v of await seriousViolations(page)) problems.push(describeViolation(path, v));
        const opener = DIALOGS[path];
        if (opener) {
          await page.getByRole("button", { name: opener, exact: true }).first().click();
          const dialog = page.locator("dialog[open]");
          await dialog.waitFor();
          const right = await dialog.evaluate((d) => d.getBoundingClientRect().right);
          if (right > PHONE.width) problems.push(`${path}, ${opener} dialog: it reaches ${Math.round(right)} px at ${PHONE.width} px`);
          for (const v of await seriousViolations(page)) problems.push(describeViolation(`${path}, ${opener} dialog`, v));
          await dialog.getByRole("button", { name: "Keep things as they are" }).click();
          await dialog.waitFor({ state: "hidden" });
        }
      }
      await page.setViewportSize(DESKTOP);
      if (problems.length > 0) console.log(problems.join("\n"));
      expect(problems, problems.join("\n")).to.deep.equal([]);
    });
  }
});
