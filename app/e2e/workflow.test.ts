/**
 * The seven steps through the UI, one account per role, in Chromium against the seeded test chain; then the
 * regulator's workspace and the bad paths. Screenshots go to test-results/browser/.
 */
import { expect } from "chai";
import type { Page } from "playwright-core";
import { world } from "./hooks";
import { answerConfirmation, rolePages } from "./browser";
import { startAppServer } from "./environment";

/** Waits for the write labelled `label` to end, and answers its phase and text. */
async function outcome(page: Page, label: string): Promise<{ phase: string; text: string }> {
  const box = page.locator(".tx", { hasText: `${label}:` }).last();
  await box.and(page.locator('[data-phase="confirmed"], [data-phase="failed"]')).waitFor({ timeout: 60_000 });
  return { phase: (await box.getAttribute("data-phase"))!, text: await box.innerText() };
}

async function confirmed(page: Page, label: string): Promise<void> {
  const { phase, text } = await outcome(page, label);
  expect(phase, text).to.equal("confirmed");
}

describe("browser: the seven steps, one account per role", function () {
  this.timeout(180_000);
  let loanId: string;
  const { pages, as } = rolePages(() => world.browser!);

  it("1. the enterprise publishes a demand with a document hashed in the browser", async () => {
    const { page, shot } = await as("enterprise1");
    await page.waitForURL("**/enterprise");
    await page.getByRole("link", { name: "Publish a demand" }).first().click();
    await page.getByRole("button", { name: "Publish demand" }).click();
    await expect(await page.getByText("Correct the marked fields.").isVisible()).to.equal(true);
    await page.fill('input[name="amount"]', "50000");
    await page.fill('input[name="minRaise"]', "30000");
    await page.fill('input[name="rate"]', "25");
    await page.fill('input[name="instalments"]', "6");
    await page.fill('input[name="purpose"]', "Cold-storage room for the autumn tea harvest");
    await page.getByText("The regulator caps rates at 12.00%").waitFor();
    await page.fill('input[name="rate"]', "8");
    await page.fill('textarea[name="innovation"]', "Low-oxygen storage keeps green tea fresh for nine months.");
    await page.setInputFiles('input[name="documents"]', { name: "cold-storage-quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 quote for a 40 m3 cold room") });
    await shot("1-enterprise-publish-form");
    await page.getByRole("button", { name: "Publish demand" }).click();
    await page.waitForURL(/\/enterprise\/loans\/\d+$/, { timeout: 60_000 });
    loanId = page.url().split("/").pop()!;
    await page.getByText("Waiting for the operator to open the review.").waitFor();
    await page.getByTestId("documents").getByText("cold-storage-quote.pdf").waitFor();
    await shot("1-enterprise-published");
  });

  it("2. the operator opens the review and requests a credit rating", async () => {
    const { page, shot } = await as("operator");
    await page.waitForURL("**/operator");
    await page.locator(`.column[data-column="Published"] .tile[data-loan="${loanId}"]`).waitFor();
    await shot("2-operator-pipeline");
    await page.locator(`.tile[data-loan="${loanId}"]`).click();
    await page.getByRole("button", { name: "Open review" }).click();
    await confirmed(page, "Open review");
    await page.locator('select[name="agency"]').selectOption({ label: "Eastern Star Credit Rating (Credit rating)" });
    await page.getByRole("button", { name: "Request", exact: true }).click();
    await confirmed(page, "Request service");
    await page.getByRole("cell", { name: "Eastern Star Credit Rating" }).waitFor();
    await shot("2-operator-review");
  });

  it("3. the agency reads the documents and attests a credit rating in one transaction", async () => {
    const { page, shot } = await as("rating");
    await page.waitForURL("**/agency");
    const row = page.locator(`tr[data-loan="${loanId}"]`);
    await row.getByText("Pending").waitFor();
    await shot("3-agency-queue");
    await row.getByRole("link").click();
    await page.getByTestId("documents").getByText("cold-storage-quote.pdf").waitFor();
    expect(await page.getByTestId("sign-in").count(), "no second sign-in for the documents").to.equal(0);
    await page.locator('select[name="rating"]').selectOption("A");
    await page.fill('textarea[name="report"]', "Stable cash flow from tea sales; low leverage; rated A.");
    await page.getByRole("button", { name: "Attest", exact: true }).click();
    await confirmed(page, "Attest");
    const attested = page.locator("tr", { hasText: "Credit rating" }).filter({ hasText: "Eastern Star" });
    await attested.getByText("Valid").waitFor();
    expect(await attested.getByText("relayed by").count(), "sent by the agency itself").to.equal(0);
    await shot("3-agency-attested");
    expect(pages.at(-1)!.messagesSigned(), "one sign-in: connecting").to.equal(1);
    expect(pages.at(-1)!.typedDataSigned(), "no signature besides the transaction").to.equal(0);
  });

  it("4. the operator lists the demand presenting the valid attestations", async () => {
    const { page, shot } = await as("operator");
    await page.goto(`/operator/loans/${loanId}`);
    const list = page.getByRole("button", { name: "List with 2 attestations" });
    await list.waitFor();
    await shot("4-operator-list");
    await list.click();
    await confirmed(page, "List demand");
    await page.locator(".badge", { hasText: "Listed" }).first().waitFor();
  });

  it("5. the investor saves preferences and is pushed the loan; the loan page shows attestations and the enterprise's record", async () => {
    const { page, shot } = await as("investor3");
    await page.waitForURL("**/investor");
    await page.goto("/investor/preferences");
    await page.locator('select[name="maxRiskGrade"]').selectOption("3");
    await page.getByRole("checkbox", { name: "Micro" }).check();
    await page.getByRole("checkbox", { name: "Small" }).check();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Preferences saved").waitFor();
    await page.getByRole("link", { name: "Recommended" }).click();
    const row = page.locator(`tr[data-loan="${loanId}"]`);
    await row.waitFor();
    await shot("5-investor-recommended");
    await row.getByRole("link").click();
    await page.locator("tr", { hasText: "Credit rating" }).getByText("A", { exact: true }).waitFor();
    await page.getByText(/repaid in full/).waitFor();
    // The record's rows arrive after the loan's own data: wait for the first one rather than count too early.
    await page.locator(".card", { hasText: "The enterprise's record" }).locator("tbody tr").first().waitFor();
    expect(await page.locator(".card", { hasText: "The enterprise's record" }).locator("tbody tr").count()).to.be.greaterThan(0);
    await shot("5-investor-loan");
  });

  it("6. the investor funds with a permit: one signature, one transaction", async () => {
    const { page, shot } = pages.at(-1)!;
    await page.fill('input[name="fundAmount"]', "50,000");
    await page.getByRole("button", { name: "Fund with permit" }).click();
    await confirmed(page, "Fund with permit");
    await page.locator(".badge", { hasText: "Funded" }).first().waitFor();
    await shot("6-investor-funded");
    expect(pages.at(-1)!.messagesSigned(), "one sign-in for preferences, reads and funding").to.equal(1);
  });

  it("7. the enterprise draws the funds and pays the first instalment; the investor claims its share", async () => {
    const enterprise = await as("enterprise1");
    await enterprise.page.goto(`/enterprise/loans/${loanId}`);
    await enterprise.page.getByRole("button", { name: /^Draw / }).click();
    await confirmed(enterprise.page, "Draw funds");
    await enterprise.page.getByTestId("next-due").getByText("instalment 1").waitFor();
    await enterprise.page.getByRole("button", { name: /^Pay / }).click();
    await confirmed(enterprise.page, "Pay instalment");
    await enterprise.page.locator("tbody tr").first().getByText("Paid").waitFor();
    await enterprise.shot("7-enterprise-repaid");

    const investor = await as("investor3");
    await investor.page.goto("/investor/portfolio");
    const row = investor.page.locator(`tr[data-loan="${loanId}"]`);
    await row.getByRole("button", { name: /^Claim / }).click();
    await confirmed(investor.page, "Claim");
    await investor.shot("7-investor-portfolio");
  });
});

describe("browser: the regulator's workspace and the bad paths", function () {
  this.timeout(180_000);
  const { pages, as } = rolePages(() => world.browser!);

  it("the regulator signs in with a development account and sees the dashboard", async () => {
    const { page, shot } = await as("regulator", { connect: false });
    await page.goto("/");
    await page.getByTestId("dev-account").selectOption("regulator");
    await page.getByTestId("connect-dev").click();
    await page.waitForURL("**/regulator");
    await page.getByText("Loans by state", { exact: true }).waitFor();
    // Every page says how fresh its lists are: the index's block and how long ago it was brought up to date.
    expect(await page.getByTestId("index-freshness").textContent()).to.match(/^Lists as of block \d+, updated \d+ (s|min) ago$/);
    await shot("8-regulator-dashboard");
    // The development account signed the sign-in message in the page: one click, no sign-in card.
    expect(await page.getByTestId("sign-in").count()).to.equal(0);
  });

  it("the regulator freezes a listed loan, suspends an investor and publishes a notice", async () => {
    const { page, shot } = pages[0];
    await page.getByRole("link", { name: "Loans & freezes" }).click();
    const freeze = page.locator('tr[data-loan="9"]').getByRole("button", { name: "Freeze" });
    // The dialog says what will happen; keeping things as they are changes nothing, and a reason is required.
    await freeze.click();
    await answerConfirmation(page, { says: ["Freeze loan 9?", "takes no new funding and pays nothing out", "¥50,000.00"], cancel: true });
    expect(await page.locator('tr[data-loan="9"]').getByText("Frozen", { exact: true }).count()).to.equal(0);
    await freeze.click();
    await page.locator("dialog[open]").getByRole("button", { name: "Freeze loan 9" }).click();
    await page.locator("dialog[open]").getByText("Write the reason in words").waitFor();
    await answerConfirmation(page, { reason: "Examination of the tea-drying order: supplier contract to be verified." });
    await confirmed(page, "Freeze loan 9");
    await page.locator('tr[data-loan="9"]').getByText("Frozen", { exact: true }).waitFor();
    await shot("8-regulator-loans");

    await page.getByRole("link", { name: "Admissions" }).click();
    const investor8 = page.locator("tr", { hasText: "Xu Ling" });
    await investor8.getByRole("button", { name: "Suspend" }).click();
    await answerConfirmation(page, { says: ["can no longer act on the platform"], reason: "KYC file under review: identity documents expired." });
    await confirmed(page, "Suspend");
    await investor8.getByText("Suspended", { exact: true }).waitFor();
    // The reason, in words, with the check against the hash the ledger recorded.
    await investor8.getByText("KYC file under review: identity documents expired.").waitFor();
    await investor8.getByRole("button", { name: "Check against the ledger" }).click();
    await investor8.getByTestId("reason-check").getByText(/^Matches:/).waitFor();
    await shot("8-regulator-admissions");

    await page.getByRole("link", { name: "Notices" }).click();
    await page.fill('input[name="subject"]', "9");
    await page.locator('select[name="severity"]').selectOption("2");
    await page.fill('textarea[name="notice"]', "Loan 9 frozen while the supplier contract is verified.");
    await page.getByRole("button", { name: "Publish" }).click();
    await confirmed(page, "Publish notice");
    await page.getByTestId("reason-text").getByText("Loan 9 frozen while the supplier contract is verified.").waitFor();
    await page.getByRole("link", { name: "Policy" }).click();
    await page.locator('input[name="rateCap"]').waitFor();
    expect(await page.locator('input[name="rateCap"]').inputValue()).to.equal("12");
    await shot("8-regulator-policy");
  });

  it("an unsuitable investor is not offered funding, with the reason in words", async () => {
    const { page, shot } = await as("investor1");
    await page.waitForURL("**/investor");
    await page.goto("/investor/loans/10");
    await page.getByText("Above your suitability", { exact: true }).waitFor();
    await page.getByTestId("funding-refused").getByText("its risk grade 3 is above your suitability level").waitFor();
    expect(await page.getByRole("button", { name: "Fund with permit" }).count()).to.equal(0);
    await shot("9-unsuitable-investor");
  });

  it("a frozen loan is not offered for funding", async () => {
    const { page, shot } = await as("investor3");
    await page.waitForURL("**/investor");
    await page.goto("/investor/loans/9");
    await page.getByText("Frozen by the regulator").waitFor();
    // Investors read the regulator's words on the loan they consider: the freeze's reason and the notice.
    const supervision = page.getByTestId("loan-supervision");
    await supervision.getByText("Examination of the tea-drying order: supplier contract to be verified.").waitFor();
    await supervision.getByText("Loan 9 frozen while the supplier contract is verified.").waitFor();
    await page.getByTestId("funding-refused").getByText("the regulator has frozen this loan").waitFor();
    expect(await page.getByRole("button", { name: "Fund with permit" }).count()).to.equal(0);
    await shot("9-frozen-no-funding");
  });

  it("a frozen loan accepts repayment", async () => {
    const { page, shot } = await as("enterprise5");
    await page.waitForURL("**/enterprise");
    await page.goto("/enterprise/loans/3");
    await page.getByText("The regulator has frozen this loan").waitFor();
    // The late loan in plain view: overdue instalments with days late, the amount that cures them, when default
    // becomes possible, and the chain's today.
    const standing = page.getByTestId("loan-standing");
    await standing.getByTestId("chain-today").waitFor();
    await standing.getByTestId("default-from").waitFor();
    expect(await standing.getByTestId("arrears").innerText()).to.match(/^\d+ instalments? overdue, the oldest since \d{4}-\d\d-\d\d \(\d+ days? late\)\. Paying ¥[\d,]+\.\d\d brings the loan back on schedule\. It may be declared late from .* and in default from \d{4}-\d\d-\d\d/);
    expect(await page.locator('tr[data-status="overdue"]').count()).to.be.greaterThan(0);
    expect(await page.locator('tr[data-status="overdue"]').first().innerText()).to.match(/Overdue \d+ days? late/);
    expect(await page.getByTestId("next-due").innerText()).to.match(/instalments? overdue \(\d+ days? late\)/);
    await page.getByTestId("loan-supervision").getByText(/^Examination of the logistics loan after missed instalments/).waitFor();
    await page.getByRole("button", { name: /^Pay / }).click();
    await confirmed(page, "Pay instalment");
    await shot("9-frozen-repayment");
  });

  it("a suspended enterprise can still repay: the regulator suspends it, its loans still take repayment", async () => {
    const regulator = pages[0];
    await regulator.page.getByRole("link", { name: "Admissions" }).click();
    const row = regulator.page.locator("tr", { hasText: "Chengdu Cloud Kitchen" });
    await row.getByRole("button", { name: "Suspend" }).click();
    await answerConfirmation(regulator.page, { reason: "Business licence renewal overdue by three months." });
    await confirmed(regulator.page, "Suspend");
    await row.getByText("Suspended", { exact: true }).waitFor();

    const { page, shot } = await as("enterprise3");
    await page.getByText("Your admission is suspended").waitFor();
    const owed = page.locator('[data-testid="owed-loans"] [data-loan="2"]');
    const repayAll = owed.getByRole("button", { name: /^Repay all/ });
    const amount = /\((¥[\d,.]+)\)/.exec(await repayAll.innerText())![1];
    await repayAll.click();
    await answerConfirmation(page, { says: [`${amount} leaves your account now`, "closes loan 2"] });
    await confirmed(page, "Repay in full");
    await shot("10-suspended-enterprise-repays");
    await owed.getByText("Nothing more is owed on this loan.").waitFor();
  });

  it("a suspended account, an unadmitted one and a visit to another role's workspace each get a clear message", async () => {
    const suspended = await as("investor8");
    await suspended.page.getByText("Your admission is suspended").waitFor();
    // The account reads why, in the regulator's words, though its admission is not active.
    await suspended.page.getByTestId("reason-text").getByText("KYC file under review: identity documents expired.").waitFor();
    await suspended.shot("10-suspended");
    const stranger = await as(35);
    await stranger.page.getByText("This account is not admitted").waitFor();
    const investor = await as("investor3");
    await investor.page.waitForURL("**/investor");
    await investor.page.goto("/regulator");
    await investor.page.getByText("This is the regulator workspace").waitFor();
    await investor.shot("10-wrong-workspace");
  });

  it("a wallet on another chain is told to switch network", async () => {
    const { page, shot } = await as("investor3", { chainId: 1 });
    await page.getByText("Wrong network").waitFor();
    await page.getByText("Your wallet is on chain 1; this platform runs on chain 31337.").waitFor();
    await shot("10-wrong-network");
  });

  it("an app server without a deployment says so instead of a blank page", async () => {
    const server = await startAppServer({ port: 3101, network: "nowhere" });
    try {
      const response = await fetch("http://127.0.0.1:3101/api/deployment");
      expect(response.status).to.equal(503);
      expect((await response.json()).error).to.match(/no contracts are deployed for network "nowhere"/);
      const { page, shot } = await as("investor3", { connect: false, baseURL: "http://127.0.0.1:3101" });
      await page.goto("/");
      await page.getByText("No deployment").waitFor();
      await shot("10-no-deployment");
    } finally {
      await server.stop();
    }
  });
});

describe("browser: guarantees, revocations and disclosures", function () {
  this.timeout(180_000);
  const { as } = rolePages(() => world.browser!);

  it("the guarantor attests a guarantee, posts its bond and revokes the attestation", async () => {
    const operator = await as("operator");
    await operator.page.goto("/operator/loans/12");
    await operator.page.locator('select[name="agency"]').selectOption({ label: "Provincial SME Financing Guarantee Co. (Guarantee)" });
    await operator.page.getByRole("button", { name: "Request", exact: true }).click();
    await confirmed(operator.page, "Request service");

    const { page, shot } = await as("guarantor");
    await page.goto("/agency/requests/12");
    await page.fill('input[name="amount"]', "45000");
    await page.fill('textarea[name="report"]', "Guarantee of ¥45,000 against the warehouse equipment.");
    await page.getByRole("button", { name: "Attest", exact: true }).click();
    await confirmed(page, "Attest");
    await page.fill('input[name="bond"]', "45000");
    await page.getByRole("button", { name: "Post bond" }).click();
    await confirmed(page, "Post guarantee bond");
    await page.getByText("Bond now: ¥45,000.00").waitFor();
    const guarantee = page.locator("tr", { hasText: "covers ¥45,000" });
    await guarantee.getByRole("button", { name: "Revoke" }).click();
    await answerConfirmation(page, { says: ["Irreversible"], reason: "Coverage restructured: replaced by a new guarantee." });
    await confirmed(page, "Revoke attestation");
    await guarantee.getByText("Revoked", { exact: true }).waitFor();
    await shot("11-guarantor-bond-revoked");
  });

  it("the enterprise discloses a month's revenue and sees it on its chart", async () => {
    const { page, shot } = await as("enterprise1");
    await page.waitForURL("**/enterprise");
    await page.getByRole("link", { name: "Disclosures" }).click();
    await page.fill('input[name="month"]', "2027-06");
    await page.fill('input[name="revenue"]', "61000");
    await page.getByRole("button", { name: "Record disclosure" }).click();
    await confirmed(page, "Disclose revenue");
    await page.locator("tr", { hasText: "2027-06" }).getByText("¥61,000.00").waitFor();
    await shot("11-enterprise-disclosures");
  });
});
