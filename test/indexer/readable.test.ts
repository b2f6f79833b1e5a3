import { expect } from "chai";
import { toCsv } from "../../lib/csv";
import { readableRow } from "../../indexer/report/readable";

describe("indexer/report/readable: the audit's CSVs in a person's units", () => {
  it("writes token amounts as decimal yuan, Unix times as ISO dates, basis points as percent", () => {
    const row = readableRow({ id: 7, amount: "50000000000", raised: "1234500000", rateBps: 780, publishedAt: 1_767_225_600, fundingDeadline: 0, startedAt: 1_767_312_000, purpose: "Tea-drying equipment" });
    expect(row).to.deep.equal({ id: 7, amount: "50000", raised: "1234.5", rateBps: 7.8, publishedAt: "2026-01-01T00:00:00Z", fundingDeadline: "", startedAt: "2026-01-02T00:00:00Z", purpose: "Tea-drying equipment" });
    expect(toCsv([row])).to.equal("id,amount,raised,rateBps,publishedAt,fundingDeadline,startedAt,purpose\n7,50000,1234.5,7.8,2026-01-01T00:00:00Z,,2026-01-02T00:00:00Z,Tea-drying equipment\n");
  });

  it("reads an admission without end as never, and leaves missing values and other columns alone", () => {
    const row = readableRow({ account: "0xabc", expiresAt: 2 ** 40, revokedAt: null, blockTime: 1_767_225_600, blockNumber: 12, value: "123" });
    expect(row).to.deep.equal({ account: "0xabc", expiresAt: "never", revokedAt: null, blockTime: "2026-01-01T00:00:00Z", blockNumber: 12, value: "123" });
  });
});
