// A page whose Object.prototype was polluted before og-oca runs (what a vulnerable
// query-string parser or deep-merge on the page does) cannot redirect, decorate or answer
// og-oca's request: for any set of the names ky and fetch read options by, with hostile
// values, the API gets exactly the link's one GET and the page shows the success — or, where
// the pollution makes ky throw before anything is sent, no request at all and `unexpected`.
import fc from 'fast-check';
import {
  allRequests,
  EN,
  expect,
  expectRequests,
  expectSuccess,
  landing,
  mint,
  performedFor,
  test,
  UNAUTOMATED,
} from './helpers';
import { OPTION_NAMES } from './ky-option-names';

// A person's browser: auto mode acts at once (an automated one would ask for a click).
test.use(UNAUTOMATED);

/** Hostile values, made in the page (functions cannot cross into it): by index. */
const KINDS = 9;

test('a polluted Object.prototype changes nothing in the request or the outcome', async ({
  page,
}) => {
  test.setTimeout(120_000);
  expect(OPTION_NAMES).toEqual(expect.arrayContaining(['searchParams', 'prefixUrl', 'hooks']));
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(
        fc.record({
          name: fc.constantFrom(...OPTION_NAMES),
          kind: fc.integer({ min: 0, max: KINDS - 1 }),
        }),
        { minLength: 1, maxLength: 8, selector: (entry) => entry.name },
      ),
      async (pollution) => {
        const token = await mint({ action: 'skip' });
        await page.goto('/fixtures/manual-run.html');
        const url = landing('/landing.html', { token, action: 'skip' });
        const result = await page.evaluate(
          async ({ pollution, url }) => {
            const value = (kind: number): unknown =>
              [
                'token=ATTACKER&days=365',
                'https://evil.example/',
                { 'x-evil': '1', token: 'ATTACKER' },
                [() => new Response('{"forged":true}')],
                true,
                1,
                () => Promise.resolve(new Response('{"forged":true}')),
                'POST',
                { beforeRequest: [() => new Response('{"forged":true}')] },
              ][kind];
            const proto = Object.prototype as Record<string, unknown>;
            for (const { name, kind } of pollution) proto[name] = value(kind);
            try {
              const oca = (window as unknown as { OCA: { run: (o: object) => Promise<unknown> } })
                .OCA;
              return JSON.parse(JSON.stringify(await oca.run({ url })));
            } finally {
              for (const { name } of pollution) delete proto[name];
            }
          },
          { pollution, url },
        );
        const sent = result.status === 'success';
        if (!sent) {
          expect(result, JSON.stringify(pollution)).toMatchObject({
            status: 'error',
            error: { code: 'unexpected' },
          });
          // ky reads `headers` and `hooks` from an empty object of its own when it merges
          // options: a value there that is no header list, or no lists of hooks, makes it
          // throw. No other name may stop the request.
          expect(pollution.some(({ name }) => name === 'headers' || name === 'hooks')).toBe(true);
        }
        await expectRequests(token, sent ? [{ path: '/one_click/skip', query: { token } }] : []);
        expect(await performedFor(token)).toHaveLength(sent ? 1 : 0);
        expect((await allRequests()).filter((r) => JSON.stringify(r).includes('ATTACKER'))).toEqual(
          [],
        );
      },
    ),
    { numRuns: 12 },
  );
  await expectSuccess(page, EN.success.skip);
});

test('pollution that makes ky throw before sending sends nothing and says unexpected, not network', async ({
  page,
  consoleLines,
}) => {
  const token = await mint({ action: 'skip' });
  await page.goto('/fixtures/manual-run.html');
  const url = landing('/landing.html', { token, action: 'skip' });
  const result = await page.evaluate(async (url) => {
    // Not a header list: ky's own empty options object inherits it, and Headers throws.
    (Object.prototype as Record<string, unknown>).headers = [() => 1];
    try {
      const oca = (window as unknown as { OCA: { run: (o: object) => Promise<unknown> } }).OCA;
      return JSON.parse(JSON.stringify(await oca.run({ url })));
    } finally {
      delete (Object.prototype as Record<string, unknown>).headers;
    }
  }, url);
  expect(result).toMatchObject({ status: 'error', error: { code: 'unexpected' } });
  await expectRequests(token, []);
  expect(
    consoleLines.filter((line) => line.text.includes('[og-oca] unexpected error: TypeError')),
  ).toHaveLength(1);
});

test('a fetch wrapper installed after og-oca never sees its request, in auto or confirm mode', async ({
  page,
}) => {
  for (const mode of ['auto', 'confirm'] as const) {
    const token = await mint({ action: 'skip' });
    await page.goto('/fixtures/manual-run.html');
    await page.evaluate(
      ({ url, mode }) => {
        // A monitoring script loaded after og-oca: it records every URL fetched.
        const w = window as unknown as { seenUrls: string[] };
        w.seenUrls = [];
        const original = window.fetch;
        window.fetch = (input, init) => {
          w.seenUrls.push(String(input instanceof Request ? input.url : input));
          return original(input, init);
        };
        const oca = (window as unknown as { OCA: { run: (o: object) => Promise<unknown> } }).OCA;
        void oca.run({ url, mode });
      },
      { url: landing('/landing.html', { token, action: 'skip' }), mode },
    );
    if (mode === 'confirm') await page.getByRole('button', { name: EN.confirm.skip }).click();
    await expectSuccess(page, EN.success.skip);
    expect(
      await page.evaluate(() => (window as unknown as { seenUrls: string[] }).seenUrls),
    ).toEqual([]);
    await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  }
});
