// Every 1-click action on the demo landing page: the confirm button (the browser is
// automated), one request with the right path and query, the confirmation in role=status,
// oca:success, and the link gone from the address bar.
import { describe, expect, test } from 'vitest';
import { type Action, EN, landing } from '../../helpers';
import { expectRequests, mint, performedFor } from '../fake';
import type { Harness } from '../harness';

/** Each action as a link carries it, the request the API gets, and what the subscriber reads. */
const ACTIONS: {
  name: string;
  action: Action;
  link: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, unknown>;
  label: string;
  text: string;
  /** The page's own query, which stays in the address bar when og-oca's keys leave it. */
  kept?: string;
}[] = [
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
    name: 'delay without days (the API default, 14)',
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
    kept: '?utm_source=newsletter',
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

export const actions = (h: Harness) =>
  describe('every action', () => {
    for (const c of ACTIONS) {
      test(
        h.kind.initScripts
          ? `${c.name}: confirm, one request, confirmation in role=status, oca:pending, oca:confirm, oca:pending, oca:success, og-oca's keys gone from the address`
          : `${c.name}: confirm, one request, confirmation in role=status, oca:pending then oca:success after the click (from load on), og-oca's keys gone from the address`,
        async () => {
          const token = await mint({ action: c.action });
          const path = landing('/landing.html', { token, action: c.action, ...c.link });
          const mark = await h.openAndConfirm(path, token, c.label);
          await h.expectSuccess(c.text);
          await expectRequests(token, [
            { path: `/one_click/${c.action}`, query: { token, ...c.query } },
          ]);
          expect(await performedFor(token)).toEqual([{ action: c.action, params: c.query }]);
          const events = h.kind.initScripts
            ? await h.expectEventsSince(0, token, [
                'oca:pending',
                'oca:confirm',
                'oca:pending',
                'oca:success',
              ])
            : await h.expectEventsSince(mark, token, ['oca:pending', 'oca:success']);
          expect(events.at(-1)?.detail).toEqual({ action: c.action, params: c.params });
          await h.expectNoToken(token);
          // All of og-oca's keys left the address bar; the page and its own parameters stay.
          const left = await h.address();
          expect(left.pathname).toBe('/landing.html');
          expect(left.search).toBe(c.kept ?? '');
          await h.shot(`success-${c.action}-${Object.keys(c.link).join('-') || 'plain'}`);
        },
      );
    }
  });
