/**
 * Debian's Chromium driven by playwright-core, with an injected EIP-1193 wallet: eth_requestAccounts and
 * eth_accounts answer the one account the test plays, every other request goes to the chain through the app's
 * JSON-RPC relay, where the local node signs with its unlocked development accounts.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, devAccount } from "../../lib/devAccounts";
import { ROOT } from "../../scripts/lib/processes";
import { APP_URL } from "./environment";

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
  const index = typeof account === "number" ? account : devAccount(account).index;
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address;
}

function injectedWallet(address: string, chainId?: number) {
  return `(() => {
    const account = ${JSON.stringify(address)};
    const chainId = ${chainId === undefined ? "undefined" : JSON.stringify(`0x${chainId.toString(16)}`)};
    const listeners = {};
    let id = 0;
    const provider = {
      isSmefinTestWallet: true,
      async request({ method, params }) {
        if (method === "eth_requestAccounts" || method === "eth_accounts") return [account];
        if (method === "eth_chainId" && chainId) return chainId;
        if (method === "wallet_switchEthereumChain" || method === "wallet_requestPermissions" || method === "wallet_revokePermissions") return null;
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
      },
      on(event, fn) { (listeners[event] ??= []).push(fn); },
      removeListener(event, fn) { listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn); },
    };
    window.ethereum = provider;
  })();`;
}

export interface RolePage {
  context: BrowserContext;
  page: Page;
  address: `0x${string}`;
  /** Saves a full-page screenshot under test-results/browser/NAME.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh browser context whose injected wallet is `account`, connected on the home page. */
export async function openAs(tb: TestBrowser, account: string | number, options: { connect?: boolean; chainId?: number; baseURL?: string } = {}): Promise<RolePage> {
  const address = addressOf(account);
  const context = await tb.browser.newContext({ baseURL: options.baseURL ?? APP_URL, viewport: { width: 1360, height: 900 } });
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
  }
  return {
    context,
    page,
    address,
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
