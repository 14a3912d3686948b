// The real IIFE (dist/oca.js) in real Chromium against a corpus of hostile landing URLs
// (e2e/hostile-corpus.ts) on a page with a trap (e2e/fixtures/hostile.html). For every URL:
// no dialog opens, the trap global stays unset, no element or attribute og-oca would not
// make appears, no uncaught error, no console error (warnings only og-oca's own
// `[og-oca] …`), no request beyond the page and the script, and the host ends in a design
// state — or, for an address with none of og-oca's keys, stays exactly as it was. (Under Playwright navigator.webdriver is true, so a valid link stops at `confirm`
// without sending anything; an invalid one ends in `error`.)
//
// Many URLs per test: one page navigates through a batch, so the corpus runs in seconds.
import { expect, type Page, test } from '@playwright/test';
import {
  CSP_PAGE,
  hostileProblems,
  hostileUrls,
  inspectHostilePage,
  isOneClickLink,
  PAGE,
  short,
} from './hostile-corpus';

const URLS = hostileUrls();
const BATCH = 25;
/** The trapped page (inline trap, no CSP) and its strict-CSP twin. */
const PAGES = [PAGE, CSP_PAGE];
/** Every 7th URL of the corpus also runs on the CSP page. */
const CSP_URLS = URLS.filter((_, i) => i % 7 === 0).map((url) => url.replace(PAGE, CSP_PAGE));
// 25 pages per test take a few seconds; the limit leaves room for a busy machine.
test.describe.configure({ mode: 'parallel', timeout: 120_000 });

/** Visits each URL in turn and returns every problem seen, tagged with its URL. */
const visitAll = async (
  page: Page,
  urls: string[],
  meddle?: () => Promise<void>, // for the self-test: tamper with the page once it is loaded
): Promise<string[]> => {
  const problems: string[] = [];
  let current = '';
  page.on('dialog', (dialog) => {
    problems.push(`${short(current)}: a ${dialog.type()} dialog opened ("${dialog.message()}")`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => problems.push(`${short(current)}: uncaught ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    const text = message.text();
    // Chromium asks for /favicon.ico by itself (no page request): its 404 is not the SDK's.
    if (message.location().url.endsWith('/favicon.ico')) return;
    if (type === 'error' || (type === 'warning' && !text.startsWith('[og-oca] ')))
      problems.push(`${short(current)}: console.${type} ${text.slice(0, 200)}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'about:' || url.protocol === 'data:') return;
    const allowed = PAGES.includes(url.pathname) || url.pathname === '/dist/oca.js';
    if (!allowed) problems.push(`${short(current)}: unexpected request ${short(request.url())}`);
  });

  for (const url of urls) {
    current = url;
    try {
      // A URL that differs from the address the page is at (og-oca may have cleaned it) only
      // in its fragment would be a same-document navigation (og-oca would not run again):
      // go through a blank page first.
      const at = page.url();
      const same =
        at.startsWith('http') && new URL(url, at).href.split('#')[0] === at.split('#')[0];
      if (same) await page.goto('about:blank');
      const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
      if (!response?.ok()) {
        problems.push(`${short(url)}: the page answered ${response?.status()}`);
        continue;
      }
      await meddle?.();
      // Wait (in the page) for a design state — or, on an idle page (no og-oca key in the
      // address), a moment — then check what the page holds.
      const seen = await page.evaluate(inspectHostilePage, !isOneClickLink(url));
      problems.push(...hostileProblems(url, seen));
    } catch (error) {
      const state = await page
        .evaluate(() => document.querySelector('[data-oca]')?.getAttribute('data-oca-state'))
        .catch(() => 'unknown');
      problems.push(`${short(url)}: ${(error as Error).message.split('\n')[0]} (state: ${state})`);
    }
  }
  return problems;
};

test('the harness sees an injection (self-test: the trap and the checks work)', async ({
  page,
}) => {
  // A valid link ends in `confirm` (navigator.webdriver is true under Playwright).
  const valid = '/fixtures/hostile.html?token=eyJhbGciOiJFUzUxMiJ9.e30.c2ln&action=skip';
  expect(await visitAll(page, [valid])).toEqual([]);
  await expect(page.locator('[data-oca]')).toHaveAttribute('data-oca-state', 'confirm');
  // What a markup injection into the host would look like: the same checks must all fire.
  const injected = await visitAll(page, [`${valid}&x=1`], async () => {
    // Wait for the image's error (and its handler) so a slow machine cannot outrun it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const host = document.querySelector('[data-oca] .oca-status')!;
          host.insertAdjacentHTML(
            'beforeend',
            '<img src="/x" onerror="window.__pwned=1;alert(1)">',
          );
          host.querySelector('img')!.addEventListener('error', () => setTimeout(resolve));
        }),
    );
  });
  const text = injected.join('\n');
  expect(text).toContain('dialog opened');
  expect(text).toContain('window.__pwned = 1');
  expect(text).toContain('trap: element <img> added');
  expect(text).toContain('elements img in the page');
  expect(text).toContain('host holds img');
  expect(text).toContain('unexpected request');

  // On the CSP page, any HTML sink given a string is refused, loudly.
  const csp = await visitAll(page, [valid.replace(PAGE, CSP_PAGE)], async () => {
    await page.evaluate(() => {
      setTimeout(() =>
        document.querySelector('[data-oca]')!.insertAdjacentHTML('beforeend', '<b>x</b>'),
      );
    });
  });
  expect(csp.join('\n')).toContain("requires 'TrustedHTML' assignment");
});

test('the corpus is large and has no duplicates', () => {
  expect(URLS.length).toBeGreaterThanOrEqual(200);
  expect(new Set(URLS).size).toBe(URLS.length);
  // some are idle pages (no og-oca key at all), where og-oca must do nothing
  expect(URLS.filter((url) => !isOneClickLink(url)).length).toBeGreaterThanOrEqual(4);
});

for (let start = 0; start < URLS.length; start += BATCH) {
  const urls = URLS.slice(start, start + BATCH);
  test(`hostile links ${start + 1}–${start + urls.length} of ${URLS.length}`, async ({ page }) => {
    expect(await visitAll(page, urls)).toEqual([]);
  });
}

for (let start = 0; start < CSP_URLS.length; start += BATCH) {
  const urls = CSP_URLS.slice(start, start + BATCH);
  test(`hostile links under a strict CSP with Trusted Types ${start + 1}–${start + urls.length} of ${CSP_URLS.length}`, async ({
    page,
  }) => {
    expect(await visitAll(page, urls)).toEqual([]);
  });
}
