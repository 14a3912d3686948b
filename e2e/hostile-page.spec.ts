// The page around og-oca cannot subvert it, in a browser that is not automated (auto mode
// acts on load here, so a hijacked mode would show at once): hostile attributes on and
// around the host, markup that takes the name `currentScript`, and scripts that run after
// og-oca or listen to its events never see the token in the address bar.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  API_BASE,
  EN,
  eventsOf,
  expect,
  expectNoToken,
  expectRequests,
  expectState,
  expectSuccess,
  hostOf,
  landing,
  mint,
  press,
  requestsFor,
  test,
  UNAUTOMATED,
} from './helpers';

test.use(UNAUTOMATED);

declare global {
  interface Window {
    __hrefs?: string[];
    __analyticsHref?: string;
    __analyticsOnPending?: string;
  }
}

/** Every request the page makes, by URL. */
const recordRequests = (page: import('@playwright/test').Page) => {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
};

test('hostile attributes on the host and a second host in a review change nothing', async ({
  page,
  consoleLines,
}) => {
  expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
  const urls = recordRequests(page);
  const token = await mint({ action: 'skip' });
  await page.goto(landing('/fixtures/hostile-markup.html', { token, action: 'skip' }));
  // confirm mode from the script tag holds, although the host says auto
  await expect(hostOf(page).first()).toHaveAttribute('data-oca-state', 'confirm');
  await expectNoToken(page, token);
  expect(await requestsFor(token)).toEqual([]);
  await press(hostOf(page).first().getByRole('button', { name: EN.confirm.skip }));
  await expect(hostOf(page).first()).toHaveAttribute('data-oca-state', 'success');
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  // the token went to the script tag's API only, and never to the host's
  expect(urls.filter((url) => url.includes(token) && !url.includes('/fixtures/'))).toEqual([
    `${API_BASE}/one_click/skip?token=${token}`,
  ]);
  expect(urls.filter((url) => url.includes('127.0.0.1:9/'))).toEqual([]);
  await expectNoToken(page, token);
  // the review's [data-oca] is not the host and is left alone
  expect(
    await hostOf(page)
      .nth(1)
      .evaluate((element) => element.attributes.length),
  ).toBe(3);
  const warnings = consoleLines.filter((line) => line.type === 'warning').map((line) => line.text);
  for (const attribute of [
    'data-api-base',
    'data-mode',
    'data-keep-token',
    'data-token-param',
    'data-skip-path',
    'data-timeout',
  ])
    expect(
      warnings.filter(
        (w) =>
          w.startsWith(`[og-oca] ${attribute} (`) && w.includes('on the host element is ignored'),
      ),
    ).toHaveLength(1);
});

test('<img name="currentScript"> cannot configure og-oca: it warns, uses its defaults and waits for a click', async ({
  page,
  consoleLines,
}) => {
  const urls = recordRequests(page);
  // The default API is production Ordergroove: stand in for it.
  const production: string[] = [];
  await page.route('https://restapi.ordergroove.com/**', (route) => {
    production.push(route.request().url());
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'access-control-allow-origin': '*' },
      body: '{}',
    });
  });
  const token = await mint({ action: 'skip' });
  await page.goto(landing('/fixtures/clobbered-script.html', { token, action: 'skip' }));
  // Fail safe: confirm mode whatever the image says, the production API, the token out of
  // the address bar, and nothing sent before the click.
  await expectState(page, 'confirm');
  await expectNoToken(page, token);
  expect(production).toEqual([]);
  await hostOf(page).getByRole('button', { name: EN.confirm.skip }).click();
  await expectSuccess(page, EN.success.skip);
  expect(production).toEqual([`https://restapi.ordergroove.com/one_click/skip?token=${token}`]);
  expect(urls.filter((url) => url.includes('127.0.0.1:9/'))).toEqual([]);
  expect(
    consoleLines.filter((line) => line.type === 'warning' && line.text.includes('currentScript')),
  ).toHaveLength(1);
});

test('the token leaves the address bar before any event, attribute change or later script', async ({
  page,
}) => {
  // Before any page script: note location.href whenever og-oca sets an attribute on a host
  // or dispatches an event.
  await page.addInitScript(() => {
    window.__hrefs = [];
    const setAttribute = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name: string, value: string) {
      if (this.matches?.('[data-oca]')) window.__hrefs!.push(`${name}: ${location.href}`);
      setAttribute.call(this, name, value);
    };
    for (const type of ['oca:pending', 'oca:confirm', 'oca:success', 'oca:error'])
      document.addEventListener(type, () => window.__hrefs!.push(`${type}: ${location.href}`));
  });
  for (const [name, fixture] of [
    ['a script tag at the top of <head>, analytics after it', '/fixtures/analytics-after.html'],
    ['a deferred script tag', '/landing.html'],
  ] as const) {
    await test.step(name, async () => {
      const token = await mint({ action: 'skip' });
      await page.goto(landing(fixture, { token, action: 'skip', utm_source: 'email' }));
      await expectSuccess(page, EN.success.skip);
      const seen = await page.evaluate(() => ({
        hrefs: window.__hrefs ?? [],
        analytics: window.__analyticsHref,
        onPending: window.__analyticsOnPending,
      }));
      expect(seen.hrefs.length).toBeGreaterThanOrEqual(4);
      expect(seen.hrefs.filter((line) => line.includes(token))).toEqual([]);
      if (fixture.includes('analytics')) {
        expect(seen.analytics).toBeDefined();
        expect(seen.analytics).not.toContain(token);
        expect(new URL(seen.analytics!).searchParams.get('utm_source')).toBe('email');
        expect(seen.onPending).not.toContain(token);
      }
      expect((await eventsOf(page)).map((e) => e.type)).toEqual(['oca:pending', 'oca:success']);
      await expectNoToken(page, token);
    });
  }
});

test("the README's recommended tag: no later script, inline or async, sees the token, in a query or a fragment", async ({
  page,
}) => {
  // The tag exactly as README.md recommends it, served from this site, followed by an inline
  // snippet and an async analytics script that record location.href as soon as they run.
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const head = /```html\n<head>\n([\s\S]*?)\n<\/head>/.exec(readme)?.[1];
  expect(head, 'the recommended tag in README.md').toContain('src="/assets/oca.js"');
  const tag = head!
    .replaceAll('/assets/', '/dist/')
    .replaceAll('https://restapi.ordergroove.com', '{{API_BASE}}')
    .replace(/<!--[\s\S]*?-->/g, '');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
${tag}
<script>window.__inline = location.href;</script>
<script src="/analytics.js" async></script>
</head><body><main><div data-oca></div></main></body></html>`;
  // Served by the site from e2e/fixtures like every fixture (a page fulfilled by the test
  // itself would not be on the loopback address the API is on, and Chromium would block it).
  writeFileSync(new URL('./fixtures/readme-tag.html', import.meta.url), html);
  await page.route('**/analytics.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: 'window.__async = location.href;',
    }),
  );
  for (const form of ['query', 'fragment'] as const) {
    await test.step(form, async () => {
      const token = await mint({ action: 'skip' });
      // A new document each time: the query step leaves the bare page address, which the
      // fragment link would otherwise only change in its fragment (no new document, no og-oca).
      await page.goto('about:blank');
      await page.goto(landing('/fixtures/readme-tag.html', { token, action: 'skip' }, form));
      await expectSuccess(page, EN.success.skip);
      const seen = await page.evaluate(() => {
        const w = window as unknown as { __inline?: string; __async?: string };
        return { inline: w.__inline, async: w.__async };
      });
      expect(seen.inline).toBeDefined();
      expect(seen.async).toBeDefined();
      expect(seen.inline).not.toContain(token);
      expect(seen.async).not.toContain(token);
      await expectNoToken(page, token);
    });
  }
});

test('a review block with its own host and templates cannot relabel the confirm button', async ({
  page,
}) => {
  const token = await mint({ action: 'reactivate' });
  await page.goto(landing('/fixtures/review-templates.html', { token, action: 'reactivate' }));
  await expectState(page, 'confirm');
  const host = hostOf(page);
  await expect(host.getByRole('button')).toHaveText(EN.confirm.reactivate);
  expect(await host.locator('.oca-status, .oca-actions').allTextContents()).not.toContain(
    'Accept cookies',
  );
  await expect(page.getByRole('button', { name: 'Accept cookies' })).toHaveCount(0);
  await host.getByRole('button', { name: EN.confirm.reactivate }).click();
  await expectSuccess(page, EN.success.reactivate);
  await expect(page.getByText('Cookies accepted.')).toHaveCount(0);
});
