// og-oca in a store's site-wide layout (fixtures/site-wide.html: header, navigation, no
// host): every page whose address is not a 1-click link gets nothing at all from it — no host,
// no attribute, no event, no console line, no request, no history change — and a 1-click
// link on the same layout still works.
import {
  API_BASE,
  EN,
  eventsOf,
  expect,
  expectNoToken,
  expectRequests,
  expectSuccess,
  hostOf,
  landing,
  mint,
  openAndConfirm,
  test,
} from './helpers';

const PAGE = '/fixtures/site-wide.html';

const IDLE = [
  '',
  '?utm_source=google',
  '?utm_source=google&utm_medium=cpc&utm_campaign=spring#reviews',
  '?gclid=abc123&fbclid=xyz',
  '?days=3&product=CB-CONC-32&quantity=2',
  '#top',
  '?q=token&sort=action',
];

test('pages that are no 1-click link get nothing at all', async ({ page, consoleLines }) => {
  const apiRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(API_BASE)) apiRequests.push(request.url());
  });
  for (const query of IDLE) {
    await test.step(query || '(no query)', async () => {
      const url = `${PAGE}${query}`;
      await page.goto(url);
      // og-oca ran (the script is deferred, it ran before load); give stray work a moment.
      const seen = await page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
        return {
          hosts: document.querySelectorAll('[data-oca]').length,
          first: document.body.firstElementChild?.localName,
          state: JSON.stringify(history.state),
          href: location.href,
          ocaDefined: typeof (window as { OCA?: unknown }).OCA,
        };
      });
      expect(seen).toEqual({
        hosts: 0,
        first: 'header',
        state: 'null',
        href: new URL(url, page.url()).href,
        ocaDefined: 'object',
      });
      expect(await eventsOf(page)).toEqual([]);
    });
  }
  expect(consoleLines).toEqual([]);
  expect(apiRequests).toEqual([]);
});

test('a 1-click link on the same layout gets a host first in <body> and works', async ({
  page,
}) => {
  const token = await mint({ action: 'skip' });
  await openAndConfirm(page, landing(PAGE, { utm_source: 'email', token, action: 'skip' }), token, {
    label: EN.confirm.skip,
  });
  await expectSuccess(page, EN.success.skip);
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  await expectNoToken(page, token);
  expect(await page.evaluate(() => document.body.firstElementChild?.matches('div[data-oca]'))).toBe(
    true,
  );
  await expect(hostOf(page)).toHaveCount(1);
  // A reload shows the outcome kept for this page, with no request.
  await page.reload();
  await expectSuccess(page, EN.success.skip);
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
});

test('a fragment link, replayed after a reload: the address has no key left', async ({ page }) => {
  const token = await mint({ action: 'delay' });
  await openAndConfirm(page, `${PAGE}#token=${token}&action=delay&days=21`, token);
  await expectSuccess(page, EN.success.delay(21));
  expect(new URL(page.url()).hash).toBe('');
  await page.reload();
  await expectSuccess(page, EN.success.delay(21));
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
});
