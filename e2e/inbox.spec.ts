// The demo inbox (`/`): open an email, click its 1-click button (it opens a new tab, as a
// mail client does), and land on the store's page with the right confirmation or error.
import type { BrowserContext, Page } from '@playwright/test';
import {
  confirm,
  EN,
  type ErrorCode,
  expect,
  expectAccessible,
  expectError,
  expectNoToken,
  expectRequests,
  expectSuccess,
  test,
} from './helpers';

interface Case {
  message: string;
  button: string;
  path: string;
  query: Record<string, string>;
  page: string;
  outcome: { success: string } | { error: ErrorCode };
}

/** From the inbox list, opens `message`, clicks the button `data-case=button`: the new tab and the token. */
const clickEmailButton = async (
  page: Page,
  context: BrowserContext,
  { message, button }: Case,
): Promise<{ tab: Page; token: string; href: URL }> => {
  // A phone shows the list or a message, not both: start from the list.
  await page.goto('/');
  await page.locator(`a[data-message="${message}"]`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]m=${message}`));
  const link = page.locator(`a[data-case="${button}"]`);
  const href = new URL((await link.getAttribute('href')) ?? '', page.url());
  const token = href.searchParams.get('token') ?? '';
  expect(token).not.toBe('');
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState('domcontentloaded');
  return { tab, token, href };
};

const CASES: Case[] = [
  {
    message: 'ships-friday',
    button: 'delay-21',
    page: '/landing.html',
    path: '/one_click/delay',
    query: { days: '21' },
    outcome: { success: EN.success.delay(21) },
  },
  {
    message: 'ships-friday',
    button: 'skip',
    page: '/landing.html',
    path: '/one_click/skip',
    query: {},
    outcome: { success: EN.success.skip },
  },
  {
    message: 'upsell',
    button: 'upsell',
    page: '/landing.html',
    path: '/one_click/upsell',
    query: { product: 'CB-CONC-32', quantity: '2' },
    outcome: { success: EN.success.upsell(2, 'CB-CONC-32') },
  },
  {
    message: 'winback',
    button: 'reactivate',
    page: '/landing.html',
    path: '/one_click/reactivate',
    query: { winback_id: 'WB-SPRING-15' },
    outcome: { success: EN.success.reactivate },
  },
  {
    message: 'ships-monday',
    button: 'confirm-delay',
    page: '/landing-confirm.html',
    path: '/one_click/delay',
    query: { days: '21' },
    outcome: { success: EN.success.delay(21) },
  },
  {
    message: 'reminder-used',
    button: 'reminder-used',
    page: '/landing.html',
    path: '/one_click/skip',
    query: {},
    outcome: { error: 'used_token' },
  },
  {
    message: 'expired',
    button: 'expired-delay',
    page: '/landing.html',
    path: '/one_click/delay',
    query: { days: '14' },
    outcome: { error: 'expired_token' },
  },
];

const groups = {
  'working links land on a confirmation': CASES.filter((c) => 'success' in c.outcome),
  'used and expired links land on a clear error': CASES.filter((c) => 'error' in c.outcome),
};

for (const [title, cases] of Object.entries(groups)) {
  test(`inbox emails: ${title}`, async ({ page, context }) => {
    test.slow(); // one new tab per email, in turn
    for (const c of cases) {
      await test.step(`${c.message} → ${c.button}`, async () => {
        const { tab, token, href } = await clickEmailButton(page, context, c);
        expect(new URL(tab.url()).pathname).toBe(c.page);
        expect(href.pathname).toBe(c.page);
        await confirm(tab, token);
        if ('success' in c.outcome) await expectSuccess(tab, c.outcome.success);
        else await expectError(tab, c.outcome.error);
        await expectRequests(token, [{ path: c.path, query: { token, ...c.query } }]);
        await expectNoToken(tab, token);
        await tab.close();
      });
    }
  });
}

test('a cancellation the webhook relay emails: Reactivate lands on a confirmation, the token leaves the address bar', async ({
  page,
  context,
}) => {
  // The lab's relay emails a winback for subscription.cancel, its link in the fragment.
  await page.goto('/?view=webhooks');
  await page.locator('main select[name="type"]').selectOption('subscription.cancel');
  await page.locator('main').getByRole('button', { name: 'Send test webhook' }).click();
  await expect(page.locator('.lab-flash')).toHaveAttribute('data-outcome', 'emailed');
  await page.goto('/');
  await page.locator('a[data-message="wh-1"]').click();
  await expect(page.getByRole('heading', { name: /^We miss you, Sam/ })).toBeVisible();
  const link = page.locator('a[data-case="webhook-reactivate"]');
  const href = new URL((await link.getAttribute('href')) ?? '');
  const keys = new URLSearchParams(href.hash.slice(1));
  const token = keys.get('token') ?? '';
  expect([href.pathname, href.search, keys.get('action')]).toEqual([
    '/landing.html',
    '',
    'reactivate',
  ]);
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await confirm(tab, token);
  await expectSuccess(tab, EN.success.reactivate);
  await expectRequests(token, [
    { path: '/one_click/reactivate', query: { token, winback_id: 'WB-COMEBACK-20' } },
  ]);
  await expectNoToken(tab, token);
});

test('the ESM page resolves ky through its import map, as a site without a bundler does', async ({
  page,
  context,
}) => {
  const { tab, token } = await clickEmailButton(page, context, {
    message: 'sandbox-pages',
    button: 'esm',
    page: '/landing-esm.html',
    path: '/one_click/delay',
    query: { days: '14' },
    outcome: { success: EN.success.delay(14) },
  });
  const ky = await tab.evaluate(async () => {
    const module = await import('ky');
    return typeof module.default?.get;
  });
  expect(ky).toBe('function');
  await confirm(tab, token);
  await expectSuccess(tab, EN.success.delay(14));
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '14' } }]);
});

test('the store header keeps its navigation: a bar on wide screens, a menu button on phones', async ({
  page,
  isMobile,
}) => {
  await page.goto('/landing-csp.html');
  const nav = page.getByRole('navigation', { name: 'Store' });
  const menu = page.locator('.store-menu > summary');
  if (!isMobile) {
    await expect(menu).toBeHidden();
    await expect(nav).toBeVisible();
    return;
  }
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(nav).toBeVisible();
  await expect(nav).toContainText('Subscriptions');
  await expectAccessible(page);
  await menu.click();
  await expect(nav).toBeHidden();
});

test('on a phone the inbox list takes the whole screen, then a message does', async ({
  page,
  isMobile,
}) => {
  test.skip(!isMobile, 'the list and the reader share the screen on a wide one');
  await page.goto('/');
  const list = page.getByRole('region', { name: 'Messages' });
  await expect(list).toBeVisible();
  await expect(page.locator('main')).toBeHidden();
  const viewport = page.viewportSize()?.width ?? 0;
  expect((await list.boundingBox())?.width).toBeGreaterThan(viewport * 0.9);
  await page.locator('a[data-message="upsell"]').click();
  await expect(list).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Add this to your next box' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: '← Inbox' }).click();
  await expect(list).toBeVisible();
});
