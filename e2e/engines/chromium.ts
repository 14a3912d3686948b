// Chromium: the Chromium the Playwright suite uses (e2e/chromium.mjs), driven by Playwright's
// library over CDP as one more engine of the shared suite. Init scripts, console, dialogs and
// uncaught errors are all reported by the protocol.
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import {
  type Engine,
  type EngineKind,
  hideWebdriver,
  installRecorder,
  listen,
  twoFrames,
} from './driver';

/**
 * Chromium's own console line for a request that failed or was answered with an error
 * status (`Failed to load resource: net::ERR_EMPTY_RESPONSE`, `… with a status of 503`):
 * the browser's line about the network, not the page's, so not a problem. It carries no URL.
 */
const BROWSER_NETWORK_LINE = /^Failed to load resource: /;

/** Launches headless Chromium with one page. */
const launch = async (): Promise<Engine> => {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.addInitScript(installRecorder);
  const reported = listen(page, BROWSER_NETWORK_LINE);

  const load = async (url: string) => {
    if (url.includes('#')) await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'load' });
  };

  return {
    version: `chromium/${browser.version()}`,
    goto: async (url, options = {}) => {
      if (!options.hideWebdriver) return load(url);
      const script = await page.addInitScript(hideWebdriver);
      try {
        await load(url);
      } finally {
        await script.dispose();
      }
    },
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
    },
    click: (selector, { count = 1 } = {}) =>
      count === 2 ? page.dblclick(selector) : page.click(selector),
    evaluate: (fn, ...args) =>
      // Playwright passes one argument: the page function is wrapped to spread them (sent as
      // source over CDP, so the page's CSP does not apply, as with the other engines).
      page.evaluate(
        new Function('args', `return (${fn})(...args);`) as (a: unknown[]) => never,
        args,
      ),
    ...reported,
    screenshot: async (path) => {
      await page.evaluate(twoFrames);
      await page.screenshot({ path });
    },
    close: () => browser.close(),
  };
};

export const CHROMIUM: EngineKind = {
  name: 'Chromium',
  initScripts: true,
  console: true,
  // url::kMaxURLChars: Chromium refuses to open a longer URL (2 MiB).
  maxUrlLength: 2_097_152,
  // Chromium resends a GET once when the connection that dropped was a reused keep-alive
  // one, and not on a new connection (seen against the fake's `reset`).
  attemptsPerDroppedGet: [1, 2],
  wholeCorpusIn: 'e2e/hostile.spec.ts',
  launch,
};
