// Each 1-click action, end to end on the demo landing page: the confirm button (the browser
// is automated, so auto mode asks for a real click), exactly one request with the right
// path and query, the confirmation in role=status, oca:success, and no token left in the URL.
import {
  type Action,
  EN,
  expect,
  expectAccessible,
  expectEvents,
  expectNoToken,
  expectRequests,
  expectSuccess,
  landing,
  mint,
  openAndConfirm,
  performedFor,
  snapshot,
  test,
} from './helpers';

interface Case {
  name: string;
  action: Action;
  /** Link parameters besides token and action. */
  link: Record<string, string>;
  /** The query the API must receive besides the token. */
  query: Record<string, string>;
  /** `detail.params` of the events. */
  params: Record<string, unknown>;
  label: string;
  text: string;
}

const CASES: Case[] = [
  {
    name: 'delay with days',
    action: 'delay',
    link: { days: '21' },
    query: { days: '21' },
    params: { days: 21 },
    label: EN.confirm.delay(21),
    text: EN.success.delay(21),
  },
  {
    // No days in the link: none sent (the API's default), and the text says 14.
    name: 'delay without days',
    action: 'delay',
    link: {},
    query: {},
    params: {},
    label: EN.confirm.delay(14),
    text: EN.success.delay(14),
  },
  {
    name: 'skip',
    action: 'skip',
    link: { utm_source: 'newsletter' },
    query: {},
    params: {},
    label: EN.confirm.skip,
    text: EN.success.skip,
  },
  {
    name: 'reactivate with og_winback_id',
    action: 'reactivate',
    link: { og_winback_id: 'WB-SPRING-15' },
    query: { winback_id: 'WB-SPRING-15' },
    params: { winbackId: 'WB-SPRING-15' },
    label: EN.confirm.reactivate,
    text: EN.success.reactivate,
  },
  {
    name: 'upsell with product and quantity',
    action: 'upsell',
    link: { product: 'CB-CONC-32', quantity: '2' },
    query: { product: 'CB-CONC-32', quantity: '2' },
    params: { product: 'CB-CONC-32', quantity: 2 },
    label: EN.confirm.upsell(2, 'CB-CONC-32'),
    text: EN.success.upsell(2, 'CB-CONC-32'),
  },
];

for (const c of CASES) {
  test(`${c.name}: one request, confirmation, oca:success, token gone`, async ({
    page,
  }, testInfo) => {
    const token = await mint({ action: c.action });
    const url = landing('/landing.html', { token, action: c.action, ...c.link });
    await openAndConfirm(page, url, token, { label: c.label });

    await expectSuccess(page, c.text);
    await expectRequests(token, [{ path: `/one_click/${c.action}`, query: { token, ...c.query } }]);
    expect(await performedFor(token)).toEqual([{ action: c.action, params: c.query }]);

    const events = await expectEvents(page, token, [
      'oca:pending',
      'oca:confirm',
      'oca:pending',
      'oca:success',
    ]);
    expect(events.at(-1)?.detail).toEqual({ action: c.action, params: c.params });

    await expectNoToken(page, token);
    expect(await page.evaluate(() => location.href)).not.toContain(token);
    // All of the link left the address bar; the page stays.
    const left = new URL(page.url());
    expect(left.pathname).toBe('/landing.html');
    expect(left.search).toBe('');

    await snapshot(page, testInfo, `success-${c.action}`);
    if (c.name === 'delay with days') await expectAccessible(page); // the success state
  });
}
