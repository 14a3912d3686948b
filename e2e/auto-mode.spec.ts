// Auto mode as a subscriber's browser runs it: a Chromium launched without the automation
// flag, so navigator.webdriver is false and og-oca acts on load with no click at all.
// (Top-level test.use: launch options need a worker of their own.)
import {
  EN,
  eventsOf,
  expect,
  expectAccessible,
  expectError,
  expectEvents,
  expectNoToken,
  expectRequests,
  expectSuccess,
  hostOf,
  landing,
  mint,
  performedFor,
  snapshot,
  test,
  UNAUTOMATED,
} from './helpers';

test.use(UNAUTOMATED);

test('auto mode acts on load when the browser is not automated', async ({ page }, testInfo) => {
  const token = await mint({ action: 'upsell' });
  await page.goto(
    landing('/landing.html', { token, action: 'upsell', product: 'CB-CONC-32', quantity: 2 }),
  );
  expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
  await expectSuccess(page, EN.success.upsell(2, 'CB-CONC-32'));
  await expectRequests(token, [
    { path: '/one_click/upsell', query: { token, product: 'CB-CONC-32', quantity: '2' } },
  ]);
  expect(await performedFor(token)).toHaveLength(1);
  // No confirm step, no click needed; one oca:pending (it once fired twice in auto mode).
  const events = await expectEvents(page, token, ['oca:pending', 'oca:success']);
  expect(events.at(-1)?.detail).toEqual({
    action: 'upsell',
    params: { product: 'CB-CONC-32', quantity: 2 },
  });
  await expectNoToken(page, token);
  await snapshot(page, testInfo, 'auto-success-upsell');
  await expectAccessible(page);
});

// The bare script-tag page (one host, one script tag, nothing else), auto mode.
test.describe('the bare script-tag page', () => {
  test('a valid delay link: one GET /one_click/delay?token=…&days=21, success, oca:success, no token in location.href', async ({
    page,
  }) => {
    const token = await mint();
    await page.goto(`/fixtures/bare-script.html?token=${token}&action=delay&days=21`);
    await expectSuccess(page, EN.success.delay(21));
    await expect(hostOf(page).getByRole('status')).toHaveText(EN.success.delay(21));
    // Exactly one request for the token, that GET, and no OPTIONS (expectRequests checks both).
    await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
    const events = await eventsOf(page);
    expect(events.filter((e) => e.type === 'oca:success')).toEqual([
      { type: 'oca:success', detail: { action: 'delay', params: { days: 21 } }, onHost: true },
    ]);
    expect(events.at(-1)?.type).toBe('oca:success');
    expect(JSON.stringify(events)).not.toContain(token);
    expect(await page.evaluate(() => location.href)).not.toContain(token);
  });

  test('the same with a used token: data-oca-error="used_token" in role=alert', async ({
    page,
  }) => {
    const token = await mint({ state: 'used' });
    await page.goto(`/fixtures/bare-script.html?token=${token}&action=delay&days=21`);
    await expectError(page, 'used_token');
    await expect(hostOf(page).getByRole('alert')).toHaveText(EN.error.used_token);
    await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
    expect((await eventsOf(page)).at(-1)).toMatchObject({
      type: 'oca:error',
      detail: { action: 'delay', params: { days: 21 }, error: { code: 'used_token' } },
    });
    expect(await page.evaluate(() => location.href)).not.toContain(token);
  });
});
