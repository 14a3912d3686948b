// A sample of the hostile-link corpus (e2e/hostile-corpus.ts) on the same trapped pages as
// the Playwright suite, which runs the whole corpus in Chromium (so Chromium skips the
// sample: EngineKind.wholeCorpusIn); first, in every engine, a self-test that the harness
// sees an injection there.
import { describe, expect, test } from 'vitest';
import type { Harness } from '../harness';
import {
  CORPUS_SIZE,
  HOSTILE,
  HOSTILE_CSP,
  HOSTILE_CSP_PAGE,
  HOSTILE_PAGE,
  type VisitOptions,
  visitHostile,
} from '../hostile';

export const hostileLinks = (h: Harness) =>
  describe('hostile links', () => {
    const visitAll = (urls: string[], options: VisitOptions = {}) =>
      visitHostile(h.engine, h.kind, urls, { ...options, userAgent: h.userAgent });

    test('the harness sees an injection (self-test: the trap and the checks work in this engine)', async () => {
      const valid = `${HOSTILE_PAGE}?token=eyJhbGciOiJFUzUxMiJ9.e30.c2ln&action=skip`;
      expect(await visitAll([valid])).toEqual([]);
      expect((await h.host('confirm'))?.state).toBe('confirm');
      const injected = await visitAll([`${valid}&x=1`], {
        meddle: () =>
          // Idempotent: WebKit reports the dialog by failing this command, which is then sent again.
          h.engine.evaluate(
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
        expect(text, 'what the harness reports for an injected <img onerror>').toContain(expected);

      // On the CSP page, any HTML sink given a string is refused, loudly.
      const csp = await visitAll([valid.replace(HOSTILE_PAGE, HOSTILE_CSP_PAGE)], {
        meddle: () =>
          h.engine.evaluate(() => {
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

    // Where another suite runs the whole corpus in this engine, the sample would repeat it.
    if (h.kind.wholeCorpusIn) return;
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
