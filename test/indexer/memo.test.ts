import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordBlocks } from "../../indexer/chain";
import { setCursor } from "../../indexer/db";
import { IndexMemo, memoized } from "../../indexer/memo";
import type { Sql } from "../../indexer/sql";
import { newStore, STORES } from "./stores";

describe("ledger index: answers kept per index state (IndexMemo)", function () {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "smefin-memo-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of STORES) {
    it(`on ${kind}: computes once per cursor block and hash, again after the cursor moves, a rollback or a failure`, async function () {
      const sql = await (await newStore(kind, dir, `memo_${kind}`)).open();
      try {
        const memo = new IndexMemo();
        let computed = 0;
        const count = () => memo.get(sql, "count", async () => ++computed);
        const at = async (block: number, hash: string) => {
          await recordBlocks(sql, [{ number: block, hash, time: 1_000 + block }]);
          await setCursor(sql, { lastBlock: block, lastBlockTime: 1_000 + block });
        };

        // An empty index is a state of its own.
        expect(await count()).to.equal(1);
        expect(await count()).to.equal(1);
        await at(5, "0xaa");
        expect(await count()).to.equal(2);
        expect(await count()).to.equal(2);
        await at(6, "0xbb");
        expect(await count()).to.equal(3);
        // Block 6 of another chain (a reorganisation rolled back and synced again to the same height).
        await at(6, "0xcc");
        expect(await count()).to.equal(4);
        // Other keys are kept apart.
        expect(await memo.get(sql, "other", async () => "x")).to.equal("x");
        expect(await count()).to.equal(4);

        // A failed computation is not kept: the next request computes again.
        const failed = await memo.get(sql, "fails", () => Promise.reject(new Error("boom"))).catch((error: Error) => error.message);
        expect(failed).to.equal("boom");
        expect(await memo.get(sql, "fails", async () => "ok")).to.equal("ok");
      } finally {
        await sql.close();
      }
    });
  }

  it("computes every answer for a reader without a memo", async function () {
    let computed = 0;
    const sql = { memo: undefined } as unknown as Sql;
    await memoized(sql, "k", async () => ++computed);
    await memoized(sql, "k", async () => ++computed);
    expect(computed).to.equal(2);
  });
});
