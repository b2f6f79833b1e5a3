/**
 * The regulator's ledger index in the app: the ledger and audit routes answer an active regulator only, and the
 * explorer, transaction, block, audit and dashboard pages in Chromium. Screenshots go to test-results/browser/.
 */
import { expect } from "chai";
import { join } from "node:path";
import type { LocalAccount } from "viem";
import { devSigner } from "../../lib/devAccounts";
import { NODE_PORT } from "./environment";
import { get, request, signIn } from "./siwe";
import { RULES } from "../../indexer/audit/findings";
import { world } from "./hooks";
import { SCREENSHOTS, openAs, type RolePage } from "./browser";

const as = (name: string): LocalAccount => devSigner(name);

interface EventRow {
  blockNumber: number;
  txHash: string;
  blockTime: number;
  contract: string;
  name: string;
  loanId: number | null;
  args: Record<string, unknown>;
}

describe("app server: the ledger index and the audit, for the regulator only", function () {
  this.timeout(180_000);
  const cookies: Record<string, string> = {};
  let someTx: string;
  let someBlock: number;
  const routes = () => ["/api/ledger/status", "/api/ledger/events", `/api/ledger/tx/${someTx}`, `/api/ledger/block/${someBlock}`, "/api/ledger/dashboard", "/api/ledger/audit", "/api/ledger/audit/report.html", "/api/ledger/audit/findings.csv"];

  before(async () => {
    for (const name of ["regulator", "investor2", "operator"]) cookies[name] = await signIn(as(name));
    const first = (await (await get("/api/ledger/events?loan=1&name=LoanPublished", cookies.regulator)).json()) as { events: EventRow[] };
    someTx = first.events[0].txHash;
    someBlock = first.events[0].blockNumber;
  });

  it("answers 401 to every ledger and audit route without a session", async () => {
    for (const path of routes()) expect((await get(path)).status, path).to.equal(401);
    expect((await request("POST", "/api/ledger/audit")).status).to.equal(401);
    expect((await request("POST", "/api/ledger/rebuild")).status).to.equal(401);
  });

  it("answers 403 to an investor and to the operator, with the reason", async () => {
    for (const name of ["investor2", "operator"]) {
      for (const path of routes()) {
        const response = await get(path, cookies[name]);
        expect(response.status, `${name} ${path}`).to.equal(403);
        expect((await response.json()).error).to.match(/may not do this/);
      }
      expect((await request("POST", "/api/ledger/audit", { cookie: cookies[name] })).status).to.equal(403);
      expect((await request("POST", "/api/ledger/rebuild", { cookie: cookies[name] })).status).to.equal(403);
    }
  });

  it("names the chain and block the index answers from, and rebuilds the index for the regulator", async () => {
    const node = `http://127.0.0.1:${NODE_PORT}`;
    const block = async (tag: string) =>
      (await (await fetch(node, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: [tag, false] }) })).json()).result as { hash: string; timestamp: string };
    const { status } = await (await get("/api/ledger/status", cookies.regulator)).json();
    expect(status.chain.chainId).to.equal(31337);
    expect(status.chain.genesisHash).to.equal((await block("0x0")).hash);
    const indexed = await block(`0x${status.chain.block.number.toString(16)}`);
    expect(status.chain.block).to.deep.equal({ number: status.lastBlock, hash: indexed.hash, time: Number(indexed.timestamp) });

    const response = await request("POST", "/api/ledger/rebuild", { cookie: cookies.regulator });
    expect(response.status).to.equal(200);
    const rebuilt = await response.json();
    expect(rebuilt.rebuilt.events).to.equal(rebuilt.status.events);
    expect(rebuilt.status.events).to.be.at.least(status.events);
    expect(rebuilt.status.chain.genesisHash).to.equal(status.chain.genesisHash);
    expect(rebuilt.status.chain.block.hash).to.equal((await block(`0x${rebuilt.status.chain.block.number.toString(16)}`)).hash);
  });

  it("serves the regulator the events, newest first, filtered by loan, participant, event, contract and dates, a page at a time", async () => {
    const all = (await (await get("/api/ledger/events?pageSize=200", cookies.regulator)).json()) as { total: number; status: { lastBlock: number; events: number }; events: EventRow[] };
    expect(all.total).to.equal(all.status.events);
    expect(all.total).to.be.greaterThan(400);
    expect(all.events).to.have.length(200);
    for (let i = 1; i < all.events.length; i++) expect(all.events[i - 1].blockNumber).to.be.at.least(all.events[i].blockNumber);

    const loan = (await (await get("/api/ledger/events?loan=2", cookies.regulator)).json()) as { total: number; events: EventRow[] };
    expect(loan.total).to.be.greaterThan(3);
    expect(loan.events.every((e) => e.loanId === 2)).to.equal(true);
    expect(loan.events.at(-1)!.name).to.equal("LoanPublished");

    const investor = as("investor2").address.toLowerCase();
    const funded = (await (await get(`/api/ledger/events?account=${investor}&name=LoanFunded&contract=LoanBook`, cookies.regulator)).json()) as { total: number; events: EventRow[] };
    expect(funded.total).to.be.greaterThan(0);
    for (const e of funded.events) {
      expect(e.name).to.equal("LoanFunded");
      expect(e.args.investor).to.equal(investor);
    }

    const day = new Date(all.events[0].blockTime * 1000).toISOString().slice(0, 10);
    const onDay = (await (await get(`/api/ledger/events?from=${day}&to=${day}`, cookies.regulator)).json()) as { total: number; events: EventRow[] };
    expect(onDay.total).to.be.greaterThan(0);
    for (const e of onDay.events) expect(new Date(e.blockTime * 1000).toISOString().slice(0, 10)).to.equal(day);

    const second = (await (await get("/api/ledger/events?pageSize=10&page=2", cookies.regulator)).json()) as { events: EventRow[] };
    expect(second.events.map((e) => e.txHash)).to.deep.equal(all.events.slice(10, 20).map((e) => e.txHash));

    for (const bad of ["loan=abc", "account=0x12", "contract=Nothing", "from=2026-13-45", "from=2026-02-01&to=2026-01-01", "pageSize=1000", "page=0"]) {
      const response = await get(`/api/ledger/events?${bad}`, cookies.regulator);
      expect(response.status, bad).to.equal(400);
      expect((await response.json()).error, bad).to.be.a("string");
    }
  });

  it("serves a transaction with its receipt and indexed events, and a block with its header and events", async () => {
    const tx = await (await get(`/api/ledger/tx/${someTx}`, cookies.regulator)).json();
    expect(tx.receipt.status).to.equal("success");
    expect(Number(tx.receipt.blockNumber)).to.equal(someBlock);
    expect(tx.events.length).to.be.greaterThan(0);
    expect(tx.events.every((e: EventRow) => e.txHash === someTx)).to.equal(true);
    expect(tx.call.contract).to.equal("LoanBook");
    expect(tx.call.functionName).to.equal("publish");
    expect((await get(`/api/ledger/tx/0x${"ab".repeat(32)}`, cookies.regulator)).status).to.equal(404);
    expect((await get("/api/ledger/tx/nothash", cookies.regulator)).status).to.equal(400);

    const block = await (await get(`/api/ledger/block/${someBlock}`, cookies.regulator)).json();
    expect(block.block.transactions).to.include(someTx);
    expect(block.events.every((e: EventRow) => e.blockNumber === someBlock)).to.equal(true);
    expect((await get("/api/ledger/block/99999999", cookies.regulator)).status).to.equal(404);
  });

  it("serves the report's four charts from the index", async () => {
    const dashboard = (await (await get("/api/ledger/dashboard", cookies.regulator)).json()) as { charts: { title: string; svg: string }[] };
    expect(dashboard.charts.map((c) => c.title)).to.have.length(4);
    expect(dashboard.charts[0].title).to.match(/Funding volume per month/);
    for (const c of dashboard.charts) expect(c.svg).to.match(/^<svg[^>]*>.*<\/svg>$/s);
  });

  it("runs the audit on demand: ok, no findings, and serves the HTML report and the exports", async () => {
    const response = await request("POST", "/api/ledger/audit", { cookie: cookies.regulator });
    expect(response.status).to.equal(200);
    const { audit } = await response.json();
    expect(audit.findings).to.deep.equal([]);
    expect(audit.ok).to.equal(true);
    expect(audit.events).to.be.greaterThan(400);
    expect(audit.rules.map((r: { rule: string }) => r.rule)).to.deep.equal(Object.keys(RULES));
    expect(audit.rules.filter((r: { checks: number }) => r.checks > 0).length).to.be.greaterThan(5);
    const last = await (await get("/api/ledger/audit", cookies.regulator)).json();
    expect(last.audit.headBlock).to.equal(audit.headBlock);
    expect(last.audit.chain).to.deep.equal(audit.chain);
    expect(audit.chain.chainId).to.equal(31337);
    expect(audit.chain.block.number).to.equal(audit.headBlock);

    const report = await get("/api/ledger/audit/report.html", cookies.regulator);
    expect(report.headers.get("content-type")).to.match(/text\/html/);
    expect(await report.text()).to.match(/The ledger adds up: no rule failed/);
    const csv = await get("/api/ledger/audit/loans.csv", cookies.regulator);
    expect(csv.headers.get("content-disposition")).to.equal('attachment; filename="loans.csv"');
    expect((await csv.text()).split("\n")[0]).to.match(/^id,enterprise,state/);
    const json = await get("/api/ledger/audit/audit.json", cookies.regulator);
    expect((await json.json()).ok).to.equal(true);
    expect((await get("/api/ledger/audit/secret.txt", cookies.regulator)).status).to.equal(404);
    expect((await get("/api/ledger/audit/..%2Findex-localhost.sqlite", cookies.regulator)).status).to.equal(404);
  });
});

describe("browser: the regulator's ledger explorer, audit and index charts", function () {
  this.timeout(180_000);
  let regulator: RolePage;

  before(async () => {
    regulator = await openAs(world.browser!, "regulator");
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") await regulator.shot(`failed-ledger-${this.currentTest.title.slice(0, 40).replace(/\W+/g, "-")}`);
  });
  after(async () => {
    await regulator?.close();
  });

  it("with the session of connecting, filters the explorer by a loan and opens a transaction and its block from a row", async () => {
    const { page, shot } = regulator;
    await page.waitForURL("**/regulator");
    await page.getByRole("link", { name: "Ledger", exact: true }).click();
    await page.waitForURL("**/regulator/ledger");
    await page.getByTestId("ledger-row").first().waitFor();
    expect(await page.getByTestId("sign-in").count(), "no second sign-in").to.equal(0);
    await shot("12-ledger-all");

    await page.fill('input[name="loan"]', "2");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/\/regulator\/ledger\?loan=2$/);
    await page.locator('[data-testid="ledger-row"][data-event="LoanPublished"]').waitFor();
    const loans = await page.getByTestId("ledger-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-loan")));
    expect(loans.length).to.be.greaterThan(3);
    expect(new Set(loans)).to.deep.equal(new Set(["2"]));
    expect(await page.getByTestId("ledger-total").innerText()).to.match(/\d+ events match/);
    await shot("12-ledger-loan-2");

    const row = page.locator('[data-testid="ledger-row"][data-event="LoanPublished"]');
    await row.getByTestId("tx-link").click();
    await page.waitForURL(/\/regulator\/ledger\/tx\/0x[0-9a-f]{64}$/);
    await page.getByTestId("tx-receipt").getByText("Success").waitFor();
    await page.getByTestId("tx-events").getByText("Loan published").first().waitFor();
    await shot("12-ledger-transaction");

    await page.getByTestId("tx-receipt").getByRole("link").first().click();
    await page.waitForURL(/\/regulator\/ledger\/block\/\d+$/);
    await page.getByTestId("block-header").waitFor();
    await page.getByTestId("ledger-row").first().waitFor();
    await shot("12-ledger-block");

    // The filter lives in the URL: back returns to the filtered table.
    await page.goBack();
    await page.goBack();
    await page.waitForURL(/\?loan=2$/);
    expect(await page.inputValue('input[name="loan"]')).to.equal("2");
  });

  it("runs the audit and sees ok with no findings, with the report and the exports linked", async () => {
    const { page, shot } = regulator;
    await page.getByRole("link", { name: "Audit", exact: true }).click();
    await page.waitForURL("**/regulator/audit");
    await page.getByTestId("run-audit").click();
    const verdict = page.getByTestId("audit-verdict");
    await verdict.waitFor({ timeout: 120_000 });
    await page.getByTestId("run-audit").and(page.locator(":enabled")).waitFor({ timeout: 120_000 });
    expect(await verdict.getAttribute("data-ok")).to.equal("true");
    expect(await verdict.innerText()).to.match(/^ok/);
    await page.getByTestId("no-findings").waitFor();
    expect(await page.getByTestId("audit-findings-count").innerText()).to.equal("0");
    expect(await page.getByTestId("audit-report").getAttribute("href")).to.equal("/api/ledger/audit/report.html");
    await page.getByRole("link", { name: "findings.csv" }).waitFor();
    await shot("12-audit-ok");

    const report = await page.context().newPage();
    await report.goto("/api/ledger/audit/report.html");
    await report.getByText("The ledger adds up: no rule failed.").waitFor();
    await report.screenshot({ path: join(SCREENSHOTS, "12-audit-report.png"), fullPage: true });
    await report.close();
  });

  it("shows the report's charts from the index on the dashboard", async () => {
    const { page, shot } = regulator;
    await page.getByRole("link", { name: "Dashboard", exact: true }).click();
    await page.waitForURL("**/regulator");
    const charts = page.getByTestId("index-charts");
    await charts.locator("svg").first().waitFor();
    expect(await charts.locator("figure svg").count()).to.equal(4);
    await charts.getByText("Funding volume per month").waitFor();
    await shot("12-dashboard-index-charts");
    expect(regulator.messagesSigned(), "one sign-in for the whole visit").to.equal(1);
  });
});
