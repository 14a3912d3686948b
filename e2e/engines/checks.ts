// The core browser checks, written once against the engine-neutral driver (driver.ts) and
// run in each engine by its *.engine.ts file: every action, confirm mode, auto mode, the
// API's refusals and the network's bad days (through the fake's scripted faults: classic
// WebDriver cannot intercept requests), the link forms, the strict CSP + Trusted Types page,
// the ESM page, a page without a link, one request per token, and a sample of the hostile
// link corpus on the same trapped page as the Chromium suite. Where an engine cannot do
// what a check needs, the check's title says so and the check asserts what the engine does.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Action, EN, type ErrorCode, landing, RETRYABLE } from '../helpers';
import type { Engine, EngineKind } from './driver';
import { countFrom, expectRequests, mint, minted, performedFor, requestsFor, SITE } from './fake';
import {
  CORPUS_SIZE,
  HOSTILE,
  HOSTILE_CSP,
  HOSTILE_CSP_PAGE,
  HOSTILE_PAGE,
  type VisitOptions,
  visitHostile,
} from './hostile';

/** The confirm, Try again and every other button og-oca renders in the host. */
const BUTTON = '[data-oca] button';

/** What the host shows, read in one go. */
interface HostView {
  state: string | null;
  busy: string | null;
  error: string | null;
  status: string | null;
  alert: string | null;
  buttons: { text: string | null; enabled: boolean }[];
}

/** In the page: the host's view once it is in one of `states`, or when `timeout` ms ran out. */
const readHost = (states: string[], timeout: number) =>
  new Promise<HostView | null>((resolve) => {
    const end = Date.now() + timeout;
    const tick = () => {
      const host = document.querySelector('[data-oca]');
      const view = host && {
        state: host.getAttribute('data-oca-state'),
        busy: host.getAttribute('aria-busy'),
        error: host.getAttribute('data-oca-error'),
        status: host.querySelector(':scope > [role=status]')?.textContent ?? null,
        alert: host.querySelector(':scope > [role=alert]')?.textContent ?? null,
        buttons: [...host.querySelectorAll('button')].map((b) => ({
          text: b.textContent,
          enabled: !b.disabled,
        })),
      };
      if ((view && states.includes(view.state ?? '')) || Date.now() > end) resolve(view);
      else setTimeout(tick, 20);
    };
    tick();
  });

/** In the page: og-oca's events recorded since index `from`, once there are `count` (or after 15 s). */
const eventsFrom = async (from: number, count: number) => {
  const end = Date.now() + 15_000;
  const events = () => window.__engineRecord?.events.slice(from) ?? [];
  while (events().length < count && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return events();
};

/** In the page: the address bar and history.state, to look for the token. */
const addressOf = () => ({ href: location.href, state: JSON.stringify(history.state ?? null) });

/** Each action as a link carries it, the request the API gets, and what the subscriber reads. */
const ACTIONS: {
  name: string;
  action: Action;
  link: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, unknown>;
  label: string;
  text: string;
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

/** Firefox's console message for a request that failed at the network level (it quotes the URL). */
const BROWSER_NETWORK_ERROR = /CORS request did not succeed/;

/** Declares the checks for one engine: one browser, one page, reused by every check. */
export const describeEngine = (kind: EngineKind) => {
  describe(kind.name, () => {
    let engine: Engine;
    let userAgent: string;
    const out = join(process.env.ENGINES_OUTPUT ?? 'test-results/engines', kind.name.toLowerCase());

    beforeAll(async () => {
      engine = await kind.launch();
      userAgent = await engine.evaluate(() => navigator.userAgent);
      mkdirSync(out, { recursive: true });
      console.log(`${kind.name}: ${engine.version} (${userAgent})`);
    });
    afterAll(() => engine?.close());
    afterEach(async () => {
      if (!engine) return;
      expect(await engine.problems(), 'uncaught errors, dialogs or console errors').toEqual([]);
      const lines = engine.consoleLines() ?? []; // classic WebDriver (WebKit) has no console
      expect(
        lines.filter((line) => [...minted].some((token) => line.includes(token))),
        'console lines carrying a token',
      ).toEqual([]);
    });

    const open = (path: string, options?: { hideWebdriver?: boolean }) =>
      engine.goto(SITE + path, options);
    const host = (states: string | string[], timeout = 5000) =>
      engine.evaluate(readHost, [states].flat(), timeout);
    const eventCount = () => engine.evaluate(() => window.__engineRecord?.events.length ?? 0);
    const shot = (name: string) => engine.screenshot(join(out, `${name}.png`));

    /** The confirm state with one button labelled `label`, and nothing (more) sent yet for `token`. */
    const expectConfirm = async (token: string, label: string, sentBefore = 0) => {
      const view = await host('confirm');
      expect(view?.state, 'host state').toBe('confirm');
      expect(view?.buttons, 'the confirm button').toEqual([{ text: label, enabled: true }]);
      expect(await requestsFor(token), 'nothing sent before the click').toHaveLength(sentBefore);
    };
    /** Success: text in role=status, empty alert, no button, not busy, no error code. */
    const expectSuccess = async (text: string) => {
      expect(await host(['success', 'error'], 10_000), 'the host').toEqual({
        state: 'success',
        busy: null,
        error: null,
        status: text,
        alert: '',
        buttons: [],
      });
    };
    /** Error `code`: its text in role=alert and "Try again" exactly for retryable codes. */
    const expectError = async (code: ErrorCode, text = EN.error[code]) => {
      expect(await host(['success', 'error'], 15_000), 'the host').toEqual({
        state: 'error',
        busy: null,
        error: code,
        status: '',
        alert: text,
        buttons: RETRYABLE.includes(code) ? [{ text: EN.retry, enabled: true }] : [],
      });
    };
    /** The og-oca events since `mark` (an {@link eventCount}): these types, on the host, no token. */
    const expectEventsSince = async (mark: number, token: string, types: string[]) => {
      const events = await engine.evaluate(eventsFrom, mark, types.length);
      expect(
        events.map((e) => e.type),
        'og-oca events',
      ).toEqual(types);
      expect(
        events.every((e) => e.onHost),
        'events dispatched on the host, bubbling',
      ).toBe(true);
      expect(JSON.stringify(events), 'an event carrying the token').not.toContain(token);
      return events;
    };
    /** The token is in neither the address bar nor history.state. */
    const expectNoToken = async (token: string) => {
      const { href, state } = await engine.evaluate(addressOf);
      expect(decodeURIComponent(href), 'the address bar').not.toContain(token);
      expect(state, 'history.state').not.toContain(token);
    };
    /** Opens `path` for `token`, checks the confirm state and clicks as a person; returns the event mark. */
    const openAndConfirm = async (path: string, token: string, label: string, sentBefore = 0) => {
      await open(path);
      await expectConfirm(token, label, sentBefore);
      const mark = await eventCount();
      await engine.click(BUTTON);
      return mark;
    };

    /**
     * Takes the problems and console lines so far in a check where requests failed at the
     * network level. The browser's own message for such a request is expected (Firefox
     * logs it with the request's URL, token included: the browser's line, not og-oca's);
     * anything else fails. Says in the output what the browser logged.
     */
    const takeNetworkErrors = async (
      token: string,
      annotate: (message: string) => Promise<unknown>,
    ) => {
      if (kind.console) await sleep(300);
      const problems = await engine.problems();
      const lines = engine.consoleLines() ?? [];
      expect(
        problems.filter((problem) => !BROWSER_NETWORK_ERROR.test(problem)),
        "problems other than the browser's own network-error message",
      ).toEqual([]);
      expect(
        lines.filter((line) => line.includes(token) && !BROWSER_NETWORK_ERROR.test(line)),
        'console lines carrying the token',
      ).toEqual([]);
      const logged = [...problems, ...lines].filter((line) => BROWSER_NETWORK_ERROR.test(line));
      if (logged.length)
        await annotate(
          `${kind.name} logged each failed request itself (${logged.length}×), with its URL and so the token: "${logged[0]!.replace(token, '<token>').slice(0, 200)}"`,
        );
    };

    describe('every action', () => {
      for (const c of ACTIONS) {
        test(`${c.name}: confirm, one request, confirmation in role=status, oca:success, token gone`, async () => {
          const token = await mint({ action: c.action });
          const path = landing('/landing.html', { token, action: c.action, ...c.link });
          const mark = await openAndConfirm(path, token, c.label);
          await expectSuccess(c.text);
          await expectRequests(token, [
            { path: `/one_click/${c.action}`, query: { token, ...c.query } },
          ]);
          expect(await performedFor(token)).toEqual([{ action: c.action, params: c.query }]);
          const events = await expectEventsSince(mark, token, ['oca:pending', 'oca:success']);
          expect(events.at(-1)?.detail).toEqual({ action: c.action, params: c.params });
          await expectNoToken(token);
          // All of the link left the address bar; the page stays.
          const left = new URL((await engine.evaluate(addressOf)).href);
          expect(left.pathname).toBe('/landing.html');
          expect(left.search).toBe('');
          await shot(`success-${c.action}-${Object.keys(c.link).join('-') || 'plain'}`);
        });
      }
    });

    describe('modes', () => {
      test(
        kind.initScripts
          ? 'confirm mode: oca:pending then oca:confirm on load, token gone, synthetic clicks do nothing, a real click sends once'
          : 'confirm mode: token gone, synthetic clicks do nothing, a real click sends once (the events on load are not observable: classic WebDriver has no init scripts)',
        async () => {
          const token = await mint({ action: 'delay' });
          await open(landing('/landing-confirm.html', { token, action: 'delay', days: 21 }));
          await expectConfirm(token, EN.confirm.delay(21));
          await expectNoToken(token);
          if (kind.initScripts) {
            const events = await expectEventsSince(0, token, ['oca:pending', 'oca:confirm']);
            expect(events.at(-1)?.detail).toEqual({ action: 'delay', params: { days: 21 } });
          }
          // Clicks made by scripts (a scanner's, or the page's) are not a person's click.
          const afterSynthetic = await engine.evaluate(async () => {
            const button = document.querySelector<HTMLButtonElement>('[data-oca] button')!;
            button.click();
            button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
            button.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
            await new Promise((resolve) =>
              requestAnimationFrame(() => requestAnimationFrame(resolve)),
            );
            const state = document.querySelector('[data-oca]')?.getAttribute('data-oca-state');
            return { state, disabled: button.disabled, connected: button.isConnected };
          });
          expect(afterSynthetic).toEqual({ state: 'confirm', disabled: false, connected: true });
          expect(await requestsFor(token), 'synthetic clicks sent nothing').toEqual([]);

          const mark = await eventCount();
          await engine.click(BUTTON);
          await expectSuccess(EN.success.delay(21));
          await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
          await expectEventsSince(mark, token, ['oca:pending', 'oca:success']);
          await shot('confirm-mode-success');
        },
      );

      test('auto mode in a browser that says it is automated (navigator.webdriver) falls back to confirm: nothing sent until a real click', async () => {
        const token = await mint({ action: 'skip' });
        await open(landing('/landing.html', { token, action: 'skip' }));
        expect(await engine.evaluate(() => navigator.webdriver)).toBe(true);
        await expectConfirm(token, EN.confirm.skip);
        await sleep(300);
        expect(await requestsFor(token), 'auto mode sent nothing to an automated browser').toEqual(
          [],
        );
        await engine.click(BUTTON);
        await expectSuccess(EN.success.skip);
        await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
      });

      test(
        kind.initScripts
          ? 'auto mode acts on load with no click when navigator.webdriver is false (hidden by an init script)'
          : 'auto mode with navigator.webdriver false is not reproducible: classic WebDriver has no init scripts to hide it; checks it stays true, so WebKit runs the confirm fallback above',
        async () => {
          const token = await mint({ action: 'upsell' });
          const path = landing('/landing.html', {
            token,
            action: 'upsell',
            product: 'CB-CONC-32',
            quantity: 2,
          });
          if (!kind.initScripts) {
            await open(path);
            expect(await engine.evaluate(() => navigator.webdriver)).toBe(true);
            await expectConfirm(token, EN.confirm.upsell(2, 'CB-CONC-32'));
            return;
          }
          await open(path, { hideWebdriver: true });
          expect(await engine.evaluate(() => navigator.webdriver)).toBe(false);
          await expectSuccess(EN.success.upsell(2, 'CB-CONC-32'));
          await expectRequests(token, [
            { path: '/one_click/upsell', query: { token, product: 'CB-CONC-32', quantity: '2' } },
          ]);
          expect(await performedFor(token)).toHaveLength(1);
          const events = await expectEventsSince(0, token, ['oca:pending', 'oca:success']);
          expect(events.at(-1)?.detail).toEqual({
            action: 'upsell',
            params: { product: 'CB-CONC-32', quantity: 2 },
          });
          await expectNoToken(token);
          await shot('auto-mode-success');
        },
      );
    });

    describe('errors', () => {
      for (const [code, spec, action] of [
        ['used_token', { state: 'used' }, 'skip'],
        ['expired_token', { state: 'expired' }, 'delay'],
      ] as const) {
        test(`${code}: the API's refusal in role=alert, no Try again, one request, nothing carried out`, async () => {
          const token = await mint(spec);
          const label = action === 'skip' ? EN.confirm.skip : EN.confirm.delay(14);
          const mark = await openAndConfirm(
            landing('/landing.html', { token, action }),
            token,
            label,
          );
          await expectError(code);
          await expectRequests(token, [{ path: `/one_click/${action}`, query: { token } }]);
          expect(await performedFor(token)).toEqual([]);
          const events = await expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
          expect(events.at(-1)?.detail).toMatchObject({ action, error: { code } });
          await expectNoToken(token);
          await shot(`error-${code}`);
        });
      }

      test('server (503 once): Try again, then success; two requests, carried out once', async () => {
        const token = await mint({ action: 'delay', fault: 'error503', faultTimes: 1 });
        await openAndConfirm(
          landing('/landing.html', { token, action: 'delay', days: 14 }),
          token,
          EN.confirm.delay(14),
        );
        await expectError('server');
        const one = { path: '/one_click/delay', query: { token, days: '14' } };
        await expectRequests(token, [one]); // no automatic retry
        await shot('error-server');
        await engine.click(BUTTON);
        await expectSuccess(EN.success.delay(14));
        await expectRequests(token, [one, one]);
        expect(await performedFor(token)).toEqual([{ action: 'delay', params: { days: '14' } }]);
      });

      const attempts = kind.attemptsPerDroppedGet;
      const resends = Math.min(...attempts) > 1;
      const attemptsText = attempts.join(' or ');
      test(
        attempts.some((n) => n > 1)
          ? `network (every connection dropped): error with Try again; each click reaches the API ${attemptsText} times, as the browser itself resends a GET whose connection dropped (og-oca fetches once)`
          : 'network (every connection dropped): error with Try again; one request per click',
        async ({ annotate }) => {
          const token = await mint({ action: 'skip', fault: 'reset' });
          await openAndConfirm(
            landing('/landing.html', { token, action: 'skip' }),
            token,
            EN.confirm.skip,
          );
          await expectError('network');
          const first = (await requestsFor(token)).length;
          expect(first, 'requests for the first click').toBeOneOf([...attempts]);
          await shot('error-network');
          const mark = await eventCount();
          await engine.click(BUTTON);
          await expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
          await expectError('network');
          const both = await requestsFor(token);
          expect(both.length - first, 'requests for the Try again click').toBeOneOf([...attempts]);
          expect(new Set(both.map((r) => `${r.method} ${r.path}`))).toEqual(
            new Set(['GET /one_click/skip']),
          );
          expect(await performedFor(token)).toEqual([]);
          await annotate(
            `${kind.name} sent the dropped GET ${first} time(s) for the click, ${both.length - first} for Try again`,
          );
          await takeNetworkErrors(token, annotate);
        },
      );

      test(
        resends
          ? 'network, the answer lost after the action was carried out: the browser resends the GET by itself, the API answers "used" to the page\'s only fetch, so the page shows used_token (the change was made)'
          : `network, the answer lost after the action was carried out: network error, Try again is answered "used", so success with recovered: true${attempts.some((n) => n > 1) ? ' — or, when the browser resent the GET by itself on a reused connection, used_token at once' : ''}`,
        async ({ annotate }) => {
          const token = await mint({ action: 'skip', fault: 'lost', faultTimes: 1 });
          const mark = await openAndConfirm(
            landing('/landing.html', { token, action: 'skip' }),
            token,
            EN.confirm.skip,
          );
          await host(['success', 'error'], 15_000);
          const one = { path: '/one_click/skip', query: { token } };
          const resent = (await requestsFor(token)).length > 1;
          if (resends) expect(resent, 'the browser resent the GET by itself').toBe(true);
          if (resent) {
            await expectError('used_token');
            await expectRequests(token, [one, one]);
            await annotate(`${kind.name} resent the GET by itself: used_token`);
          } else {
            await expectError('network');
            await expectRequests(token, [one]);
            await engine.click(BUTTON);
            await expectSuccess(EN.success.skip);
            await expectRequests(token, [one, one]);
            const events = await expectEventsSince(mark, token, [
              'oca:pending',
              'oca:error',
              'oca:pending',
              'oca:success',
            ]);
            expect(events.at(-1)?.detail).toEqual({ action: 'skip', params: {}, recovered: true });
            await annotate(`${kind.name} did not resend: network, then a recovered success`);
          }
          expect(await performedFor(token)).toHaveLength(1);
          await takeNetworkErrors(token, annotate);
        },
      );

      test('timeout (the API slower than the page’s 2 s, once; carried out on arrival): Try again is answered "used", so success with recovered: true', async () => {
        const token = await mint({ action: 'skip', fault: 'slow', delayMs: 6000, faultTimes: 1 });
        const mark = await openAndConfirm(
          landing('/landing-slow.html', { token, action: 'skip' }),
          token,
          EN.confirm.skip,
        );
        await expectError('timeout');
        const one = { path: '/one_click/skip', query: { token } };
        await expectRequests(token, [one]);
        await shot('error-timeout');
        await engine.click(BUTTON);
        await expectSuccess(EN.success.skip);
        await expectRequests(token, [one, one]);
        expect(await performedFor(token)).toHaveLength(1);
        const events = await expectEventsSince(mark, token, [
          'oca:pending',
          'oca:error',
          'oca:pending',
          'oca:success',
        ]);
        expect(events.at(-1)?.detail).toEqual({ action: 'skip', params: {}, recovered: true });
      });
    });

    describe('links', () => {
      test('legacy #og_quick_action=delay#og_delay_by=21#og_quick_action_token=T: one request, the fragment gone', async () => {
        const token = await mint({ action: 'delay' });
        await openAndConfirm(
          `/landing.html#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${token}`,
          token,
          EN.confirm.delay(21),
        );
        await expectSuccess(EN.success.delay(21));
        await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
        await expectNoToken(token);
        const left = new URL((await engine.evaluate(addressOf)).href);
        expect([left.pathname, left.hash]).toEqual(['/landing.html', '']);
      });

      test('fragment #token=…&action=…: one request, the fragment gone, the query kept', async () => {
        const token = await mint({ action: 'reactivate' });
        await openAndConfirm(
          `/landing.html?utm_source=email#token=${token}&action=reactivate&og_winback_id=WB-SPRING-15`,
          token,
          EN.confirm.reactivate,
        );
        await expectSuccess(EN.success.reactivate);
        await expectRequests(token, [
          { path: '/one_click/reactivate', query: { token, winback_id: 'WB-SPRING-15' } },
        ]);
        await expectNoToken(token);
        const left = new URL((await engine.evaluate(addressOf)).href);
        expect([left.search, left.hash]).toEqual(['?utm_source=email', '']);
      });
    });

    describe('pages', () => {
      test(
        kind.initScripts
          ? 'strict CSP + Trusted Types page: the policy is enforced, success with zero violations, then used_token'
          : 'strict CSP + Trusted Types page: the policy is enforced, success with zero violations (seen from load on: no init scripts), then used_token',
        async () => {
          const token = await mint({ action: 'skip' });
          const path = landing('/landing-csp.html', { token, action: 'skip' });
          await openAndConfirm(path, token, EN.confirm.skip);
          await expectSuccess(EN.success.skip);
          const violations = () => engine.evaluate(() => window.__engineRecord?.violations ?? []);
          expect(await violations(), 'CSP violations').toEqual([]);
          await shot('csp-success');
          await openAndConfirm(path, token, EN.confirm.skip, 1);
          await expectError('used_token');
          const one = { path: '/one_click/skip', query: { token } };
          await expectRequests(token, [one, one]);
          expect(await violations(), 'CSP violations').toEqual([]);
          expect(await engine.problems(), 'problems before the policy probe').toEqual([]);
          // The page really is under the policy: a string given to an HTML sink is refused.
          const probe = await engine.evaluate(() => {
            try {
              document.createElement('div').innerHTML = '<b>x</b>';
              return 'an HTML string was accepted';
            } catch (error) {
              return (error as Error).name;
            }
          });
          expect(probe, 'innerHTML under require-trusted-types-for').toBe('TypeError');
          if (kind.console) {
            // The browser reports the probe's violation in the console (it may come late).
            const reported: string[] = [];
            for (let i = 0; i < 60 && !reported.some((p) => /injection sink/.test(p)); i++) {
              await sleep(50);
              reported.push(...(await engine.problems()));
            }
            expect(reported.join('\n'), 'the violation report').toMatch(/injection sink/);
          }
        },
      );

      test('the ESM build (landing-esm.html): confirm, success, no window.OCA', async () => {
        const token = await mint({ action: 'delay' });
        await openAndConfirm(
          landing('/landing-esm.html', { token, action: 'delay', days: 14 }),
          token,
          EN.confirm.delay(14),
        );
        await expectSuccess(EN.success.delay(14));
        await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '14' } }]);
        await expectNoToken(token);
        expect(await engine.evaluate(() => 'OCA' in window), 'window.OCA').toBe(false);
        await shot('esm-success');
      });

      test(
        kind.initScripts && kind.console
          ? 'a page without a 1-click link is idle: no host inserted, nothing rendered, dispatched, logged or sent; OCA.run() resolves { status: "idle" }'
          : 'a page without a 1-click link is idle: no host inserted, nothing rendered, dispatched (from load on) or sent; OCA.run() resolves { status: "idle" } (the console is not observable: classic WebDriver)',
        async () => {
          const sentBefore = await countFrom(userAgent);
          for (const [path, hosts] of [
            ['/landing.html?utm_source=newsletter&utm_medium=email', 1],
            ['/fixtures/no-host.html', 0],
          ] as const) {
            engine.consoleLines();
            await open(path);
            const page = () =>
              engine.evaluate(async () => {
                await new Promise((resolve) => setTimeout(resolve, 200));
                const hosts = [...document.querySelectorAll('[data-oca]')];
                return {
                  hosts: hosts.map((host) => ({
                    attributes: host.getAttributeNames(),
                    children: host.childNodes.length,
                  })),
                  events: window.__engineRecord?.events.map((e) => e.type) ?? [],
                };
              });
            const untouched = {
              hosts: Array(hosts).fill({ attributes: ['data-oca'], children: 0 }),
              events: [],
            };
            expect(await page(), `${path} as loaded`).toEqual(untouched);
            const result = await engine.evaluate(() =>
              (window as { OCA?: { run(): Promise<unknown> } }).OCA?.run(),
            );
            expect(result, `${path}: OCA.run()`).toEqual({ status: 'idle' });
            expect(await page(), `${path} after OCA.run()`).toEqual(untouched);
            expect(engine.consoleLines() ?? [], `${path}: console lines`).toEqual([]);
          }
          expect(await countFrom(userAgent), 'requests sent by this browser').toBe(sentBefore);
        },
      );
    });

    describe('one request per token', () => {
      test('after success, a reload shows the outcome again and a second OCA.run() resolves it: nothing sent again', async () => {
        const token = await mint({ action: 'delay' });
        await openAndConfirm(
          landing('/landing.html', { token, action: 'delay', days: 21 }),
          token,
          EN.confirm.delay(21),
        );
        await expectSuccess(EN.success.delay(21));
        const one = [{ path: '/one_click/delay', query: { token, days: '21' } }];
        await expectRequests(token, one);
        expect(
          await engine.evaluate(() =>
            (window as { OCA?: { run(): Promise<{ status: string }> } }).OCA?.run().then(
              (r) => r.status,
            ),
          ),
        ).toBe('success');
        await engine.reload();
        await expectSuccess(EN.success.delay(21));
        await expectRequests(token, one);
        await expectNoToken(token);
      });

      test('a double click on the confirm button sends the action once (the engine delivers event.detail 1 then 2)', async () => {
        const token = await mint({ action: 'skip', fault: 'slow', delayMs: 500 });
        await open(landing('/landing-confirm.html', { token, action: 'skip' }));
        await expectConfirm(token, EN.confirm.skip);
        await engine.evaluate(() => {
          const details: number[] = [];
          (window as { __clickDetails?: number[] }).__clickDetails = details;
          document.addEventListener('click', (event) => details.push(event.detail), true);
        });
        await engine.click(BUTTON, { count: 2 });
        await expectSuccess(EN.success.skip);
        expect(
          await engine.evaluate(() => (window as { __clickDetails?: number[] }).__clickDetails),
          'event.detail of the two clicks',
        ).toEqual([1, 2]);
        await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
      });

      test('a double click on Try again after a fast error sends one retry, not two', async () => {
        const token = await mint({ action: 'skip', fault: 'error500' });
        await openAndConfirm(
          landing('/landing.html', { token, action: 'skip' }),
          token,
          EN.confirm.skip,
        );
        await expectError('server');
        const mark = await eventCount();
        await engine.click(BUTTON, { count: 2 });
        await expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
        await sleep(300); // room for a second retry, were one sent
        await expectError('server');
        const one = { path: '/one_click/skip', query: { token } };
        await expectRequests(token, [one, one]);
      });
    });

    describe('hostile links', () => {
      const visitAll = (urls: string[], options: VisitOptions = {}) =>
        visitHostile(engine, kind, urls, { ...options, userAgent });

      test('the harness sees an injection (self-test: the trap and the checks work in this engine)', async () => {
        const valid = `${HOSTILE_PAGE}?token=eyJhbGciOiJFUzUxMiJ9.e30.c2ln&action=skip`;
        expect(await visitAll([valid])).toEqual([]);
        expect((await host('confirm'))?.state).toBe('confirm');
        const injected = await visitAll([`${valid}&x=1`], {
          meddle: () =>
            // Idempotent: WebKit reports the dialog by failing this command, which is then sent again.
            engine.evaluate(
              () =>
                new Promise<void>((resolve) => {
                  const status = document.querySelector('[data-oca] .oca-status')!;
                  if (status.querySelector('img')) return resolve();
                  status.insertAdjacentHTML(
                    'beforeend',
                    '<img src="/x" onerror="window.__pwned=1;alert(1)">',
                  );
                  status.querySelector('img')!.addEventListener('error', () => setTimeout(resolve));
                }),
            ),
        });
        const text = injected.join('\n');
        for (const expected of [
          'dialog opened',
          'window.__pwned = 1',
          'trap: element <img> added',
          'elements img in the page',
          'host holds img',
          'unexpected request /x',
        ])
          expect(text, 'what the harness reports for an injected <img onerror>').toContain(
            expected,
          );

        // On the CSP page, any HTML sink given a string is refused, loudly.
        const csp = await visitAll([valid.replace(HOSTILE_PAGE, HOSTILE_CSP_PAGE)], {
          meddle: () =>
            engine.evaluate(() => {
              setTimeout(() =>
                document.querySelector('[data-oca]')!.insertAdjacentHTML('beforeend', '<b>x</b>'),
              );
            }),
        });
        expect(csp.join('\n'), 'an HTML sink under Trusted Types').toMatch(
          /TrustedHTML|injection sink|Sink type mismatch/,
        );
      });

      test(`the sample is at least 50 URLs of the ${CORPUS_SIZE}-URL corpus`, () => {
        expect(HOSTILE.length + HOSTILE_CSP.length).toBeGreaterThanOrEqual(50);
      });

      for (const [urls, where] of [
        [HOSTILE, 'on the trapped page'],
        [HOSTILE_CSP, 'under a strict CSP with Trusted Types'],
      ] as const) {
        for (let start = 0; start < urls.length; start += 25) {
          const batch = urls.slice(start, start + 25);
          test(`hostile links ${where} ${start + 1}–${start + batch.length} of ${urls.length}: no injection, no request, a design state`, async ({
            annotate,
          }) => {
            expect(await visitAll(batch, { annotate })).toEqual([]);
          }, 120_000);
        }
      }
    });
  });
};
