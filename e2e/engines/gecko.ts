// Gecko: Firefox driven by puppeteer-core over WebDriver BiDi. Init scripts, console,
// dialogs and uncaught errors are all reported by the protocol.
import puppeteer, { type Page } from 'puppeteer-core';
import {
  type Engine,
  type EngineKind,
  hideWebdriver,
  installRecorder,
  listen,
  type ReportingPage,
  resolveBinary,
  twoFrames,
} from './driver';

/** Firefox: `$FIREFOX_PATH`, else Debian's firefox-esr. */
export const firefoxPath = () =>
  resolveBinary(
    'Firefox',
    'FIREFOX_PATH',
    ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    'firefox-esr',
  );

/** Launches headless Firefox with one page. */
const launch = async (): Promise<Engine> => {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
  });
  const [page = await browser.newPage()] = (await browser.pages()) as (Page | undefined)[];
  await page.setViewport({ width: 1024, height: 768 });
  await page.evaluateOnNewDocument(installRecorder);
  // (puppeteer's `on` is generic over its event map and types what this listens to as unknown.)
  const reported = listen(page as unknown as ReportingPage);

  const load = async (url: string) => {
    if (url.includes('#')) await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'load' });
  };

  return {
    version: await browser.version(),
    goto: async (url, options = {}) => {
      if (!options.hideWebdriver) return load(url);
      const { identifier } = await page.evaluateOnNewDocument(hideWebdriver);
      try {
        await load(url);
      } finally {
        await page.removeScriptToEvaluateOnNewDocument(identifier);
      }
    },
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
    },
    click: (selector, { count = 1 } = {}) => page.click(selector, { count }),
    evaluate: (fn, ...args) => page.evaluate(fn as never, ...(args as unknown as never[])),
    ...reported,
    screenshot: async (path) => {
      await page.evaluate(twoFrames);
      await page.screenshot({ path: path as `${string}.png` });
    },
    close: () => browser.close(),
  };
};

export const GECKO: EngineKind = {
  name: 'Gecko',
  initScripts: true,
  console: true,
  // network.standard-url.max-length: Firefox refuses to open a longer URL (1 MiB).
  maxUrlLength: 1_048_576,
  // Firefox resends a GET whose connection dropped before an answer until
  // network.http.request.max-attempts (10) attempts in all (seen against the fake's `reset`).
  attemptsPerDroppedGet: [10],
  launch,
};
