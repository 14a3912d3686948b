// The seed flow in a real browser, through the demo's UI only:
// fake Ordergroove ─signed order.reminder─▶ relay (createWebhookHandler, buildActionUrl) ─▶ inbox
// ─click Delay─▶ landing page (og-oca) ─one GET─▶ fake API ─▶ confirmation; then the token
// refresh Ordergroove sends for the used token, duplicates and a failing email service.
// Each browser context gets its own webhook lab (a cookie), so this file runs in parallel
// with itself (desktop and mobile projects) and with every other spec. Never reset the fake.
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import { EN, expectNoToken } from './helpers';

interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** The emails the webhook relay delivered, as listed in the inbox. */
const relayEmails = (page: Page) => page.locator('.mail-list [data-message^="wh-"]');

/** A 1-click link: its URL, the keys of its fragment and its token. */
const linkOf = async (anchor: Locator) => {
  const link = new URL((await anchor.getAttribute('href')) ?? '');
  const keys = new URLSearchParams(link.hash.slice(1));
  return { link, keys, token: keys.get('token') ?? '' };
};

/** Clicks a 1-click link (it opens a new tab, as from a mail client) up to og-oca's success. */
const land = async (context: BrowserContext, anchor: Locator, confirm: string, success: string) => {
  const [landing] = await Promise.all([context.waitForEvent('page'), anchor.click()]);
  const host = landing.locator('[data-oca]');
  // Under Playwright navigator.webdriver is true: auto mode falls back to confirm.
  await expect(host).toHaveAttribute('data-oca-state', /^(confirm|success)$/);
  if ((await host.getAttribute('data-oca-state')) === 'confirm') {
    await host.getByRole('button', { name: confirm, exact: true }).click();
  }
  await expect(host).toHaveAttribute('data-oca-state', 'success');
  await expect(host.getByRole('status')).toHaveText(success);
  return landing;
};

test('webhook → email → Delay → confirmation, with one API request for the token', async ({
  page,
  context,
  request,
}) => {
  test.slow(); // two landings, each in a new tab, and an accessibility scan
  await page.goto('/');
  await expect(relayEmails(page)).toHaveCount(0);

  // 1. The fake Ordergroove signs an order.reminder and POSTs it to the relay.
  await page.getByRole('button', { name: 'Send test webhook' }).click();
  await expect(page).toHaveURL(/\/\?delivery=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'Webhook delivered' })).toHaveAttribute(
    'data-outcome',
    'emailed',
  );

  // 2. The relay's email is the newest message, marked as such; open it.
  const newest = page.locator('.mail-list [data-message]').first();
  await expect(newest).toHaveAttribute('data-message', 'wh-1');
  await expect(newest).toContainText('Webhook relay');
  await newest.click();
  await expect(page).toHaveURL(/\/\?m=wh-1$/);
  const email = page.locator('[data-webhook-email="wh-1"]');
  await expect(email.getByRole('note')).toContainText('Delivered by the webhook relay');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  const delay = email.locator('[data-case="webhook-delay-14"]');
  await expect(delay).toHaveText('Delay 14 days');
  const { link, keys, token } = await linkOf(delay);
  expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  // The link's keys are in the fragment, which no server ever receives.
  expect([link.pathname, link.search, keys.get('action'), keys.get('days')]).toEqual([
    '/landing.html',
    '',
    'delay',
    '14',
  ]);
  await expect(email.getByRole('note').locator('[data-token]')).toHaveAttribute(
    'data-token',
    'current',
  );

  // 3. Click it: the landing page opens in a new tab, as from a mail client.
  const landing = await land(context, delay, EN.confirm.delay(14), EN.success.delay(14));
  await expectNoToken(landing, token);

  // 4. Exactly one request carried the token: the delay, with days=14, no preflight.
  const apiBase = await landing.locator('script[data-api-base]').getAttribute('data-api-base');
  const log = (await (await request.get(`${apiBase}/__fake/requests`)).json()) as LoggedRequest[];
  const mine = log.filter((entry) => entry.query.token === token);
  expect(mine).toEqual([
    expect.objectContaining({
      method: 'GET',
      path: '/one_click/delay',
      query: { token, days: '14' },
    }),
  ]);

  // 5. The token is used: Ordergroove sends order.refresh_one_click_token for that order, and
  // the relay keeps the new token in place of the old one. The email says so; the lab's
  // token store links the new token, which works.
  await page.goto('/?view=webhooks');
  const refresh = page.locator('.lab-deliveries tbody tr', {
    hasText: 'order.refresh_one_click_token',
  });
  await expect(refresh).toHaveCount(1);
  await expect(refresh).toHaveAttribute('data-outcome', 'stored');
  const stored = page.locator('[data-token-about^="order:"]');
  await expect(stored).toHaveCount(1);
  await expect(stored).toContainText('replaced 1');
  await expect(page.locator('main')).not.toContainText(token);
  const next = await linkOf(stored.locator('[data-case="stored-skip"]'));
  expect(next.token).not.toBe(token);
  await page.goto('/?m=wh-1');
  await expect(email.getByRole('note').locator('[data-token]')).toHaveAttribute(
    'data-token',
    'replaced',
  );
  await page.goto('/?view=webhooks');
  const skipped = await land(
    context,
    stored.locator('[data-case="stored-skip"]'),
    EN.confirm.skip,
    EN.success.skip,
  );
  await expectNoToken(skipped, next.token);
});

test('a delivery that comes twice is handled once; a failing email service gets a 500 and the retry sends the email', async ({
  page,
}) => {
  test.slow(); // waits for a duplicate and a retry, reloading
  await page.goto('/?view=webhooks');
  const lab = page.locator('main');
  const rows = lab.locator('.lab-deliveries tbody tr');

  // Twice: the copy is answered 200 duplicate and sends nothing.
  await lab.locator('[data-lab="twice"]').check();
  await lab.getByRole('button', { name: 'Send test webhook' }).click();
  await expect(page.locator('.lab-flash')).toHaveAttribute('data-outcome', 'emailed');
  await expect(async () => {
    await page.reload();
    await expect(lab.locator('.lab-deliveries tr[data-outcome="duplicate"]')).toHaveCount(1, {
      timeout: 500,
    });
  }).toPass({ timeout: 10_000 });
  await expect(rows.first()).toContainText('200 · duplicate · not handled again');
  await expect(relayEmails(page)).toHaveCount(1);

  // The email service fails once: 500 handler_failed, then Ordergroove's retry sends it.
  await lab.locator('[data-lab="esp-fail"]').check();
  await lab.getByRole('button', { name: 'Send test webhook' }).click();
  const flash = page.locator('.lab-flash');
  await expect(flash).toHaveAttribute('data-outcome', 'failed');
  await expect(flash).toHaveAttribute('data-error-code', 'handler_failed');
  await expect(flash).toContainText('Ordergroove retries it');
  await expect(async () => {
    await page.reload();
    await expect(rows.first()).toHaveAttribute('data-outcome', 'emailed', { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(relayEmails(page)).toHaveCount(2);
  await expect(rows.first()).toContainText('attempt 2 of event');
  await expect(rows.nth(1)).toContainText('Failed · 500 handler_failed');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('key rotation through the lab: accepted before and during; after, the old key alone is refused until the relay learns the new one, and the retry brings the email', async ({
  page,
}) => {
  test.slow(); // many deliveries and switches, each a real POST/redirect/GET
  await page.goto('/?view=webhooks');
  const lab = page.locator('main');
  const phase = lab.locator('.lab-phase[aria-current="step"]');
  const relayKey = (name: string) => lab.getByRole('button', { name, exact: true });
  const flash = page.locator('.lab-flash');
  let latest = lab.locator('.lab-deliveries tbody tr').first();

  /** Sends a webhook; `latest` becomes its row (found by the id in the redirect). */
  const send = async () => {
    await lab.getByRole('button', { name: 'Send test webhook' }).click();
    await expect(page).toHaveURL(/[?&]delivery=\d+$/);
    const id = new URL(page.url()).searchParams.get('delivery') ?? '';
    latest = lab.locator(`.lab-deliveries tbody tr[data-delivery="${id}"]`);
    await expect(latest).toHaveCount(1);
  };
  const expectAccepted = async (emails: number) => {
    await expect(flash).toHaveAttribute('role', 'status');
    await expect(flash).toHaveAttribute('data-outcome', 'emailed');
    await expect(latest).toHaveAttribute('data-outcome', 'emailed');
    await expect(latest).toContainText('200 · handled · emailed');
    await expect(relayEmails(page)).toHaveCount(emails);
  };

  // Before the rotation: Ordergroove signs with the old key, the relay has it.
  await expect(phase).toHaveAttribute('data-phase', 'before');
  await expect(relayKey('Old key only')).toHaveAttribute('aria-pressed', 'true');
  await send();
  await expectAccepted(1);
  await expect(latest.locator('.lab-header')).toHaveText(/^ts=\d+,sig=[0-9a-f]{8}…\(old\)$/);
  await expect(latest).toContainText('attempt 1 of event');

  // During: both signatures; a relay with either key alone accepts.
  await lab.getByRole('button', { name: 'Start rotation' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'rotating');
  await send();
  await expectAccepted(2);
  await expect(latest.locator('.lab-header')).toHaveText(
    /^ts=\d+,sig=[0-9a-f]{8}…\(new\),sig=[0-9a-f]{8}…\(old\)$/,
  );
  await relayKey('New key only').click();
  await expect(relayKey('New key only')).toHaveAttribute('aria-pressed', 'true');
  await send();
  await expectAccepted(3);

  // After: the new key only. A relay still on the old key refuses: no email.
  await relayKey('Old key only').click();
  await expect(relayKey('Old key only')).toHaveAttribute('aria-pressed', 'true');
  await lab.getByRole('button', { name: 'Complete rotation' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'after');
  await expect(lab.locator('[data-lab="prediction"]')).toHaveAttribute(
    'data-outcome',
    'signature_mismatch',
  );
  await send();
  await expect(flash).toHaveAttribute('role', 'alert');
  await expect(flash).toHaveAttribute('data-error-code', 'signature_mismatch');
  await expect(flash).toContainText('No email was sent');
  await expect(flash).toContainText('Ordergroove retries it');
  await expect(latest).toHaveAttribute('data-outcome', 'rejected');
  await expect(latest).toContainText('Failed · 400 signature_mismatch');
  await expect(latest).toContainText('No email');
  await expect(relayEmails(page)).toHaveCount(3);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Give the relay the new key: Ordergroove's next retry of the refused event gets
  // through, and its email arrives. Nothing was lost.
  await relayKey('New key only').click();
  await expect(async () => {
    await page.reload();
    await expect(relayEmails(page)).toHaveCount(4, { timeout: 500 });
    await expect(
      lab.locator('.lab-deliveries tbody tr[data-outcome="emailed"]').first(),
    ).toContainText(/attempt (?:[2-9]|\d{2,}) of event/, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await send();
  await expectAccepted(5);

  // Start over: old key on both sides.
  await lab.getByRole('button', { name: 'Start over' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'before');
  await expect(relayKey('Old key only')).toHaveAttribute('aria-pressed', 'true');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Send test webhook is a plain form: POST, redirect, the email is there', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Send test webhook' }).click();
    await expect(page).toHaveURL(/\/\?delivery=\d+$/);
    await expect(page.locator('.lab-flash')).toHaveAttribute('data-outcome', 'emailed');
    await expect(relayEmails(page)).toHaveCount(1);
    await page.goto('/?view=webhooks');
    await page.getByRole('button', { name: 'Start rotation' }).click();
    await expect(page.locator('.lab-phase[aria-current="step"]')).toHaveAttribute(
      'data-phase',
      'rotating',
    );
  });
});
