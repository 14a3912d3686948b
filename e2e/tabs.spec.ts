// Tabs on the same link: two pages of one browser context open it at the same moment (a
// double click in a desktop mail client opens two tabs). In a browser that is not automated,
// auto mode acts on load in both, and each page sends its own request at once: the API carries
// the token out once and answers the other "used", and that page then asks the other tabs
// whether one got the success. At most one action is carried out, and every page shows the
// true outcome.
import type { BrowserContext, Page } from '@playwright/test';
import {
  EN,
  expect,
  expectError,
  expectNoToken,
  expectRequests,
  expectState,
  expectSuccess,
  hostOf,
  landing,
  mint,
  performedFor,
  test,
  UNAUTOMATED,
} from './helpers';

test.use(UNAUTOMATED);

/** Two pages of `context` opening `url` at the same moment. */
const openTwice = async (context: BrowserContext, url: string): Promise<[Page, Page]> => {
  const pages = [await context.newPage(), await context.newPage()] as [Page, Page];
  await Promise.all(pages.map((page) => page.goto(url)));
  return pages;
};

test('a success: each page sends, one action is carried out, both pages show the success', async ({
  context,
}) => {
  const token = await mint({ action: 'skip', fault: 'slow', delayMs: 1500 });
  const url = landing('/landing.html', { token, action: 'skip' });
  const pages = await openTwice(context, url);
  for (const page of pages) {
    expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
    await expectSuccess(page, EN.success.skip);
    await expectNoToken(page, token);
  }
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
  expect(await performedFor(token)).toHaveLength(1);
});

test("an error: both pages show the API's answer, nothing is carried out", async ({ context }) => {
  const token = await mint({ state: 'expired', fault: 'slow', delayMs: 1500 });
  const url = landing('/landing.html', { token, action: 'delay', days: 21 });
  const pages = await openTwice(context, url);
  for (const page of pages) await expectError(page, 'expired_token');
  const one = { path: '/one_click/delay', query: { token, days: '21' } };
  await expectRequests(token, [one, one]);
  expect(await performedFor(token)).toHaveLength(0);
});

test('the sending page closes mid-flight: the other page had its own request, and shows "used"', async ({
  context,
}) => {
  // The first answer takes 8 s; the second page's request is answered at once ("used").
  const token = await mint({ action: 'skip', fault: 'slow', delayMs: 8000, faultTimes: 1 });
  const url = landing('/landing.html', { token, action: 'skip' });
  const first = await context.newPage();
  await first.goto(url);
  await expect.poll(async () => (await performedFor(token)).length).toBe(1);
  const second = await context.newPage();
  await second.goto(url);
  await first.close(); // its request was carried out; its answer will never be read
  // The second page waits for the first (it said it was sending) until its timeout (10 s).
  await expectState(second, 'error', 15_000);
  await expectError(second, 'used_token');
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
  expect(await performedFor(token)).toHaveLength(1);
});

test('the link opened again while the first page shows its success: answered "used", shown as the success', async ({
  context,
}) => {
  const token = await mint({ action: 'skip' });
  const url = landing('/landing.html', { token, action: 'skip' });
  const first = await context.newPage();
  await first.goto(url);
  await expectSuccess(first, EN.success.skip);
  const second = await context.newPage();
  await second.goto(url);
  await expectSuccess(second, EN.success.skip);
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
  expect(await performedFor(token)).toHaveLength(1);
});

test('the link opened again with no page of it left open: "used"', async ({ context }) => {
  const token = await mint({ action: 'skip' });
  const url = landing('/landing.html', { token, action: 'skip' });
  const first = await context.newPage();
  await first.goto(url);
  await expectSuccess(first, EN.success.skip);
  await first.close();
  const second = await context.newPage();
  await second.goto(url);
  await expectError(second, 'used_token');
});

test('a hostile page of the same origin, forging messages and holding locks, changes no outcome and stalls nothing', async ({
  context,
}) => {
  const token = await mint({ state: 'expired', fault: 'slow', delayMs: 1500 });
  const url = landing('/landing.html', { token, action: 'skip' });
  // The hostile page: same origin, it knows the token's name for the old channel, and posts a
  // success on every channel name it can think of, again and again, and watches the locks.
  const hostile = await context.newPage();
  await hostile.goto(landing('/landing.html', {}));
  await hostile.evaluate((token) => {
    const names = ['og-oca', `og-oca ${token}`, 'og-oca tabs', token];
    const channels = names.map((name) => new BroadcastChannel(name));
    const forged = { kind: 'success', proof: 'x', from: 'x', answer: {} };
    (window as unknown as { locksSeen: string[] }).locksSeen = [];
    setInterval(async () => {
      for (const channel of channels) channel.postMessage(forged);
      const { held = [], pending = [] } = await navigator.locks.query();
      for (const lock of [...held, ...pending])
        (window as unknown as { locksSeen: string[] }).locksSeen.push(String(lock.name));
    }, 20);
  }, token);
  await hostile.evaluate((token) => {
    // It also holds every lock it can name, for ever.
    for (const name of ['og-oca', `og-oca ${token}`, 'og-oca tabs'])
      void navigator.locks.request(name, () => new Promise(() => {}));
  }, token);
  const pages = await openTwice(context, url);
  for (const page of pages) await expectError(page, 'expired_token');
  // "Try again" after a 503 is not stalled nor answered by the hostile page either.
  const flaky = await mint({ action: 'skip', fault: 'error503', faultTimes: 1 });
  const page = pages[0];
  await page.goto(landing('/landing.html', { token: flaky, action: 'skip' }));
  await expectError(page, 'server');
  await hostOf(page).getByRole('button', { name: EN.retry }).click();
  await expectSuccess(page, EN.success.skip);
  // og-oca took no lock at any time: the only locks are the hostile page's own.
  const own = ['og-oca', `og-oca ${token}`, 'og-oca tabs'];
  const seen = await hostile.evaluate(
    () => (window as unknown as { locksSeen: string[] }).locksSeen,
  );
  expect(seen.filter((name) => !own.includes(name))).toEqual([]);
});
