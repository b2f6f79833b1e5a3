/**
 * Debian's Chromium driven by playwright-core, with an injected EIP-1193 wallet that behaves as a real one: it
 * holds the test account's key outside the page (the test process, reached through an exposed function), signs
 * messages, typed data and transactions itself, and the page sends the signed transactions raw through the app's
 * JSON-RPC relay; reads go through the relay too, with the page's session. Nothing relies on the node's unlocked
 * accounts.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createPublicClient, fromHex, http, type Hex, type HDAccount } from "viem";
import { buildChain } from "../../lib/chain";
import { devAddress, devSigner } from "../../lib/devAccounts";
import { ROOT } from "../../scripts/lib/processes";
import { APP_URL, NODE_PORT } from "./environment";

export const SCREENSHOTS = join(ROOT, "test-results", "browser");

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright gives every launch a fresh profile of its own (it refuses --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** The address of a development account by name (`enterprise1`) or index. */
export function addressOf(account: string | number): `0x${string}` {
  return devAddress(account);
}

function injectedWallet(address: string, chainId?: number) {
  return `(() => {
    const account = ${JSON.stringify(address)};
    const chainId = ${chainId === undefined ? "undefined" : JSON.stringify(`0x${chainId.toString(16)}`)};
    const listeners = {};
    let id = 0;
    const relay = async (method, params) => {
      const response = await fetch("/api/rpc", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
      });
      const body = await response.json();
      if (body.error) {
        const error = new Error(body.error.message);
        error.code = body.error.code;
        error.data = body.error.data;
        throw error;
      }
      return body.result;
    };
    const provider = {
      isSmefinTestWallet: true,
      async request({ method, params }) {
        if (method === "eth_requestAccounts" || method === "eth_accounts") return [account];
        if (method === "eth_chainId" && chainId) return chainId;
        if (method === "wallet_switchEthereumChain" || method === "wallet_requestPermissions" || method === "wallet_revokePermissions") return null;
        if (method === "personal_sign" || method === "eth_signTypedData_v4") return window.${WALLET_BINDING}(method, params ?? []);
        if (method === "eth_sendTransaction") return relay("eth_sendRawTransaction", [await window.${WALLET_BINDING}(method, params ?? [])]);
        return relay(method, params);
      },
      on(event, fn) { (listeners[event] ??= []).push(fn); },
      removeListener(event, fn) { listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn); },
    };
    window.ethereum = provider;
  })();`;
}

const WALLET_BINDING = "__smefinTestWalletSign";

type RpcTx = { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };

/**
 * The wallet's signing side, in the test process: personal_sign, eth_signTypedData_v4, and eth_sendTransaction
 * answered with the signed raw transaction (nonce, gas and fees from the chain, as a wallet fills them in).
 */
function walletSigner(account: HDAccount, signed: { messages: number; typedData: number }) {
  const chain = buildChain({ id: 31337, rpcUrl: `http://127.0.0.1:${NODE_PORT}` });
  const client = createPublicClient({ chain, transport: http() });
  return async (method: string, params: unknown[]): Promise<Hex> => {
    if (method === "personal_sign") {
      signed.messages += 1;
      return account.signMessage({ message: { raw: params[0] as Hex } });
    }
    if (method === "eth_signTypedData_v4") {
      signed.typedData += 1;
      const typed = typeof params[1] === "string" ? JSON.parse(params[1]) : params[1];
      const { EIP712Domain: _domain, ...types } = typed.types;
      return account.signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message });
    }
    const tx = params[0] as RpcTx;
    const request = await client.prepareTransactionRequest({
      account,
      chain,
      to: tx.to,
      data: tx.data,
      value: tx.value ? fromHex(tx.value, "bigint") : undefined,
      gas: tx.gas ? fromHex(tx.gas, "bigint") : undefined,
    });
    return account.signTransaction(request as Parameters<HDAccount["signTransaction"]>[0]);
  };
}

export interface RolePage {
  context: BrowserContext;
  page: Page;
  address: `0x${string}`;
  /** How many messages the wallet signed (sign-in messages: the app asks for one per session). */
  messagesSigned(): number;
  /** How many EIP-712 typed-data signatures the wallet gave (permits, signed attestations). */
  typedDataSigned(): number;
  /** Saves a full-page screenshot under test-results/browser/NAME.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh browser context whose injected wallet is `account`, connected on the home page. */
export async function openAs(
  tb: TestBrowser,
  account: string | number,
  options: { connect?: boolean; chainId?: number; baseURL?: string; /** Lets the test inject scripts of its own (axe-core) past the page's policy. */ bypassCSP?: boolean } = {}
): Promise<RolePage> {
  const key = devSigner(account);
  const address = key.address;
  const context = await tb.browser.newContext({ baseURL: options.baseURL ?? APP_URL, viewport: { width: 1360, height: 900 }, bypassCSP: options.bypassCSP });
  const signed = { messages: 0, typedData: 0 };
  await context.exposeFunction(WALLET_BINDING, walletSigner(key, signed));
  await context.addInitScript(injectedWallet(address, options.chainId));
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  if (options.connect !== false) {
    await page.goto("/");
    await page.getByTestId("connect-injected").click();
    // Connected (and remembered for reloads) once the header shows the account.
    await page
      .getByTestId("account")
      .waitFor()
      .catch(async (error) => {
        await page.screenshot({ path: join(SCREENSHOTS, `failed-connect-${account}.png`), fullPage: true });
        throw error;
      });
    // Connecting asks for the one sign-in at once; on the platform's chain the session follows without a click.
    if (options.chainId === undefined) {
      await page.waitForFunction(async (a) => ((await (await fetch("/api/auth/session")).json()) as { address: string | null }).address === a, address, { polling: 250 });
    }
  }
  return {
    context,
    page,
    address,
    messagesSigned: () => signed.messages,
    typedDataSigned: () => signed.typedData,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/**
 * The role pages a `describe` block opens: `as` opens one, a failed test leaves a screenshot of the last one, and
 * all close after the block. Call it inside the `describe` callback.
 */
export function rolePages(browser: () => TestBrowser) {
  const pages: RolePage[] = [];
  afterEach(async function () {
    if (this.currentTest?.state === "failed" && pages.length > 0) await pages.at(-1)!.shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, "-")}`);
  });
  after(async () => {
    for (const p of pages) await p.close();
  });
  const as = async (account: string | number, options?: Parameters<typeof openAs>[2]) => {
    const p = await openAs(browser(), account, options);
    pages.push(p);
    return p;
  };
  return { pages, as };
}

/**
 * Answers the confirmation dialog the last click opened: checks that it says each of `says` (words and amounts),
 * types `reason` when the action asks for one, and confirms (or keeps things as they are with `cancel`).
 */
export async function answerConfirmation(page: Page, options: { says?: (string | RegExp)[]; reason?: string; cancel?: boolean }): Promise<void> {
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor();
  const text = await dialog.innerText();
  for (const s of options.says ?? []) {
    if (typeof s === "string" ? !text.includes(s) : !s.test(text)) throw new Error(`the confirmation does not say ${String(s)}: ${text}`);
  }
  if (options.cancel) {
    await dialog.getByRole("button", { name: "Keep things as they are" }).click();
    await page.locator("dialog[open]").waitFor({ state: "hidden" });
    return;
  }
  if (options.reason !== undefined) await dialog.locator('[name="reason"]').fill(options.reason);
  await dialog.locator('button[type="submit"]').click();
  await page.locator("dialog[open]").waitFor({ state: "hidden" });
}
