/**
 * The supervisory committee in the browser: a regulator proposes a policy change, a second member approves it,
 * every participant sees it coming with its effective date, and once the notice period is over a member executes
 * it; resuming a paused platform goes the same way without notice. Screenshots go to test-results/browser/.
 */
import { expect } from "chai";
import type { Page } from "playwright-core";
import { world } from "./hooks";
import { answerConfirmation, rolePages } from "./browser";
import { advanceChainTime, publicClient, testDeployment } from "./chain";
import { supervisoryCommitteeAbi } from "../../lib/generated/abis";

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

/** The id of the proposal the page just created, from its "Proposal N created" message. */
async function createdProposal(page: Page): Promise<bigint> {
  const created = page.getByTestId("proposal-created").last();
  await created.waitFor();
  expect(await created.innerText()).to.match(/^Proposal \d+ created; needs 2 approvals/);
  return BigInt((await created.getAttribute("data-proposal"))!);
}

async function committeeRead<T>(functionName: "getProposal" | "noticePeriod", args: readonly unknown[] = []): Promise<T> {
  const address = testDeployment().contracts.SupervisoryCommittee.address;
  return (await publicClient().readContract({ address, abi: supervisoryCommitteeAbi, functionName, args } as never)) as T;
}

const utc = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";

describe("browser: the supervisory committee", function () {
  this.timeout(180_000);
  const { as } = rolePages(() => world.browser!);
  let id: bigint;
  let newLpr: string;

  it("a regulator proposes a policy change, told the notice period, and finds it pending on the committee page", async () => {
    const { page, shot } = await as("regulator");
    await page.waitForURL("**/regulator");
    await page.getByRole("link", { name: "Policy" }).click();
    const lpr = page.locator('input[name="lpr"]');
    // The form shows the policy in force once it is read.
    await page.waitForFunction(() => !!(document.querySelector('input[name="lpr"]') as HTMLInputElement | null)?.value);
    const inForce = await lpr.inputValue();
    newLpr = (Number(inForce) + 0.25).toFixed(2);
    await page.getByTestId("policy-notice").getByText("3 days").waitFor();

    // A policy the registry would refuse (a rate cap above 4 x LPR) is refused before anyone signs or approves it.
    await lpr.fill("0.25");
    await page.getByRole("button", { name: "Propose policy change" }).click();
    const refused = await outcome(page, "Propose policy change");
    expect(refused.phase).to.equal("failed");
    expect(refused.text).to.match(/The committee could not carry this out now\. The policy is inconsistent/);
    expect(await page.getByTestId("proposal-created").count()).to.equal(0);

    await lpr.fill(newLpr);
    await page.fill('input[name="reason"]', "the central bank raised the loan prime rate");
    await page.getByRole("button", { name: "Propose policy change" }).click();
    // The same status box reports the new attempt: wait until it no longer shows the refusal.
    await page.locator('.tx[data-phase="failed"]', { hasText: "Propose policy change:" }).waitFor({ state: "detached" });
    await confirmed(page, "Propose policy change");
    id = await createdProposal(page);
    await shot("12-regulator-proposes-policy");

    await page.getByTestId("proposal-created").getByRole("link", { name: "Open the committee" }).click();
    await page.waitForURL("**/regulator/committee**");
    const proposal = page.locator(`.proposal[data-proposal="${id}"]`);
    await proposal.getByTestId("proposal-state").getByText("Pending").waitFor();
    await proposal.getByText(`Loan prime rate:`).waitFor();
    await proposal.getByTestId("approvals").getByText("Approvals: 1 of 2").waitFor();
    await proposal.getByText("the central bank raised the loan prime rate").waitFor();
    await proposal.getByText(/left to approve/).waitFor();
    // The proposer has approved: no Approve button, the reason instead; it may withdraw its own pending proposal.
    await proposal.getByText("You approved it.").waitFor();
    expect(await proposal.getByRole("button", { name: "Approve" }).count()).to.equal(0);
    expect(await proposal.getByRole("button", { name: "Withdraw" }).count()).to.equal(1);
    expect(await proposal.getByRole("button", { name: "Execute" }).count()).to.equal(0);
    await page.getByTestId("threshold").getByText("2 of 3").waitFor();
    await shot("12-committee-pending");
  });

  it("a second member approves it: queued, with the date it takes effect", async () => {
    const { page, shot } = await as("regulator2");
    await page.waitForURL("**/regulator");
    await page.getByRole("link", { name: "Committee" }).click();
    const proposal = page.locator(`.proposal[data-proposal="${id}"]`);
    // Another member may not withdraw someone else's pending proposal, and says so.
    await proposal.getByText(/only its proposer may withdraw it/).waitFor();
    await proposal.getByRole("button", { name: "Approve" }).click();
    await confirmed(page, `Approve proposal ${id}`);
    await proposal.getByTestId("proposal-state").getByText("Queued").waitFor();
    await proposal.getByTestId("approvals").getByText("Approvals: 2 of 2").waitFor();
    const { eta } = await committeeRead<{ eta: number }>("getProposal", [id]);
    await proposal.getByTestId("time-left").getByText(`notice ends in 3 days`, { exact: false }).waitFor();
    await proposal.getByTestId("time-left").getByText(utc(Number(eta)), { exact: false }).waitFor();
    // During the notice any member may cancel it; nobody may execute it yet.
    expect(await proposal.getByRole("button", { name: "Cancel" }).count()).to.equal(1);
    expect(await proposal.getByRole("button", { name: "Execute" }).count()).to.equal(0);
    await proposal.getByText(/can be executed from/).waitFor();
    await shot("12-committee-queued");
  });

  it("an investor sees the coming change and its effective date", async () => {
    const { page, shot } = await as("investor3");
    await page.waitForURL("**/investor");
    const banner = page.getByTestId("pending-policy");
    const change = banner.locator(`[data-proposal="${id}"]`);
    await change.waitFor();
    const { eta } = await committeeRead<{ eta: number }>("getProposal", [id]);
    expect(await change.getByTestId("effective-date").innerText()).to.equal(utc(Number(eta)));
    expect(await change.innerText()).to.match(new RegExp(`Loan prime rate: [\\d.]+% → ${Number(newLpr)}%`));
    await shot("12-investor-sees-policy-change");
  });

  it("after the notice period a member executes it and the policy page shows the new value", async () => {
    const notice = Number(await committeeRead<number>("noticePeriod"));
    await advanceChainTime(notice + 60);
    const { page, shot } = await as("regulator3");
    await page.waitForURL("**/regulator");
    await page.getByRole("link", { name: "Committee" }).click();
    const proposal = page.locator(`.proposal[data-proposal="${id}"]`);
    await proposal.getByTestId("proposal-state").getByText("Ready").waitFor();
    await proposal.getByText(/left to execute/).waitFor();
    // Once ready nobody may cancel it any more.
    await proposal.getByText(/can no longer be cancelled/).waitFor();
    expect(await proposal.getByRole("button", { name: "Cancel" }).count()).to.equal(0);
    await proposal.getByRole("button", { name: "Execute" }).click();
    // An executed proposal leaves the open list (its confirmation with it) as soon as the index holds its block:
    // the history says it was executed.
    const done = page.locator(`tr[data-proposal="${id}"]`);
    await done.getByTestId("proposal-state").getByText("Executed").waitFor();
    await shot("12-committee-executed");

    await page.getByRole("link", { name: "Policy" }).click();
    await page.waitForFunction((v) => (document.querySelector('input[name="lpr"]') as HTMLInputElement | null)?.value === v, String(Number(newLpr)));
    expect(await page.locator(`[data-testid="pending-policy"] [data-proposal="${id}"]`).count(), "no longer announced as coming").to.equal(0);
    await shot("12-policy-in-force");
  });

  it("a paused platform resumes through a proposal that needs no notice", async () => {
    const regulator = await as("regulator");
    await regulator.page.getByRole("link", { name: "Loans & freezes" }).click();
    await regulator.page.getByRole("button", { name: "Pause the platform" }).click();
    await answerConfirmation(regulator.page, { says: ["Repayments are still accepted"] });
    await confirmed(regulator.page, "Pause the platform");
    await regulator.page.getByRole("button", { name: "Propose resuming the platform" }).click();
    await answerConfirmation(regulator.page, { reason: "The incident is resolved." });
    await confirmed(regulator.page, "Propose resuming the platform");
    const resume = await createdProposal(regulator.page);

    const { page, shot } = await as("regulator2");
    await page.goto(`/regulator/committee`);
    const proposal = page.locator(`.proposal[data-proposal="${resume}"]`);
    await proposal.getByText("To resume the platform.").waitFor();
    await proposal.getByRole("button", { name: "Approve" }).click();
    await confirmed(page, `Approve proposal ${resume}`);
    // No notice for resuming: ready at once.
    await proposal.getByTestId("proposal-state").getByText("Ready").waitFor();
    await proposal.getByRole("button", { name: "Execute" }).click();
    await page.locator(`tr[data-proposal="${resume}"]`).getByTestId("proposal-state").getByText("Executed").waitFor();
    await page.getByRole("link", { name: "Loans & freezes" }).click();
    await page.getByRole("button", { name: "Pause the platform" }).waitFor();
    await shot("12-platform-resumed");
  });
});
