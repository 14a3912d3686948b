// The ways a store puts og-oca on a page, in every engine: the strict CSP + Trusted Types
// page, the npm (ESM) build, and pages with no 1-click link, which get nothing at all.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { EN, landing } from '../../helpers';
import { countFrom, expectRequests, mint } from '../fake';
import type { Harness } from '../harness';

export const pages = (h: Harness) =>
  describe('pages', () => {
    test(
      h.kind.initScripts
        ? 'strict CSP + Trusted Types page: the policy is enforced, success with zero violations, then used_token'
        : 'strict CSP + Trusted Types page: the policy is enforced, success with zero violations (seen from load on: no init scripts), then used_token',
      async () => {
        const token = await mint({ action: 'skip' });
        const path = landing('/landing-csp.html', { token, action: 'skip' });
        await h.openAndConfirm(path, token, EN.confirm.skip);
        await h.expectSuccess(EN.success.skip);
        const violations = () => h.engine.evaluate(() => window.__engineRecord?.violations ?? []);
        expect(await violations(), 'CSP violations').toEqual([]);
        await h.shot('csp-success');
        await h.openAndConfirm(path, token, EN.confirm.skip, 1);
        await h.expectError('used_token');
        const one = { path: '/one_click/skip', query: { token } };
        await expectRequests(token, [one, one]);
        expect(await violations(), 'CSP violations').toEqual([]);
        expect(await h.engine.problems(), 'problems before the policy probe').toEqual([]);
        // The page really is under the policy: a string given to an HTML sink is refused.
        const probe = await h.engine.evaluate(() => {
          try {
            document.createElement('div').innerHTML = '<b>x</b>';
            return 'an HTML string was accepted';
          } catch (error) {
            return (error as Error).name;
          }
        });
        expect(probe, 'innerHTML under require-trusted-types-for').toBe('TypeError');
        if (h.kind.console) {
          // The browser reports the probe's violation in the console (it may come late).
          const reported: string[] = [];
          for (let i = 0; i < 60 && !reported.some((p) => /injection sink/.test(p)); i++) {
            await sleep(50);
            reported.push(...(await h.engine.problems()));
          }
          expect(reported.join('\n'), 'the violation report').toMatch(
            /injection sink|requires 'TrustedHTML' assignment/,
          );
        }
      },
    );

    test('the ESM build (landing-esm.html): confirm, success, no window.OCA', async () => {
      const token = await mint({ action: 'delay' });
      await h.openAndConfirm(
        landing('/landing-esm.html', { token, action: 'delay', days: 14 }),
        token,
        EN.confirm.delay(14),
      );
      await h.expectSuccess(EN.success.delay(14));
      await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '14' } }]);
      await h.expectNoToken(token);
      expect(await h.engine.evaluate(() => 'OCA' in window), 'window.OCA').toBe(false);
      await h.shot('esm-success');
    });

    test(
      h.kind.initScripts && h.kind.console
        ? 'a page without a 1-click link is idle: no host inserted, nothing rendered, dispatched, logged or sent; OCA.run() resolves { status: "idle" }'
        : 'a page without a 1-click link is idle: no host inserted, nothing rendered, dispatched (from load on) or sent; OCA.run() resolves { status: "idle" } (the console is not observable: classic WebDriver)',
      async () => {
        const sentBefore = await countFrom(h.userAgent);
        for (const [path, hosts] of [
          ['/landing.html?utm_source=newsletter&utm_medium=email', 1],
          ['/fixtures/no-host.html', 0],
        ] as const) {
          h.engine.consoleLines();
          await h.open(path);
          const page = () =>
            h.engine.evaluate(async () => {
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
          const result = await h.engine.evaluate(() =>
            (window as { OCA?: { run(): Promise<unknown> } }).OCA?.run(),
          );
          expect(result, `${path}: OCA.run()`).toEqual({ status: 'idle' });
          expect(await page(), `${path} after OCA.run()`).toEqual(untouched);
          expect(h.engine.consoleLines() ?? [], `${path}: console lines`).toEqual([]);
        }
        expect(await countFrom(h.userAgent), 'requests sent by this browser').toBe(sentBefore);
      },
    );
  });
