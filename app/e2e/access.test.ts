/**
 * Document access on the app server: only the demand's enterprise, the agencies it was referred to, the operator
 * and the regulator may read a demand's documents, checked against the registry at every request.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { createPublicClient, createWalletClient, encodeFunctionData, http, keccak256, parseEventLogs, stringToBytes, type Hex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devSigner } from "../../lib/devAccounts";
import { AttestationKind, LoanState, RepaymentMethod, kindBit } from "../../lib/enums";
import { loanBookAbi, participantRegistryAbi } from "../../lib/generated/abis";
import { buildChain } from "../../lib/chain";
import { requireDeployment } from "../../lib/deployments";
import { get, request, signIn } from "./siwe";
import { world } from "./hooks";
import { throughCommittee } from "./chain";

const as = (name: string): LocalAccount => devSigner(name);

describe("app server: sessions and document access", function () {
  this.timeout(120_000);
  const document = Buffer.from("Balance sheet 2026 of Suzhou Precision Parts Ltd.\nTotal assets: 4,200,000\n");
  const sha256 = createHash("sha256").update(document).digest("hex");
  let loanId: bigint;
  const cookies: Record<string, string> = {};

  async function send(account: LocalAccount, write: (wallet: ReturnType<typeof walletOf>) => Promise<Hex>) {
    const hash = await write(walletOf(account));
    const receipt = await publicClient().waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
    return receipt;
  }
  const chain = () => buildChain({ id: 31337, rpcUrl: world.env!.node.url });
  const publicClient = () => createPublicClient({ chain: chain(), transport: http(world.env!.node.url) });
  const walletOf = (account: LocalAccount) => createWalletClient({ account, chain: chain(), transport: http(world.env!.node.url) });
  const addresses = () => {
    process.env.SMEFIN_DEPLOYMENTS_DIR = world.env!.node.deploymentsDir;
    const d = requireDeployment("localhost");
    return { loanBook: d.contracts.LoanBook.address, registry: d.contracts.ParticipantRegistry.address };
  };

  before(async () => {
    for (const name of ["enterprise2", "auditor", "valuer", "operator", "regulator", "investor2", "enterprise1"]) cookies[name] = await signIn(as(name));
  });

  it("refuses uploads without a session, and from a participant that is not an enterprise", async () => {
    const anonymous = await request("POST", "/api/documents", { contentType: "application/octet-stream", headers: { "x-sha256": sha256 }, body: document });
    expect(anonymous.status).to.equal(401);
    const investor = await request("POST", "/api/documents", { cookie: cookies.investor2, contentType: "application/octet-stream", headers: { "x-sha256": sha256 }, body: document });
    expect(investor.status).to.equal(403);
    expect((await investor.json()).error).to.match(/investor may not/);
  });

  it("refuses a document whose bytes do not match the hash the browser computed", async () => {
    const response = await request("POST", "/api/documents", { cookie: cookies.enterprise2, contentType: "application/octet-stream", headers: { "x-sha256": "0".repeat(64) }, body: document });
    expect(response.status).to.equal(400);
    expect((await response.json()).error).to.match(/hashes to/);
  });

  it("an enterprise uploads a document, publishes the metadata hash on chain, and the operator refers it to an agency", async () => {
    const upload = await request("POST", "/api/documents", { cookie: cookies.enterprise2, contentType: "application/octet-stream", headers: { "x-sha256": sha256 }, body: document });
    expect(upload.status).to.equal(200);
    expect((await upload.json()).sha256).to.equal(sha256);
    const metadata = JSON.stringify({ purpose: "Five-axis grinder for turbine blades", documents: [{ name: "balance-sheet.txt", sha256, size: document.length, type: "text/plain" }] });
    const stored = await request("POST", "/api/metadata", { cookie: cookies.enterprise2, contentType: "application/json", body: metadata });
    const { metadataHash } = (await stored.json()) as { metadataHash: Hex };
    expect(metadataHash).to.equal(keccak256(stringToBytes(metadata)));

    const { loanBook } = addresses();
    const terms = { amount: 70_000_000_000n, minRaise: 50_000_000_000n, rateBps: 800, method: RepaymentMethod.EqualInstalment, instalments: 6, periodLength: 30 * 86_400, fundingPeriod: 14 * 86_400 };
    const receipt = await send(as("enterprise2"), (w) => w.writeContract({ address: loanBook, abi: loanBookAbi, functionName: "publish", args: [terms, metadataHash, "Five-axis grinder for turbine blades"] }));
    loanId = parseEventLogs({ abi: loanBookAbi, logs: receipt.logs, eventName: "LoanPublished" })[0].args.id;
    await send(as("operator"), (w) => w.writeContract({ address: loanBook, abi: loanBookAbi, functionName: "openReview", args: [loanId] }));
    await send(as("operator"), (w) => w.writeContract({ address: loanBook, abi: loanBookAbi, functionName: "requestService", args: [loanId, as("auditor").address, kindBit(AttestationKind.Audit)] }));
  });

  for (const name of ["enterprise2", "auditor", "operator", "regulator"]) {
    it(`${name} reads the demand's documents`, async () => {
      const list = await get(`/api/loans/${loanId}/documents`, cookies[name]);
      expect(list.status).to.equal(200);
      const body = await list.json();
      expect(body.metadata.documents[0].sha256).to.equal(sha256);
      const file = await get(`/api/loans/${loanId}/documents/${sha256}`, cookies[name]);
      expect(file.status).to.equal(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(document)).to.equal(true);
    });
  }

  it("answers 401 without a session", async () => {
    expect((await get(`/api/loans/${loanId}/documents`)).status).to.equal(401);
    expect((await get(`/api/loans/${loanId}/documents/${sha256}`)).status).to.equal(401);
  });

  it("answers 403 to an outsider that signed in with an account the registry does not know", async () => {
    const outsider = await signIn(privateKeyToAccount(generatePrivateKey()));
    const list = await get(`/api/loans/${loanId}/documents`, outsider);
    expect(list.status).to.equal(403);
    expect((await list.json()).error).to.match(/not an active participant/);
    expect((await get(`/api/loans/${loanId}/documents/${sha256}`, outsider)).status).to.equal(403);
  });

  it("answers 403 to an unrelated investor, an agency not referred to and another enterprise", async () => {
    for (const name of ["investor2", "valuer", "enterprise1"]) {
      expect((await get(`/api/loans/${loanId}/documents`, cookies[name])).status, name).to.equal(403);
      expect((await get(`/api/loans/${loanId}/documents/${sha256}`, cookies[name])).status, name).to.equal(403);
    }
  });

  it("a revoked agency loses access at once, with its session still open", async () => {
    const { registry } = addresses();
    // Revoking is the committee's: proposed, approved by a second member and executed.
    await throughCommittee({ target: registry, data: encodeFunctionData({ abi: participantRegistryAbi, functionName: "revoke", args: [as("auditor").address, keccak256(stringToBytes("licence withdrawn"))] }) }, "revoke the auditor: licence withdrawn");
    const list = await get(`/api/loans/${loanId}/documents`, cookies.auditor);
    expect(list.status).to.equal(403);
    expect((await get(`/api/loans/${loanId}/documents/${sha256}`, cookies.auditor)).status).to.equal(403);
  });

  it("refuses a session cookie that was tampered with", async () => {
    const [name, value] = cookies.enterprise2.split("=");
    const forged = `${value.slice(0, -1)}${value.endsWith("A") ? "B" : "A"}`;
    expect((await get(`/api/loans/${loanId}/documents`, `${name}=${forged}`)).status).to.equal(401);
  });

  it("keeps an investor's preferences per address, validated, and only for investors", async () => {
    const saved = await request("PUT", "/api/preferences", { cookie: cookies.investor2, contentType: "application/json", body: JSON.stringify({ maxRiskGrade: 3, scales: [1, 2], minAmount: "10000000000" }) });
    expect(saved.status).to.equal(200);
    expect(await (await get("/api/preferences", cookies.investor2)).json()).to.deep.equal({ maxRiskGrade: 3, scales: [1, 2], minAmount: "10000000000" });
    const bad = await request("PUT", "/api/preferences", { cookie: cookies.investor2, contentType: "application/json", body: JSON.stringify({ maxRiskGrade: 9 }) });
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.match(/maxRiskGrade/);
    expect((await get("/api/preferences", cookies.enterprise2)).status).to.equal(403);
  });

  it("serves lists from the index behind the session: the role's own rows, bad queries refused, freshness in every answer", async () => {
    expect((await get("/api/index/loans")).status).to.equal(401);
    const listed = await get("/api/index/loans?state=Listed&limit=2&sort=rate&order=asc", cookies.investor2);
    expect(listed.status).to.equal(200);
    const page = await listed.json();
    expect(page).to.include({ limit: 2, offset: 0, sort: "rate", order: "asc" });
    expect(page.rows.length).to.be.at.most(2);
    expect(page.rows.every((r: { state: number }) => r.state === LoanState.Listed)).to.equal(true);
    expect(page.freshness.block).to.be.a("number");
    expect(page.freshness.blockTime).to.be.a("number");
    expect((await get(`/api/index/portfolio?investor=${as("investor1").address}`, cookies.investor2)).status).to.equal(403);
    expect((await get("/api/index/participants", cookies.investor2)).status).to.equal(403);
    const bad = await get("/api/index/participants?limit=500", cookies.regulator);
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.match(/limit is a whole number from 1 to 100/);
    const mine = await (await get("/api/index/loans", cookies.enterprise2)).json();
    expect(mine.rows.length).to.be.greaterThan(0);
    expect(mine.rows.every((r: { enterprise: string }) => r.enterprise === as("enterprise2").address.toLowerCase())).to.equal(true);
  });
});
