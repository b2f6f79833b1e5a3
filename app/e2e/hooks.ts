/**
 * Mocha root hooks of the browser and API tests: one chain, one app and one browser for every test file, started
 * before the first test and stopped after the last.
 */
import { startEnvironment, type Environment } from "./environment";
import { launchBrowser, type TestBrowser } from "./browser";

export const world: { env?: Environment; browser?: TestBrowser } = {};

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(600_000);
    const started = Date.now();
    world.env = await startEnvironment((line) => console.log(`    ${line}`));
    world.browser = await launchBrowser();
    console.log(`    chain, app and browser ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await world.browser?.close();
    await world.env?.stop();
  },
};
