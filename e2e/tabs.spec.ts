// One request per token per browser while it is in flight: two pages of one browser context
// open the same link at the same moment (a double click in a desktop mail client opens two
// tabs). In a browser that is not automated, auto mode acts on load in both; the API answers
// slowly, so the two are surely in flight together. Exactly one request; both pages show the
// same outcome.
import type { BrowserContext, Page } from '@playwright/test';
import {
  EN,
  expect,
  expectError,
  expectNoToken,
  expectRequests,
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

test('a success: one request, both pages show it', async ({ context }) => {
  const token = await mint({ action: 'skip', fault: 'slow', delayMs: 1500 });
  const url = landing('/landing.html', { token, action: 'skip' });
  const pages = await openTwice(context, url);
  for (const page of pages) {
    expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
    await expectSuccess(page, EN.success.skip);
    await expectNoToken(page, token);
  }
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  expect(await performedFor(token)).toHaveLength(1);
});

test('an error: one request, both pages show it', async ({ context }) => {
  const token = await mint({ state: 'expired', fault: 'slow', delayMs: 1500 });
  const url = landing('/landing.html', { token, action: 'delay', days: 21 });
  const pages = await openTwice(context, url);
  for (const page of pages) await expectError(page, 'expired_token');
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
});

test('the sending page closes mid-flight: the other shows network, and its Try again recovers', async ({
  context,
}) => {
  // (8 s: the first page is surely still waiting when the second opens, even on a busy machine)
  const token = await mint({ action: 'skip', fault: 'slow', delayMs: 8000, faultTimes: 1 });
  const url = landing('/landing.html', { token, action: 'skip' });
  const first = await context.newPage();
  await first.goto(url);
  await expect.poll(async () => (await performedFor(token)).length).toBe(1);
  const second = await context.newPage();
  await second.goto(url);
  await expect(hostOf(second)).toHaveAttribute('data-oca-state', 'pending');
  await first.close(); // its request was carried out; its answer will never be read
  await expectError(second, 'network');
  await hostOf(second).getByRole('button', { name: EN.retry }).click();
  await expectSuccess(second, EN.success.skip);
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
  expect(await performedFor(token)).toHaveLength(1);
});

test('the same link opened after the first answer: a second request, answered "used"', async ({
  context,
}) => {
  const token = await mint({ action: 'skip' });
  const url = landing('/landing.html', { token, action: 'skip' });
  const first = await context.newPage();
  await first.goto(url);
  await expectSuccess(first, EN.success.skip);
  const second = await context.newPage();
  await second.goto(url);
  await expectError(second, 'used_token');
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
});
