// The link forms the landing page reads: Ordergroove's legacy fragment, the #token=…
// fragment, and old base64 tokens as mail delivers them. Each sends the right request once
// and leaves no token (and no og-oca key) behind.
import { describe, expect, test } from 'vitest';
import { EN } from '../../helpers';
import { expectRequests, mint } from '../fake';
import type { Harness } from '../harness';

export const links = (h: Harness) =>
  describe('links', () => {
    test('legacy #og_quick_action=delay#og_delay_by=21#og_quick_action_token=T: one request, the fragment gone', async () => {
      const token = await mint({ action: 'delay' });
      await h.openAndConfirm(
        `/landing.html#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${token}`,
        token,
        EN.confirm.delay(21),
      );
      await h.expectSuccess(EN.success.delay(21));
      await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
      await h.expectNoToken(token);
      const left = await h.address();
      expect([left.pathname, left.hash]).toEqual(['/landing.html', '']);
    });

    test('fragment #token=…&action=…: one request, the fragment gone, the query kept', async () => {
      const token = await mint({ action: 'reactivate' });
      await h.openAndConfirm(
        `/landing.html?utm_source=email#token=${token}&action=reactivate&og_winback_id=WB-SPRING-15`,
        token,
        EN.confirm.reactivate,
      );
      await h.expectSuccess(EN.success.reactivate);
      await expectRequests(token, [
        { path: '/one_click/reactivate', query: { token, winback_id: 'WB-SPRING-15' } },
      ]);
      await h.expectNoToken(token);
      const left = await h.address();
      expect([left.search, left.hash]).toEqual(['?utm_source=email', '']);
    });

    for (const encoded of [true, false])
      test(
        encoded
          ? 'an old base64 token (+ / =), URL-encoded, reaches the API unchanged; the action is case-insensitive (SKIP)'
          : 'an old base64 token (+ / =), raw so + arrives as a space, reaches the API unchanged; the action is case-insensitive (Skip)',
        async () => {
          const token = await mint({ format: 'base64' });
          expect(token).toMatch(/[+/=]/);
          const link = encoded
            ? `/landing.html?token=${encodeURIComponent(token)}&action=SKIP`
            : `/landing.html?token=${token}&action=Skip`;
          await h.openAndConfirm(link, token, EN.confirm.skip);
          await h.expectSuccess(EN.success.skip);
          await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
          await h.expectNoToken(token);
        },
      );
  });
