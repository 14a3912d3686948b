// The seed flow in a real browser, through the demo's UI only:
// fake Ordergroove ─signed order.reminder─▶ relay (verifyWebhook, buildActionUrl) ─▶ inbox
// ─click Delay─▶ landing page (og-oca) ─one GET─▶ fake API ─▶ confirmation.
// Each browser context gets its own webhook lab (a cookie), so this file runs in parallel
// with itself (desktop and mobile projects) and with every other spec. Never reset the fake.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** The emails the webhook relay delivered, as listed in the inbox. */
const relayEmails = (page: Page) => page.locator('.mail-list [data-message^="wh-"]');

test('webhook → email → Delay → confirmation, with one API request for the token', async ({
  page,
  context,
  request,
}) => {
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
  const link = new URL((await delay.getAttribute('href')) ?? '');
  const token = link.searchParams.get('token') ?? '';
  expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  expect([link.pathname, link.searchParams.get('action'), link.searchParams.get('days')]).toEqual([
    '/landing.html',
    'delay',
    '14',
  ]);

  // 3. Click it: the landing page opens in a new tab, as from a mail client.
  const [landing] = await Promise.all([context.waitForEvent('page'), delay.click()]);
  const host = landing.locator('[data-oca]');
  // Under Playwright navigator.webdriver is true: auto mode falls back to confirm.
  await expect(host).toHaveAttribute('data-oca-state', /^(confirm|success)$/);
  if ((await host.getAttribute('data-oca-state')) === 'confirm') {
    await host.getByRole('button', { name: /14 days/ }).click();
  }
  await expect(host).toHaveAttribute('data-oca-state', 'success');
  await expect(host.getByRole('status')).toContainText('14 days later');
  expect(landing.url()).not.toContain(token);

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
    await expect(latest).toContainText('200 · emailed');
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
  }).toPass({ timeout: 15_000 });
  await expect(
    lab.locator('.lab-deliveries tbody tr[data-outcome="emailed"]').first(),
  ).toContainText(/attempt (?:[2-9]|\d{2,}) of event/);
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
