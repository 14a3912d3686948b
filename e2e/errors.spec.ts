// Every error code, as the subscriber sees it: the text in role=alert, data-oca-error, and
// a "Try again" button exactly for the errors a retry can cure (network, timeout, server);
// "Try again" sends the action once more and only then.
import {
  EN,
  type ErrorCode,
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
  openAndConfirm,
  performedFor,
  snapshot,
  type TokenSpec,
  test,
} from './helpers';

/** Errors found in the link itself: shown at once, with no confirm step and no request. */
const LINK_ERRORS: {
  name: string;
  code: ErrorCode;
  spec: TokenSpec | null;
  link: Record<string, string>;
  param?: string;
}[] = [
  { name: 'no token', code: 'missing_token', spec: null, link: { action: 'delay', days: '14' } },
  { name: 'action=pause', code: 'unknown_action', spec: {}, link: { action: 'pause' } },
  { name: 'no action', code: 'unknown_action', spec: {}, link: {} },
  {
    name: 'days=400',
    code: 'invalid_link',
    spec: { action: 'delay' },
    link: { action: 'delay', days: '400' },
    param: 'days',
  },
  {
    name: 'upsell without product',
    code: 'invalid_link',
    spec: { action: 'upsell' },
    link: { action: 'upsell', quantity: '2' },
    param: 'product',
  },
];

for (const c of LINK_ERRORS) {
  test(`link error ${c.code} (${c.name}): shown at once, nothing sent, no Try again`, async ({
    page,
  }) => {
    const token = c.spec ? await mint(c.spec) : undefined;
    await page.goto(landing('/landing.html', { token, ...c.link }));
    await expectError(page, c.code);
    const events = await eventsOf(page);
    // No confirm step: nothing was going to be sent. One error.
    expect(events.map((e) => e.type)).not.toContain('oca:confirm');
    expect(events.filter((e) => e.type === 'oca:error')).toHaveLength(1);
    const error = events.at(-1)?.detail.error;
    expect(error).toMatchObject({ code: c.code, message: EN.error[c.code] });
    if (c.param) expect(error).toMatchObject({ param: c.param });
    if (token) {
      expect(JSON.stringify(events)).not.toContain(token);
      await expectRequests(token, []);
      expectNoToken(page, token);
    }
  });
}

test('a token with markup in it is invalid_link and never becomes markup', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const token = '"><img src=x onerror=alert(1)>';
  await page.goto(landing('/landing.html', { token, action: 'skip' }));
  await expectError(page, 'invalid_link');
  expect((await eventsOf(page)).at(-1)?.detail.error).toMatchObject({ param: 'token' });
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  await expect(hostOf(page).locator('img')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  expect(page.url()).not.toContain('onerror');
});

/** Errors the API answers with, after the confirm click: one request each. */
const API_ERRORS: {
  code: ErrorCode;
  name: string;
  spec: TokenSpec;
  action: 'delay' | 'skip';
  page?: string;
  reason?: string;
}[] = [
  { code: 'used_token', name: 'used token', spec: { state: 'used' }, action: 'skip' },
  {
    code: 'expired_token',
    name: 'expired token',
    spec: { state: 'expired' },
    action: 'delay',
    reason: 'token expired',
  },
  {
    code: 'rejected',
    name: 'a skip token on a delay link',
    spec: { action: 'skip' },
    action: 'delay',
    reason: 'token not valid for this action',
  },
  { code: 'network', name: 'connection dropped', spec: { fault: 'reset' }, action: 'skip' },
  {
    code: 'timeout',
    name: 'API slower than the 2 s timeout',
    spec: { fault: 'slow', delayMs: 6000 },
    action: 'skip',
    page: '/landing-slow.html',
  },
  { code: 'server', name: '500', spec: { fault: 'error500' }, action: 'skip' },
];

for (const c of API_ERRORS) {
  test(`API error ${c.code} (${c.name}): role=alert, data-oca-error, Try again only if retryable`, async ({
    page,
  }, testInfo) => {
    const token = await mint(c.spec);
    const page_ = c.page ?? '/landing.html';
    await openAndConfirm(page, landing(page_, { token, action: c.action }), token);
    await expectError(page, c.code);
    const path = `/one_click/${c.action}`;
    await expectRequests(token, [{ path, query: { token } }]);
    expect(await performedFor(token)).toEqual([]);

    const events = await expectEvents(page, token, [
      'oca:pending',
      'oca:confirm',
      'oca:pending',
      'oca:error',
    ]);
    const error = events.at(-1)?.detail.error;
    expect(error).toMatchObject({ code: c.code, message: EN.error[c.code] });
    if (c.reason) expect(error).toMatchObject({ reason: c.reason });
    expectNoToken(page, token);

    await snapshot(page, testInfo, `error-${c.code}`);
    // One error without and one with "Try again" through axe.
    if (c.code === 'used_token' || c.code === 'server') await expectAccessible(page);
  });
}

test('Try again recovers from a transient 503 with exactly two requests', async ({
  page,
}, testInfo) => {
  const token = await mint({ action: 'delay', fault: 'error503', faultTimes: 1 });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'delay', days: 14 }), token);
  await expectError(page, 'server');
  const query = { token, days: '14' };
  // No automatic retry: one request until the subscriber asks again.
  await expectRequests(token, [{ path: '/one_click/delay', query }]);

  await hostOf(page).getByRole('button', { name: EN.retry }).click();
  await expectSuccess(page, EN.success.delay(14));
  await expectRequests(token, [
    { path: '/one_click/delay', query },
    { path: '/one_click/delay', query },
  ]);
  expect(await performedFor(token)).toEqual([{ action: 'delay', params: { days: '14' } }]);
  const events = await eventsOf(page);
  expect(events.map((e) => e.type).slice(-3)).toEqual(['oca:error', 'oca:pending', 'oca:success']);
  expect(events.at(-1)?.detail).toEqual({ action: 'delay', params: { days: 14 } });
  await snapshot(page, testInfo, 'retry-success');
});

test('Try again after a dropped connection and after a timeout: one more request each', async ({
  page,
}) => {
  for (const [code, spec, page_] of [
    ['network', { fault: 'reset', faultTimes: 1 }, '/landing.html'],
    ['timeout', { fault: 'slow', delayMs: 6000, faultTimes: 1 }, '/landing-slow.html'],
  ] as const) {
    await test.step(code, async () => {
      const token = await mint({ action: 'skip', ...spec });
      await openAndConfirm(page, landing(page_, { token, action: 'skip' }), token);
      await expectError(page, code);
      await hostOf(page).getByRole('button', { name: EN.retry }).click();
      await expectSuccess(page, EN.success.skip);
      const query = { token };
      await expectRequests(token, [
        { path: '/one_click/skip', query },
        { path: '/one_click/skip', query },
      ]);
      expect(await performedFor(token)).toHaveLength(1);
    });
  }
});

test('Try again on a 500 that persists: the same error again, one request per click', async ({
  page,
}) => {
  const token = await mint({ fault: 'error500' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'server');
  const retry = hostOf(page).getByRole('button', { name: EN.retry });
  // A double click is one retry: the button is disabled at once.
  const errorsShown = async () =>
    (await eventsOf(page)).filter((e) => e.type === 'oca:error').length;
  await retry.dblclick();
  await expect.poll(errorsShown).toBe(2);
  await expectError(page, 'server');
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
  await retry.click();
  await expect.poll(errorsShown).toBe(3);
  await expectError(page, 'server');
  await expectRequests(token, [one, one, one]);
});

test('an HTML error page (500 text/html) is a server error and is never rendered', async ({
  page,
}) => {
  const token = await mint({ fault: 'html500' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'server');
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  // Nothing of the error page reached the document: its heading, its image, its scripts.
  await expect(page.getByText('Internal Server Error')).toHaveCount(0);
  await expect(page.getByText('unable to complete your request')).toHaveCount(0);
  await expect(page.locator('img[src*="x-does-not-exist"]')).toHaveCount(0);
  expect(await page.evaluate(() => window.__ocaInjected)).toBeUndefined();
  expect(await page.title()).not.toBe('PWNED');
  expect((await eventsOf(page)).at(-1)?.detail.error).not.toHaveProperty('reason');
});

test('a second visit of a used link shows used_token', async ({ page }, testInfo) => {
  const token = await mint({ action: 'skip' });
  const url = landing('/landing.html', { token, action: 'skip' });
  await openAndConfirm(page, url, token);
  await expectSuccess(page, EN.success.skip);

  // The subscriber clicks the same email button again later.
  await openAndConfirm(page, url, token, { sentBefore: 1 });
  await expectError(page, 'used_token');
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
  expect(await performedFor(token)).toHaveLength(1);
  expectNoToken(page, token);
  await snapshot(page, testInfo, 'error-used-second-visit');
});
