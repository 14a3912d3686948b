// @vitest-environment node
// buildActionUrl with generated tokens, actions and landing queries: the URL holds exactly
// the landing page's own parameters and then the link's, in the query or the fragment.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MAX_DAYS, MAX_QUANTITY } from '../../src/actions';
import { buildActionUrl } from '../../src/webhooks';
import { runs } from '../helpers/properties';

it('buildActionUrl round-trips through the query or the fragment for any valid input', () => {
  const tokenChar = fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.~+/=-',
  );
  const idChar = fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/-',
  );
  const token = fc.string({ unit: tokenChar, minLength: 4, maxLength: 300 });
  const id = fc.string({ unit: idChar, minLength: 1, maxLength: 128 });
  const link = fc.oneof(
    fc.record({ action: fc.constant('skip') }),
    fc.record(
      { action: fc.constant('delay'), days: fc.integer({ min: 1, max: MAX_DAYS }) },
      { requiredKeys: ['action'] },
    ),
    fc.record({ action: fc.constant('reactivate'), winbackId: id }, { requiredKeys: ['action'] }),
    fc.record(
      {
        action: fc.constant('upsell'),
        product: id,
        quantity: fc.integer({ min: 1, max: MAX_QUANTITY }),
      },
      { requiredKeys: ['action', 'product'] },
    ),
  );
  const landingQuery = fc.array(
    fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string({ maxLength: 10 })),
    { maxLength: 3 },
  );
  fc.assert(
    fc.property(
      token,
      link,
      landingQuery,
      fc.constantFrom('query', 'fragment', undefined),
      (tokenValue, params, query, where) => {
        fc.pre(
          query.every(
            ([key]) =>
              !['token', 'action', 'days', 'product', 'quantity', 'winback_id'].includes(key),
          ),
        );
        const landing = new URL('https://shop.example/subscription-actions');
        for (const [key, value] of query) landing.searchParams.append(key, value);
        if (where !== 'fragment') landing.hash = 'frag';
        const input = { token: tokenValue, ...params, in: where };
        const url = new URL(buildActionUrl(landing, input));

        // The token first and the action last (punctuation after the link meets the action).
        const expected: [string, string][] = [['token', tokenValue]];
        if ('days' in params) expected.push(['days', String(params.days)]);
        if ('winbackId' in params) expected.push(['og_winback_id', String(params.winbackId)]);
        if ('product' in params) expected.push(['product', String(params.product)]);
        if ('quantity' in params) expected.push(['quantity', String(params.quantity)]);
        expected.push(['action', params.action]);
        if (where === 'fragment') {
          expect([...url.searchParams]).toEqual(query);
          expect([...new URLSearchParams(url.hash.slice(1))]).toEqual(expected);
        } else {
          expect([...url.searchParams]).toEqual([...query, ...expected]);
          expect(url.hash).toBe('#frag');
        }
        expect(url.origin + url.pathname).toBe('https://shop.example/subscription-actions');
      },
    ),
    runs,
  );
});
