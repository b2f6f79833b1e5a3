/**
 * First content of a page in Chromium (playwright-core, Debian's /usr/bin/chromium, as the browser tests drive
 * it): a signed-in development account opens the page, and the time runs from the navigation to the moment the
 * page shows its first rows (or says it has none). One load first warms the server's route and the browser's
 * cache of the app's scripts; the figure is the median of the loads after it.
 */
import { launchBrowser, openAs } from "../../app/e2e/browser";

export interface PageTiming {
  path: string;
  seconds: number[];
  medianS: number;
}

export async function firstContent(appUrl: string, pages: { account: string; path: string; content: string }[], loads = 3): Promise<PageTiming[]> {
  const tb = await launchBrowser();
  try {
    const out: PageTiming[] = [];
    for (const p of pages) {
      const role = await openAs(tb, p.account, { baseURL: appUrl });
      role.page.setDefaultTimeout(120_000);
      const seconds: number[] = [];
      for (let i = 0; i <= loads; i++) {
        const started = performance.now();
        await role.page.goto(p.path);
        await role.page.locator(p.content).first().waitFor();
        if (i > 0) seconds.push((performance.now() - started) / 1000);
      }
      await role.close();
      const sorted = [...seconds].sort((a, b) => a - b);
      out.push({ path: p.path, seconds, medianS: Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100 });
    }
    return out;
  } finally {
    await tb.close();
  }
}
