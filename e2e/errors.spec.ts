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

test('link errors: shown at once with their code, nothing sent, no Try again, no markup', async ({
  page,
}) => {
  for (const c of LINK_ERRORS) {
    await test.step(`${c.code} (${c.name})`, async () => {
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
        await expectNoToken(page, token);
      }
    });
  }

  await test.step('invalid_link (a token with markup in it): never becomes markup', async () => {
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
});

/** Refusals the API answers with (HTTP 400), after the confirm click: one request, no Try again. */
const REFUSALS: {
  code: ErrorCode;
  name: string;
  spec: TokenSpec;
  action: 'delay' | 'skip';
  reason: string;
}[] = [
  {
    code: 'used_token',
    name: 'used token',
    spec: { state: 'used' },
    action: 'skip',
    reason: 'token already used',
  },
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
];

test('API refusals: used_token, expired_token, rejected in role=alert, no Try again', async ({
  page,
}, testInfo) => {
  for (const c of REFUSALS) {
    await test.step(`${c.code} (${c.name})`, async () => {
      const token = await mint(c.spec);
      await openAndConfirm(page, landing('/landing.html', { token, action: c.action }), token);
      await expectError(page, c.code);
      await expectRequests(token, [{ path: `/one_click/${c.action}`, query: { token } }]);
      expect(await performedFor(token)).toEqual([]);
      const events = await expectEvents(page, token, [
        'oca:pending',
        'oca:confirm',
        'oca:pending',
        'oca:error',
      ]);
      expect(events.at(-1)?.detail).toMatchObject({
        action: c.action,
        error: { code: c.code, message: EN.error[c.code], reason: c.reason },
      });
      await expectNoToken(page, token);
      await snapshot(page, testInfo, `error-${c.code}`);
      if (c.code === 'used_token') await expectAccessible(page); // an error without Try again
    });
  }
});

/** Failures a retry can cure: "Try again" sends the action once more, and then it succeeds. */
const TRANSIENT: { code: ErrorCode; name: string; spec: TokenSpec; page: string }[] = [
  {
    code: 'network',
    name: 'connection dropped once',
    spec: { fault: 'reset', faultTimes: 1 },
    page: '/landing.html',
  },
  {
    code: 'timeout',
    name: 'API slower than the page’s 2 s timeout, once',
    spec: { fault: 'slow', delayMs: 6000, faultTimes: 1 },
    page: '/landing-slow.html',
  },
];

for (const c of TRANSIENT) {
  test(`${c.code} (${c.name}): Try again, one more request, success`, async ({
    page,
  }, testInfo) => {
    const token = await mint({ action: 'skip', ...c.spec });
    await openAndConfirm(page, landing(c.page, { token, action: 'skip' }), token);
    await expectError(page, c.code);
    const one = { path: '/one_click/skip', query: { token } };
    // No automatic retry: one request until the subscriber asks again.
    await expectRequests(token, [one]);
    const events = await expectEvents(page, token, [
      'oca:pending',
      'oca:confirm',
      'oca:pending',
      'oca:error',
    ]);
    expect(events.at(-1)?.detail.error).toMatchObject({ code: c.code, message: EN.error[c.code] });
    await snapshot(page, testInfo, `error-${c.code}`);

    await hostOf(page).getByRole('button', { name: EN.retry }).click();
    await expectSuccess(page, EN.success.skip);
    await expectRequests(token, [one, one]);
    expect(await performedFor(token)).toHaveLength(1);
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

test('server error (500 every time): Try again shows it again, one request per click', async ({
  page,
}, testInfo) => {
  const token = await mint({ fault: 'error500' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'server');
  expect((await eventsOf(page)).at(-1)?.detail.error).toMatchObject({
    code: 'server',
    message: EN.error.server,
  });
  await expectNoToken(page, token);
  await snapshot(page, testInfo, 'error-server');
  await expectAccessible(page); // an error with Try again
  const retry = hostOf(page).getByRole('button', { name: EN.retry });
  const errorsShown = async () =>
    (await eventsOf(page)).filter((e) => e.type === 'oca:error').length;
  const one = { path: '/one_click/skip', query: { token } };
  await retry.click();
  await expect.poll(errorsShown).toBe(2);
  await expectError(page, 'server');
  await expectRequests(token, [one, one]);
  await retry.click();
  await expect.poll(errorsShown).toBe(3);
  await expectError(page, 'server');
  await expectRequests(token, [one, one, one]);
});

// "A double click never sends it twice" (docs/contract.md, "Safety"), even when the API
// answers between the two clicks: the first click's retry fails fast, a new "Try again"
// appears in the same place, and the double click's second click (event.detail === 2) lands
// on it. og-oca ignores a click with event.detail > 1 like an untrusted one. Made
// deterministic here by delivering the second click (clickCount 2) after the new button shows.
test('the second click of a double click does not send a retry again', async ({ page }) => {
  const token = await mint({ fault: 'error500' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'server');
  const retry = hostOf(page).getByRole('button', { name: EN.retry });
  const box = (await retry.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x, y); // the double click's first click: one retry
  await expect
    .poll(async () => (await eventsOf(page)).filter((e) => e.type === 'oca:error').length)
    .toBe(2);
  await expect(retry).toBeEnabled();
  // Its second click, on the new button in the same place.
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  const after = await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return document.querySelector('[data-oca]')?.getAttribute('data-oca-state');
  });
  expect(after).toBe('error');
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
});

test('non-JSON bodies: an HTML error page (500) is a server error never rendered; a plain-text 200 is a success', async ({
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

  // 200 text/plain "OK": a 2xx is a success whatever its body.
  const plain = await mint({ fault: 'nonjson' });
  await openAndConfirm(page, landing('/landing.html', { token: plain, action: 'skip' }), plain);
  await expectSuccess(page, EN.success.skip);
  await expectRequests(plain, [{ path: '/one_click/skip', query: { token: plain } }]);
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
  await expectNoToken(page, token);
  await snapshot(page, testInfo, 'error-used-second-visit');
});
