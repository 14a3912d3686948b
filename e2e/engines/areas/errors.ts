// Every error as the subscriber sees it: the link's own errors (at once, nothing sent), the
// API's refusals, and the network's bad days through the fake's scripted faults (classic
// WebDriver cannot intercept requests): the text in role=alert, data-oca-error, and "Try
// again" exactly for the errors a retry can cure, which sends the action once more and only then.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { EN, type ErrorCode, landing, type TokenSpec } from '../../helpers';
import { expectRequests, mint, performedFor, requestsFor } from '../fake';
import { BUTTON, type Harness } from '../harness';

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

export const errors = (h: Harness) =>
  describe('errors', () => {
    for (const c of LINK_ERRORS)
      test(
        h.kind.initScripts
          ? `link error ${c.code} (${c.name}): shown at once, one oca:error and no oca:confirm, nothing sent, no Try again, token gone`
          : `link error ${c.code} (${c.name}): shown at once, nothing sent, no Try again, token gone (the event, fired before load, is not observable: no init scripts)`,
        async () => {
          const token = c.spec ? await mint(c.spec) : undefined;
          await h.open(landing('/landing.html', { token, ...c.link }));
          await h.expectError(c.code);
          if (h.kind.initScripts) {
            const events = await h.events();
            expect(events.map((e) => e.type)).not.toContain('oca:confirm');
            expect(events.filter((e) => e.type === 'oca:error')).toHaveLength(1);
            const error = (events.at(-1)?.detail as { error?: unknown } | null)?.error;
            expect(error).toMatchObject({ code: c.code, message: EN.error[c.code] });
            if (c.param) expect(error).toMatchObject({ param: c.param });
            if (token) expect(JSON.stringify(events)).not.toContain(token);
          }
          if (token) {
            await expectRequests(token, []);
            await h.expectNoToken(token);
          }
        },
      );

    test('link error invalid_link for a token with markup in it: never becomes markup, no dialog', async () => {
      const token = '"><img src=x onerror=alert(1)>';
      await h.open(landing('/landing.html', { token, action: 'skip' }));
      await h.expectError('invalid_link');
      if (h.kind.initScripts)
        expect(
          ((await h.events()).at(-1)?.detail as { error?: unknown } | null)?.error,
        ).toMatchObject({ param: 'token' });
      expect(
        await h.engine.evaluate(() => ({
          images: document.querySelectorAll('img[src=x], [data-oca] img').length,
          href: location.href.includes('onerror'),
        })),
      ).toEqual({ images: 0, href: false });
      // A dialog would be reported by the after-each check.
    });

    for (const c of REFUSALS)
      test(`${c.code} (${c.name}): the API's refusal in role=alert with its reason in the event, no Try again, one request, nothing carried out`, async () => {
        const token = await mint(c.spec);
        const label = c.action === 'skip' ? EN.confirm.skip : EN.confirm.delay(14);
        const mark = await h.openAndConfirm(
          landing('/landing.html', { token, action: c.action }),
          token,
          label,
        );
        await h.expectError(c.code);
        await expectRequests(token, [{ path: `/one_click/${c.action}`, query: { token } }]);
        expect(await performedFor(token)).toEqual([]);
        const events = await h.expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
        expect(events.at(-1)?.detail).toMatchObject({
          action: c.action,
          error: { code: c.code, message: EN.error[c.code], reason: c.reason },
        });
        await h.expectNoToken(token);
        await h.shot(`error-${c.code}`);
      });

    test('server (503 once): Try again, then success; two requests, carried out once', async () => {
      const token = await mint({ action: 'delay', fault: 'error503', faultTimes: 1 });
      const mark = await h.openAndConfirm(
        landing('/landing.html', { token, action: 'delay', days: 14 }),
        token,
        EN.confirm.delay(14),
      );
      await h.expectError('server');
      const one = { path: '/one_click/delay', query: { token, days: '14' } };
      await expectRequests(token, [one]); // no automatic retry
      await h.shot('error-server');
      await h.engine.click(BUTTON);
      await h.expectSuccess(EN.success.delay(14));
      await expectRequests(token, [one, one]);
      expect(await performedFor(token)).toEqual([{ action: 'delay', params: { days: '14' } }]);
      const events = await h.expectEventsSince(mark, token, [
        'oca:pending',
        'oca:error',
        'oca:pending',
        'oca:success',
      ]);
      expect(events.at(-1)?.detail).toEqual({ action: 'delay', params: { days: 14 } });
    });

    test('server (500 every time): each Try again shows it again, one request per click', async () => {
      const token = await mint({ fault: 'error500' });
      const mark = await h.openAndConfirm(
        landing('/landing.html', { token, action: 'skip' }),
        token,
        EN.confirm.skip,
      );
      await h.expectError('server');
      const events = await h.expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
      expect(events.at(-1)?.detail).toMatchObject({
        error: { code: 'server', message: EN.error.server },
      });
      await h.expectNoToken(token);
      const one = { path: '/one_click/skip', query: { token } };
      for (const sent of [2, 3]) {
        const before = await h.eventCount();
        await h.engine.click(BUTTON);
        await h.expectEventsSince(before, token, ['oca:pending', 'oca:error']);
        await h.expectError('server');
        await expectRequests(token, Array(sent).fill(one));
      }
    });

    test('non-JSON bodies: an HTML error page (500) is a server error and none of it is rendered; a plain-text 200 is a success', async () => {
      const token = await mint({ fault: 'html500' });
      const mark = await h.openAndConfirm(
        landing('/landing.html', { token, action: 'skip' }),
        token,
        EN.confirm.skip,
      );
      await h.expectError('server');
      await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
      const events = await h.expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
      expect((events.at(-1)?.detail as { error?: object } | undefined)?.error).not.toHaveProperty(
        'reason',
      );
      // Nothing of the error page reached the document: its heading, its image, its scripts.
      expect(
        await h.engine.evaluate(() => ({
          text: /Internal Server Error|unable to complete your request/.test(
            document.body.textContent ?? '',
          ),
          images: document.querySelectorAll('img[src*="x-does-not-exist"]').length,
          injected: (window as { __ocaInjected?: unknown }).__ocaInjected ?? null,
          title: document.title === 'PWNED',
        })),
      ).toEqual({ text: false, images: 0, injected: null, title: false });

      // 200 text/plain "OK": a 2xx is a success whatever its body.
      const plain = await mint({ fault: 'nonjson' });
      await h.openAndConfirm(
        landing('/landing.html', { token: plain, action: 'skip' }),
        plain,
        EN.confirm.skip,
      );
      await h.expectSuccess(EN.success.skip);
      await expectRequests(plain, [{ path: '/one_click/skip', query: { token: plain } }]);
    });

    const attempts = h.kind.attemptsPerDroppedGet;
    const resends = Math.min(...attempts) > 1;
    const attemptsText = attempts.join(' or ');
    test(
      attempts.some((n) => n > 1)
        ? `network (every connection dropped): error with Try again; each click reaches the API ${attemptsText} times, as the browser itself resends a GET whose connection dropped (og-oca fetches once)`
        : 'network (every connection dropped): error with Try again; one request per click',
      async ({ annotate }) => {
        const token = await mint({ action: 'skip', fault: 'reset' });
        await h.openAndConfirm(
          landing('/landing.html', { token, action: 'skip' }),
          token,
          EN.confirm.skip,
        );
        await h.expectError('network');
        const first = (await requestsFor(token)).length;
        expect(first, 'requests for the first click').toBeOneOf([...attempts]);
        await h.shot('error-network');
        const mark = await h.eventCount();
        await h.engine.click(BUTTON);
        await h.expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
        await h.expectError('network');
        const both = await requestsFor(token);
        expect(both.length - first, 'requests for the Try again click').toBeOneOf([...attempts]);
        expect(new Set(both.map((r) => `${r.method} ${r.path}`))).toEqual(
          new Set(['GET /one_click/skip']),
        );
        expect(await performedFor(token)).toEqual([]);
        await annotate(
          `${h.kind.name} sent the dropped GET ${first} time(s) for the click, ${both.length - first} for Try again`,
        );
        await h.takeNetworkErrors(token, annotate);
      },
    );

    /**
     * A click on a skip link whose first connection drops (`reset`: before the action is
     * carried out; `lost`: after): the page's outcome, and whether the browser resent the GET.
     */
    const dropOnce = async (fault: 'reset' | 'lost') => {
      const token = await mint({ action: 'skip', fault, faultTimes: 1 });
      const mark = await h.openAndConfirm(
        landing('/landing.html', { token, action: 'skip' }),
        token,
        EN.confirm.skip,
      );
      await h.host(['success', 'error'], 15_000);
      const resent = (await requestsFor(token)).length > 1;
      if (resends) expect(resent, 'the browser resent the GET by itself').toBe(true);
      return { token, mark, one: { path: '/one_click/skip', query: { token } }, resent };
    };

    test(
      resends
        ? 'network once (the first connection dropped): the browser resends the GET by itself and the page shows success with no error (og-oca fetched once)'
        : `network once (the first connection dropped): network error with Try again and no automatic retry; Try again sends once more and succeeds${attempts.some((n) => n > 1) ? ' — or, when the browser resent the GET by itself on a reused connection, success at once' : ''}`,
      async ({ annotate }) => {
        const { token, mark, one, resent } = await dropOnce('reset');
        if (resent) {
          await h.expectSuccess(EN.success.skip);
          await expectRequests(token, [one, one]);
          await h.expectEventsSince(mark, token, ['oca:pending', 'oca:success']);
          await annotate(`${h.kind.name} resent the GET by itself: success at once`);
        } else {
          await h.expectError('network');
          await expectRequests(token, [one]);
          const events = await h.expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
          expect(events.at(-1)?.detail).toMatchObject({
            error: { code: 'network', message: EN.error.network },
          });
          await h.engine.click(BUTTON);
          await h.expectSuccess(EN.success.skip);
          await expectRequests(token, [one, one]);
        }
        expect(await performedFor(token)).toHaveLength(1);
        await h.takeNetworkErrors(token, annotate);
      },
    );

    test(
      resends
        ? 'network, the answer lost after the action was carried out: the browser resends the GET by itself, the API answers "used" to the page\'s only fetch, so the page shows used_token (the change was made)'
        : `network, the answer lost after the action was carried out: network error, Try again is answered "used", so success with recovered: true${attempts.some((n) => n > 1) ? ' — or, when the browser resent the GET by itself on a reused connection, used_token at once' : ''}`,
      async ({ annotate }) => {
        const { token, mark, one, resent } = await dropOnce('lost');
        if (resent) {
          await h.expectError('used_token');
          await expectRequests(token, [one, one]);
          await annotate(`${h.kind.name} resent the GET by itself: used_token`);
        } else {
          await h.expectError('network');
          await expectRequests(token, [one]);
          // The fake carried the action out although the page never heard back.
          expect(await performedFor(token)).toHaveLength(1);
          await h.engine.click(BUTTON);
          await h.expectSuccess(EN.success.skip);
          await expectRequests(token, [one, one]);
          const events = await h.expectEventsSince(mark, token, [
            'oca:pending',
            'oca:error',
            'oca:pending',
            'oca:success',
          ]);
          expect(events.at(-1)?.detail).toEqual({ action: 'skip', params: {}, recovered: true });
          expect(
            await h.engine.evaluate(() =>
              (window as { OCA?: { run(): Promise<unknown> } }).OCA?.run(),
            ),
            'OCA.run() after the recovered success',
          ).toEqual({ status: 'success', action: 'skip', params: {}, recovered: true });
          await annotate(`${h.kind.name} did not resend: network, then a recovered success`);
        }
        expect(await performedFor(token)).toHaveLength(1);
        await h.takeNetworkErrors(token, annotate);
      },
    );

    test('timeout (the API slower than the page’s 2 s, once; carried out on arrival): Try again is answered "used", so success with recovered: true', async () => {
      const token = await mint({ action: 'skip', fault: 'slow', delayMs: 4000, faultTimes: 1 });
      const mark = await h.openAndConfirm(
        landing('/landing-slow.html', { token, action: 'skip' }),
        token,
        EN.confirm.skip,
      );
      await h.expectError('timeout');
      const one = { path: '/one_click/skip', query: { token } };
      await expectRequests(token, [one]);
      await h.shot('error-timeout');
      await h.engine.click(BUTTON);
      await h.expectSuccess(EN.success.skip);
      await expectRequests(token, [one, one]);
      expect(await performedFor(token)).toHaveLength(1);
      const events = await h.expectEventsSince(mark, token, [
        'oca:pending',
        'oca:error',
        'oca:pending',
        'oca:success',
      ]);
      expect(events.at(-1)?.detail).toEqual({ action: 'skip', params: {}, recovered: true });
      expect(
        await h.engine.evaluate(() => (window as { OCA?: { run(): Promise<unknown> } }).OCA?.run()),
        'OCA.run() after the recovered success',
      ).toEqual({ status: 'success', action: 'skip', params: {}, recovered: true });
    });

    test('a first "used" is used_token, not a recovered success: the change is already made', async () => {
      const token = await mint({ state: 'used' });
      await h.openAndConfirm(
        landing('/landing.html', { token, action: 'skip' }),
        token,
        EN.confirm.skip,
      );
      await h.expectError('used_token');
      expect(EN.error.used_token).toContain('already made');
      await sleep(100);
      expect(JSON.stringify(await h.events())).not.toContain('recovered');
    });
  });
