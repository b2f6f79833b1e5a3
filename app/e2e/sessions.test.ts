/**
 * Sign-In with Ethereum sessions on the app server, tried as an attacker would: a message phished for another
 * site, a nonce used twice, a session used after logout, a message for another chain, a session of an account
 * the regulator suspended, the cookie's flags, and a server started outside the local chain without a secret.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, encodeFunctionData, http, keccak256, stringToBytes, type LocalAccount } from "viem";
import { devSigner } from "../../lib/devAccounts";
import { participantRegistryAbi } from "../../lib/generated/abis";
import { buildChain } from "../../lib/chain";
import { requireDeployment } from "../../lib/deployments";
import { ROOT, bin } from "../../scripts/lib/processes";
import { appStartArgs } from "../../scripts/lib/appBuild";
import { APP_URL, startAppServer } from "./environment";
import { attemptSignIn, cookieOf, get, request, rpc, signIn, verify } from "./siwe";
import { world } from "./hooks";
import { throughCommittee } from "./chain";

const as = (name: string): LocalAccount => devSigner(name);
const sessionAddress = async (cookie: string) => ((await (await get("/api/auth/session", cookie)).json()) as { address: string | null }).address;
const blockNumber = (cookie?: string) => rpc({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }, cookie);

describe("app server: sign-in and sessions", function () {
  this.timeout(120_000);

  it("refuses a message signed for another site, even when the request carries that site's Host and Origin", async () => {
    // Relayed from the app's own origin with the phishing site's Host: the message's domain is checked against the
    // configured origin, not the Host header.
    const { response } = await attemptSignIn(as("regulator"), { origin: "http://phishing.example", headers: { host: "phishing.example" } });
    expect(response.status).to.equal(401);
    expect((await response.json()).error).to.match(/phishing\.example, not 127\.0\.0\.1:3100/);
    expect(cookieOf(response, "smefin_session")).to.equal(undefined);
    // Posted with that site's Origin as well: refused before the message is even read.
    const crossSite = await attemptSignIn(as("regulator"), { origin: "http://phishing.example", headers: { host: "phishing.example", origin: "http://phishing.example" } });
    expect(crossSite.response.status).to.equal(403);
    expect(cookieOf(crossSite.response, "smefin_session")).to.equal(undefined);
  });

  it("refuses a message naming this host under another URI", async () => {
    const { response } = await attemptSignIn(as("regulator"), { origin: APP_URL });
    expect(response.status).to.equal(200);
    const other = await attemptSignIn(as("regulator"), { origin: "https://127.0.0.1:3100" });
    expect(other.response.status).to.equal(401);
  });

  it("uses a nonce once: the same signed message replayed opens no second session", async () => {
    // The nonce answer may carry a cookie (it did once); the replay sends it back as a browser would.
    const nonceResponse = await fetch(`${APP_URL}/api/auth/nonce`);
    const { nonce } = (await nonceResponse.json()) as { nonce: string };
    const nonceCookie = cookieOf(nonceResponse, "smefin_siwe_nonce");
    const headers = nonceCookie ? { cookie: nonceCookie } : undefined;
    const first = await attemptSignIn(as("operator"), { nonce, headers });
    expect(first.response.status).to.equal(200);
    for (let i = 0; i < 3; i++) {
      const replay = await verify(first.message, first.signature, { headers });
      expect(replay.status, `replay ${i + 1}`).to.equal(401);
      expect(cookieOf(replay, "smefin_session")).to.equal(undefined);
    }
  });

  it("refuses a nonce the server never issued", async () => {
    const { response } = await attemptSignIn(as("operator"), { nonce: "abcdefgh12345678" });
    expect(response.status).to.equal(401);
    expect((await response.json()).error).to.match(/expired or was already used/);
  });

  it("refuses a message for another chain", async () => {
    const { response } = await attemptSignIn(as("operator"), { chainId: 1 });
    expect(response.status).to.equal(401);
    expect((await response.json()).error).to.match(/chain 1, not 31337/);
  });

  it("ends the session on the server at logout: the old cookie opens nothing afterwards", async () => {
    const cookie = await signIn(as("investor2"));
    expect(await sessionAddress(cookie)).to.equal(as("investor2").address);
    expect((await get("/api/preferences", cookie)).status).to.equal(200);
    expect((await blockNumber(cookie)).body.result).to.match(/^0x/);
    const logout = await request("POST", "/api/auth/logout", { cookie });
    expect(logout.status).to.equal(200);
    expect(await sessionAddress(cookie)).to.equal(null);
    expect((await get("/api/preferences", cookie)).status).to.equal(401);
    expect((await blockNumber(cookie)).body.error.code).to.equal(4100);
  });

  it("a session stops authorising once the regulator suspends its account, and serves again on reinstatement", async () => {
    process.env.SMEFIN_DEPLOYMENTS_DIR = world.env!.node.deploymentsDir;
    const registry = requireDeployment("localhost").contracts.ParticipantRegistry.address;
    const chain = buildChain({ id: 31337, rpcUrl: world.env!.node.url });
    const client = createPublicClient({ chain, transport: http() });
    const regulator = createWalletClient({ account: as("regulator"), chain, transport: http() });
    const investor = as("investor6");
    const cookie = await signIn(investor);
    expect((await get("/api/preferences", cookie)).status).to.equal(200);
    expect((await blockNumber(cookie)).body.result).to.match(/^0x/);

    const suspend = await regulator.writeContract({ address: registry, abi: participantRegistryAbi, functionName: "suspend", args: [investor.address, keccak256(stringToBytes("KYC review"))] });
    await client.waitForTransactionReceipt({ hash: suspend });
    expect((await get("/api/preferences", cookie)).status).to.equal(403);
    // The relay reuses a registry read for a few seconds at most.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect((await blockNumber(cookie)).body.error.code).to.equal(4100);
    const session = (await (await get("/api/auth/session", cookie)).json()) as { active: boolean };
    expect(session.active).to.equal(false);

    // Reinstating is the committee's: proposed, approved by a second member and executed.
    await throughCommittee({ target: registry, data: encodeFunctionData({ abi: participantRegistryAbi, functionName: "reinstate", args: [investor.address] }) }, "reinstate investor6: KYC review closed");
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect((await blockNumber(cookie)).body.result).to.match(/^0x/);
  });

  it("sets the session cookie HttpOnly and SameSite=Strict, without Secure on a plain-http origin", async () => {
    const { response } = await attemptSignIn(as("operator"));
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("smefin_session="))!;
    expect(cookie).to.match(/; HttpOnly/i);
    expect(cookie).to.match(/; SameSite=Strict/i);
    expect(cookie).not.to.match(/; Secure/i);
  });

  it("sets Secure whenever the configured origin is https, although the request itself came over http", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "smefin-https-origin-"));
    const server = await startAppServer({
      port: 3102,
      network: "localhost",
      env: { ...world.env!.node.env, SMEFIN_DATA_DIR: dataDir, SMEFIN_APP_ORIGIN: "https://smefin.example", SMEFIN_SESSION_SECRET: "x".repeat(48) },
    });
    try {
      const appUrl = "http://127.0.0.1:3102";
      const { response } = await attemptSignIn(as("operator"), { appUrl, origin: "https://smefin.example", headers: { origin: "https://smefin.example" } });
      expect(response.status).to.equal(200);
      expect(response.headers.getSetCookie().find((c) => c.startsWith("smefin_session="))).to.match(/; Secure/i);
      // A message for the address the request came to is refused: only the configured origin counts.
      const local = await attemptSignIn(as("operator"), { appUrl, headers: { origin: "https://smefin.example" } });
      expect(local.response.status).to.equal(401);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  for (const [label, secret] of [
    ["without SMEFIN_SESSION_SECRET", undefined],
    ["with a secret shorter than 32 bytes", "too-short-a-secret"],
  ] as const) {
    it(`refuses to start outside the local chain ${label}`, async () => {
      const deployments = mkdtempSync(join(tmpdir(), "smefin-consortium-"));
      try {
        const record = JSON.parse(readFileSync(join(world.env!.node.deploymentsDir, "localhost.json"), "utf8"));
        writeFileSync(join(deployments, "consortium.json"), JSON.stringify({ ...record, network: "consortium", chainId: 1337 }));
        const env: NodeJS.ProcessEnv = { ...world.env!.node.env, NEXT_TELEMETRY_DISABLED: "1", SMEFIN_NETWORK: "consortium", SMEFIN_DEPLOYMENTS_DIR: deployments, SMEFIN_APP_ORIGIN: "http://127.0.0.1:3103" };
        delete env.SMEFIN_SESSION_SECRET;
        if (secret) env.SMEFIN_SESSION_SECRET = secret;
        const child = spawn(bin("next"), appStartArgs(3103), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout!.on("data", (d) => (output += d));
        child.stderr!.on("data", (d) => (output += d));
        const code = await new Promise<number | null>((resolve, reject) => {
          const timer = setTimeout(() => {
            child.kill("SIGTERM");
            reject(new Error(`the server kept running:\n${output}`));
          }, 60_000);
          child.once("exit", (c) => {
            clearTimeout(timer);
            resolve(c);
          });
        });
        expect(code).to.not.equal(0);
        expect(output).to.match(/SMEFIN_SESSION_SECRET .*(required outside the local chain|at least 32 bytes)/);
      } finally {
        rmSync(deployments, { recursive: true, force: true });
      }
    });
  }
});
