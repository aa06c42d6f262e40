import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless and quiet: no sandbox (CI runs as root), no calls home that would show up as requests. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const INSTALL = 'apt-get install -y chromium';

/** Whether the browser is installed (checked synchronously: jest registers tests synchronously). */
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * The real Chromium, for tests that need a browser. Like `serviceAvailable` (services.ts): without
 * it, under CI=true this throws (CI installs it, .ci/run's ensure_chromium); elsewhere it prints
 * what is missing and how to install it and returns undefined, so the test is skipped — never
 * silently. The caller closes the browser.
 */
export async function launchBrowser(): Promise<Browser | undefined> {
  if (!chromiumInstalled()) {
    const message = `Chromium is not installed at ${CHROMIUM_PATH}; install it with: ${INSTALL}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: tests that need it must run)`);
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED: ${message}`);
    return undefined;
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * `describe` for tests that need Chromium. Without it, its tests are listed as skipped and one test
 * calls {@link launchBrowser}, which prints what is missing and how to install it — or fails under
 * CI=true, where the browser must be there.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (chromiumInstalled()) {
    describe(name, fn);
    return;
  }
  describe(name, () => {
    it(`needs Chromium at ${CHROMIUM_PATH} (skipped without it, failed under CI=true)`, async () => {
      const browser = await launchBrowser(); // prints how to install it (skipped), or throws under CI=true (failed)
      await browser?.close();
    });
    describe.skip('needs the browser', fn);
  });
}
