// A dropped connection on a fresh connection: each Playwright test has a browser context of
// its own, so Chromium never resends the GET by itself (it does on a reused keep-alive
// connection, which is what the shared suite's one long-lived page mostly gets, so there the
// outcome depends on the connection). Dropped before the work (`reset`): network, then Try
// again succeeds. Dropped after the work (`lost`): network, then Try again is answered
// "used" and og-oca shows success, recovered — one action carried out, two requests.
import {
  EN,
  eventsOf,
  expect,
  expectError,
  expectRequests,
  expectSuccess,
  hostOf,
  landing,
  mint,
  openAndConfirm,
  performedFor,
  type TokenSpec,
  test,
} from './helpers';

const CASES: { name: string; spec: TokenSpec; performedBefore: number; recovered: boolean }[] = [
  {
    name: 'the connection dropped before the action was carried out',
    spec: { fault: 'reset', faultTimes: 1 },
    performedBefore: 0,
    recovered: false,
  },
  {
    name: 'the connection dropped after the action was carried out',
    spec: { fault: 'lost', faultTimes: 1 },
    performedBefore: 1,
    recovered: true,
  },
];

for (const c of CASES) {
  test(`network (${c.name}), one request: Try again sends once more and shows success${c.recovered ? ', recovered' : ''}`, async ({
    page,
  }) => {
    const token = await mint({ action: 'delay', ...c.spec });
    await openAndConfirm(
      page,
      landing('/landing.html', { token, action: 'delay', days: 21 }),
      token,
    );
    await expectError(page, 'network');
    await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
    // `lost`: the fake carried the action out although the page never heard back.
    expect(await performedFor(token)).toHaveLength(c.performedBefore);

    await hostOf(page).getByRole('button', { name: EN.retry }).click();
    await expectSuccess(page, EN.success.delay(21));
    const one = { path: '/one_click/delay', query: { token, days: '21' } };
    await expectRequests(token, [one, one]);
    expect(await performedFor(token)).toHaveLength(1);
    const events = await eventsOf(page);
    expect(events.at(-1)).toMatchObject({
      type: 'oca:success',
      detail: { action: 'delay', params: { days: 21 }, ...(c.recovered && { recovered: true }) },
    });
    expect(await page.evaluate(() => window.OCA?.run())).toEqual({
      status: 'success',
      action: 'delay',
      params: { days: 21 },
      ...(c.recovered && { recovered: true }),
    });
  });
}
