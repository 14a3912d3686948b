// Ambiguous outcomes through the real IIFE against the fake Ordergroove, which carries a
// request out when it arrives: a connection dropped after the work (`lost`) or an answer
// later than the page's timeout (`slow`) leaves the subscriber with network/timeout and
// "Try again"; that retry is answered "used", and og-oca shows success, recovered — one
// action carried out, two requests. A first "used" stays used_token.
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

const CASES: { code: 'network' | 'timeout'; name: string; spec: TokenSpec; page: string }[] = [
  {
    code: 'network',
    name: 'the connection dropped after the action was carried out',
    spec: { fault: 'lost', faultTimes: 1 },
    page: '/landing.html',
  },
  {
    code: 'timeout',
    name: 'the answer came after the page’s 2 s timeout',
    spec: { fault: 'slow', delayMs: 4000, faultTimes: 1 },
    page: '/landing-slow.html',
  },
];

for (const c of CASES) {
  test(`${c.code} (${c.name}): Try again is answered "used" and shows success, recovered`, async ({
    page,
  }) => {
    const token = await mint({ action: 'delay', ...c.spec });
    await openAndConfirm(page, landing(c.page, { token, action: 'delay', days: 21 }), token);
    await expectError(page, c.code);
    // The fake carried the action out although the page never heard back.
    expect(await performedFor(token)).toEqual([{ action: 'delay', params: { days: '21' } }]);

    await hostOf(page).getByRole('button', { name: EN.retry }).click();
    await expectSuccess(page, EN.success.delay(21));
    const one = { path: '/one_click/delay', query: { token, days: '21' } };
    await expectRequests(token, [one, one]);
    expect(await performedFor(token)).toHaveLength(1);
    const events = await eventsOf(page);
    expect(events.at(-1)).toMatchObject({
      type: 'oca:success',
      detail: { action: 'delay', params: { days: 21 }, recovered: true },
    });
    expect(await page.evaluate(() => window.OCA?.run())).toEqual({
      status: 'success',
      action: 'delay',
      params: { days: 21 },
      recovered: true,
    });
  });
}

test('a first "used" is used_token: the change was made earlier, nothing more to do', async ({
  page,
}) => {
  const token = await mint({ state: 'used' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'used_token');
  expect(EN.error.used_token).toContain('made earlier');
  expect(JSON.stringify(await eventsOf(page))).not.toContain('recovered');
});
