/**
 * Requests and responses at the app server's edge: state-changing requests only from the app's own pages and only
 * with their route's content type (no cross-site form or text/plain posts), and the security headers on every page
 * and API response, with the pages' script nonce drawn per request and honoured by the browser.
 */
import { expect } from "chai";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ROOT } from "../../scripts/lib/processes";
import { APP_URL } from "./environment";
import { as } from "./chain";
import { get, request, signIn } from "./siwe";
import { world } from "./hooks";
import { rolePages } from "./browser";

const EVIL = "https://evil.example";

/** Every state-changing route of the app (method and a URL for it), read from the route files themselves. */
function stateChangingRoutes(): { method: string; path: string }[] {
  const apiDir = join(ROOT, "app", "src", "app", "api");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === "route.ts") files.push(path);
    }
  };
  walk(apiDir);
  const sample: Record<string, string> = { id: "1", sha256: "0".repeat(64), file: "loans.csv", hash: `0x${"0".repeat(64)}`, number: "1" };
  const routes: { method: string; path: string }[] = [];
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    const path = `/api/${relative(apiDir, file).split(sep).slice(0, -1).map((s) => s.replace(/^\[(\w+)\]$/, (_m, p: string) => sample[p])).join("/")}`;
    for (const [, method] of source.matchAll(/export\s+(?:const|async function|function)\s+(POST|PUT|PATCH|DELETE)\b/g)) routes.push({ method, path });
  }
  return routes;
}

describe("app server: state-changing requests only from the app's own pages", function () {
  this.timeout(120_000);
  const cookies: Record<string, string> = {};

  before(async () => {
    for (const name of ["investor2", "regulator"]) cookies[name] = await signIn(as(name));
  });

  it("refuses a cross-site text/plain post on every state-changing route before its handler runs", async () => {
    const routes = stateChangingRoutes();
    expect(routes.map((r) => `${r.method} ${r.path}`)).to.include.members(["POST /api/rpc", "POST /api/documents", "POST /api/metadata", "PUT /api/preferences", "POST /api/ledger/audit", "POST /api/auth/verify", "POST /api/auth/logout"]);
    for (const { method, path } of routes) {
      const response = await fetch(`${APP_URL}${path}`, { method, headers: { origin: EVIL, "content-type": "text/plain", cookie: cookies.regulator }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_accounts"}' });
      expect(response.status, `${method} ${path}`).to.equal(403);
      expect((await response.json()).error, `${method} ${path}`).to.match(/requests from https:\/\/evil\.example are refused/);
    }
  });

  it("refuses a state-changing request without an Origin unless the browser says it is same-origin", async () => {
    for (const { method, path } of stateChangingRoutes()) {
      const response = await fetch(`${APP_URL}${path}`, { method, headers: { "content-type": "application/json", cookie: cookies.regulator }, body: "{}" });
      expect(response.status, `${method} ${path}`).to.equal(403);
    }
    const sameOrigin = await fetch(`${APP_URL}/api/preferences`, { method: "PUT", headers: { "sec-fetch-site": "same-origin", "content-type": "application/json", cookie: cookies.investor2 }, body: JSON.stringify({ maxRiskGrade: 2 }) });
    expect(sameOrigin.status).to.equal(200);
    const crossSite = await fetch(`${APP_URL}/api/preferences`, { method: "PUT", headers: { "sec-fetch-site": "cross-site", "content-type": "application/json", cookie: cookies.investor2 }, body: JSON.stringify({ maxRiskGrade: 5 }) });
    expect(crossSite.status).to.equal(403);
  });

  it("does not let a cross-site request change anything, even with the session cookie and a JSON body", async () => {
    const saved = await request("PUT", "/api/preferences", { cookie: cookies.investor2, contentType: "application/json", body: JSON.stringify({ maxRiskGrade: 2, scales: [1] }) });
    expect(saved.status).to.equal(200);
    const forged = await fetch(`${APP_URL}/api/preferences`, { method: "PUT", headers: { origin: EVIL, host: "evil.example", "content-type": "application/json", cookie: cookies.investor2 }, body: JSON.stringify({ maxRiskGrade: 5 }) });
    expect(forged.status).to.equal(403);
    expect(await (await get("/api/preferences", cookies.investor2)).json()).to.deep.equal({ maxRiskGrade: 2, scales: [1] });
  });

  it("refuses a same-origin request whose content type is not its route's", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const rpc = await request("POST", "/api/rpc", { contentType, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' });
      expect(rpc.status, contentType).to.equal(415);
      const preferences = await request("PUT", "/api/preferences", { cookie: cookies.investor2, contentType, body: "{}" });
      expect(preferences.status, contentType).to.equal(415);
    }
    const upload = await request("POST", "/api/documents", { cookie: cookies.investor2, contentType: "multipart/form-data; boundary=x", headers: { "x-sha256": "0".repeat(64) }, body: "--x--" });
    expect(upload.status).to.equal(415);
    const ok = await request("POST", "/api/rpc", { contentType: "application/json; charset=utf-8", body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' });
    expect(ok.status).to.equal(200);
  });

  it("answers pages only GET and HEAD", async () => {
    const post = await fetch(`${APP_URL}/regulator`, { method: "POST", headers: { origin: APP_URL, "content-type": "text/plain" }, body: "x" });
    expect(post.status).to.equal(405);
  });
});

describe("app server: security headers on every page and API response", function () {
  this.timeout(120_000);

  const expectCommon = (response: Response, what: string) => {
    expect(response.headers.get("x-content-type-options"), what).to.equal("nosniff");
    expect(response.headers.get("referrer-policy"), what).to.match(/^(same-origin|strict-origin|strict-origin-when-cross-origin|no-referrer)$/);
  };
  const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

  it("serves pages with a Content-Security-Policy whose script nonce is new on every request and on every script", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/regulator", "/enterprise/publish", "/investor"]) {
      const response = await get(path);
      expect(response.status, path).to.equal(200);
      expectCommon(response, path);
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy, path).to.match(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
      expect(policy, path).to.include("frame-ancestors 'none'");
      expect(policy, path).to.include("connect-src 'self'");
      expect(policy, path).to.include("object-src 'none'");
      expect(policy, path).not.to.include("unsafe-eval");
      const nonce = nonceOf(policy)!;
      nonces.add(nonce);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).to.be.greaterThan(0);
      for (const tag of scripts) expect(tag, path).to.include(`nonce="${nonce}"`);
    }
    expect(nonces.size).to.equal(4);
  });

  it("serves API answers, errors included, with nosniff, a referrer policy and a policy that allows nothing", async () => {
    const regulator = await signIn(as("regulator"));
    const answers: [string, Response][] = [
      ["GET /api/deployment", await get("/api/deployment")],
      ["GET /api/auth/session", await get("/api/auth/session")],
      ["GET /api/ledger/status (401)", await get("/api/ledger/status")],
      ["GET /api/ledger/events (200)", await get("/api/ledger/events?pageSize=1", regulator)],
      ["POST /api/rpc", await request("POST", "/api/rpc", { contentType: "application/json", body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' })],
      ["POST /api/rpc (403)", await fetch(`${APP_URL}/api/rpc`, { method: "POST", headers: { origin: EVIL, "content-type": "text/plain" }, body: "{}" })],
      ["GET /api/nothing (404)", await get("/api/nothing")],
    ];
    for (const [what, response] of answers) {
      expectCommon(response, what);
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy, what).to.include("default-src 'none'");
      expect(policy, what).to.include("frame-ancestors 'none'");
    }
  });

  it("serves the app's scripts with nosniff", async () => {
    const html = await (await get("/")).text();
    const script = /<script\b[^>]*\bsrc="([^"]+)"/.exec(html)![1];
    const response = await get(script);
    expect(response.status).to.equal(200);
    expectCommon(response, script);
  });
});

describe("browser: the app works under its Content-Security-Policy", function () {
  this.timeout(180_000);
  const { as: open } = rolePages(() => world.browser!);

  it("connects a wallet, signs in and reads the ledger with no script, style or connection blocked", async () => {
    const { page, shot } = await open("regulator");
    const blocked: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) blocked.push(message.text());
    });
    page.on("pageerror", (error) => blocked.push(error.message));
    await page.reload();
    await page.getByTestId("account").waitFor();
    await page.getByRole("link", { name: "Ledger", exact: true }).click();
    await page.waitForURL("**/regulator/ledger");
    // Signed in already by the wallet connection, or asked to sign in here.
    await page.locator('[data-testid="ledger-row"], [data-testid="sign-in"]').first().waitFor();
    if (await page.getByTestId("sign-in").isVisible()) await page.getByTestId("sign-in").click();
    await page.getByTestId("ledger-row").first().waitFor();
    await page.getByRole("link", { name: "Dashboard", exact: true }).click();
    await page.getByTestId("index-charts").locator("svg").first().waitFor();
    await shot("13-csp-dashboard");
    expect(blocked).to.deep.equal([]);
    // A CSS rule from the app's stylesheet applies (styles load under the policy).
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).to.not.equal("");
  });
});
