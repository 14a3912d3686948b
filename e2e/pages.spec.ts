// The ways a store puts og-oca on its landing page: the script pasted twice, data-auto="false"
// + OCA.run(), data-keep-token, the host's data-locale (and nothing else), languages, merchant
// templates, no host. (The npm (ESM) build and the strict CSP with Trusted Types are in the
// shared suite, e2e/engines/areas/pages.ts.)
import {
  confirm,
  cspViolationsOf,
  EN,
  eventsOf,
  expect,
  expectError,
  expectNoToken,
  expectRequests,
  expectState,
  expectSuccess,
  hostOf,
  landing,
  mint,
  openAndConfirm,
  performedFor,
  requestsFor,
  test,
} from './helpers';

test('merchant templates render as text, also under the strict CSP (fixtures/csp-templates.html)', async ({
  page,
}) => {
  const token = await mint({ action: 'delay' });
  await page.goto(landing('/fixtures/csp-templates.html', { token, action: 'delay', days: 21 }));
  await expectState(page, 'confirm');
  const host = hostOf(page);
  await expect(host.locator('.tpl-confirm')).toHaveText('Move your next box by 21 days?');
  // The template's own button is the confirm button; og-oca adds none.
  await expect(host.locator('button')).toHaveCount(1);
  expect(await requestsFor(token)).toEqual([]);
  await host.getByRole('button', { name: 'Yes, delay it' }).click();

  await expectState(page, 'success');
  await expect(host.locator('.tpl-title')).toHaveText('All set');
  await expect(host.locator('.tpl-message')).toHaveText(EN.success.delay(21));
  await expect(host.locator('.tpl-detail')).toHaveText('Action delay, 21 days.');
  await expect(host.getByRole('status')).toContainText(EN.success.delay(21));
  await expect(host.locator('button')).toHaveCount(0);
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
  expect(await cspViolationsOf(page)).toEqual([]);
  // The error template, with a link error (no request).
  await page.goto('/fixtures/csp-templates.html?action=delay');
  await expectState(page, 'error');
  await expect(host).toHaveAttribute('data-oca-error', 'missing_token');
  await expect(host.locator('.tpl-title')).toHaveText('Sorry');
  await expect(host.getByRole('alert')).toContainText(EN.error.missing_token);
  expect(await cspViolationsOf(page)).toEqual([]);
});

test('two copies of og-oca on one page (the script twice; the script and the npm build) send one request', async ({
  page,
}) => {
  for (const fixture of ['double-script', 'script-and-esm']) {
    await test.step(fixture, async () => {
      const token = await mint({ action: 'skip' });
      await page.goto(landing(`/fixtures/${fixture}.html`, { token, action: 'skip' }));
      if (fixture === 'double-script')
        expect(await page.locator('script[src="/dist/oca.js"]').count()).toBe(2);
      await confirm(page, token, { label: EN.confirm.skip });
      await expectSuccess(page, EN.success.skip);
      const host = hostOf(page);
      await expect(host.locator('[role=status]')).toHaveCount(1);
      await expect(host.locator('[role=alert]')).toHaveCount(1);
      // A later OCA.run() resolves with the same outcome and sends nothing either.
      expect(await page.evaluate(() => window.OCA?.run().then((r) => r.status))).toBe('success');
      if (fixture === 'script-and-esm')
        expect(await page.evaluate(() => window.__ocaResult)).toEqual({
          status: 'success',
          action: 'skip',
          params: {},
        });
      await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
      expect(await performedFor(token)).toHaveLength(1);
      const types = (await eventsOf(page)).map((e) => e.type);
      expect(types.filter((t) => t === 'oca:success')).toHaveLength(1);
      expect(types.filter((t) => t === 'oca:confirm')).toHaveLength(1);
    });
  }
});

test('data-auto="false": nothing happens until the page calls OCA.run()', async ({ page }) => {
  const token = await mint({ action: 'skip' });
  await page.goto(landing('/fixtures/manual-run.html', { token, action: 'skip' }));
  await page.waitForFunction(() => typeof window.OCA?.run === 'function');
  const host = hostOf(page);
  await expect(host).not.toHaveAttribute('data-oca-state');
  await expect(host).toBeEmpty();
  expect(await eventsOf(page)).toEqual([]);
  expect(await requestsFor(token)).toEqual([]);
  // parseLink is there and never touches the network.
  expect(await page.evaluate(() => window.OCA?.parseLink(location.href))).toMatchObject({
    ok: true,
    link: { action: 'skip', params: {} },
  });

  await page.evaluate(() => {
    window.__ocaResult = window.OCA?.run();
  });
  await confirm(page, token, { label: EN.confirm.skip });
  await expectSuccess(page, EN.success.skip);
  expect(await page.evaluate(() => window.__ocaResult)).toEqual({
    status: 'success',
    action: 'skip',
    params: {},
  });
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  await expectNoToken(page, token);
});

test('data-keep-token="true" leaves the token in the address bar', async ({ page }) => {
  const token = await mint({ action: 'skip' });
  await openAndConfirm(
    page,
    landing('/fixtures/keep-token.html', { token, action: 'skip' }),
    token,
  );
  await expectSuccess(page, EN.success.skip);
  expect(new URL(page.url()).searchParams.get('token')).toBe(token);
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
});

test('the host may set data-locale and nothing else: data-delay-days stays the script tag’s', async ({
  page,
  consoleLines,
}) => {
  // Script tag: data-delay-days="7" data-locale="de"; host: data-delay-days="30" data-locale="fr".
  const token = await mint({ action: 'delay' });
  await openAndConfirm(
    page,
    landing('/fixtures/host-locale.html', { token, action: 'delay' }),
    token,
    {
      label: 'Reporter ma prochaine commande de 7 jours',
    },
  );
  await expectSuccess(page, 'C’est fait ! Votre prochaine commande partira 7 jours plus tard.');
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '7' } }]);
  expect(
    consoleLines.filter((line) =>
      /data-delay-days \(delayDays\) "30" on the host element is ignored; using 7/.test(line.text),
    ),
  ).toHaveLength(1);
});

test('languages: data-locale="es" on the script tag, <html lang="de"> without one', async ({
  page,
}) => {
  const used = await mint({ state: 'used' });
  await openAndConfirm(
    page,
    landing('/fixtures/locale-es.html', { token: used, action: 'skip' }),
    used,
    {
      label: 'Saltar mi próximo pedido',
    },
  );
  await expectError(page, 'used_token', 'Este enlace ya se usó: el cambio ya está hecho.');

  const token = await mint({ action: 'reactivate' });
  await openAndConfirm(
    page,
    landing('/fixtures/lang-de.html', { token, action: 'reactivate' }),
    token,
    {
      label: 'Mein Abo reaktivieren',
    },
  );
  await expectSuccess(
    page,
    'Willkommen zurück! Ihr Abo ist wieder aktiv: Ihre erste Bestellung ist für morgen angesetzt und wird dann berechnet.',
  );
  await expectRequests(token, [{ path: '/one_click/reactivate', query: { token } }]);
});

test.describe('a browser in French', () => {
  test.use({ locale: 'fr-FR' });

  test('no data-locale and no <html lang>: the language comes from navigator.language', async ({
    page,
  }) => {
    const token = await mint({ state: 'expired' });
    await openAndConfirm(
      page,
      landing('/fixtures/no-lang.html', { token, action: 'skip' }),
      token,
      {
        label: 'Sauter ma prochaine commande',
      },
    );
    expect(await page.evaluate(() => navigator.language)).toBe('fr-FR');
    await expectError(page, 'expired_token', 'Ce lien a expiré.');
  });
});

test('a page without [data-oca] gets a host inserted first in <body>', async ({ page }) => {
  const token = await mint({ action: 'skip' });
  await openAndConfirm(page, landing('/fixtures/no-host.html', { token, action: 'skip' }), token);
  await expectSuccess(page, EN.success.skip);
  expect(await page.evaluate(() => document.body.firstElementChild?.matches('div[data-oca]'))).toBe(
    true,
  );
  await expect(hostOf(page)).toHaveCount(1);
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
});

test('invalid attribute values warn once each, naming the attribute, and the defaults apply', async ({
  page,
  consoleLines,
}) => {
  // data-timeout="soon" data-mode="sometimes" data-delay-days="400" on the script tag.
  const token = await mint({ action: 'delay' });
  await openAndConfirm(
    page,
    landing('/fixtures/bad-attributes.html', { token, action: 'delay' }),
    token,
    {
      label: EN.confirm.delay(14),
    },
  );
  await expectSuccess(page, EN.success.delay(14));
  // The default delay: no days sent, the API decides.
  await expectRequests(token, [{ path: '/one_click/delay', query: { token } }]);
  const warnings = consoleLines.filter((line) => line.type === 'warning').map((line) => line.text);
  for (const [attribute, value] of [
    ['data-timeout', 'soon'],
    ['data-mode', 'sometimes'],
    ['data-delay-days', '400'],
  ] as const) {
    expect(
      warnings.filter((w) => w.includes(attribute) && w.includes(value)),
      `one warning for ${attribute}`,
    ).toHaveLength(1);
  }
  expect(warnings.find((w) => w.includes('data-timeout'))).toContain('10000');
  expect(warnings.find((w) => w.includes('data-mode'))).toContain('auto');
});

declare global {
  interface Window {
    OCA?: {
      run: (options?: object) => Promise<{ status: string; action?: string; params?: object }>;
      parseLink: (url: string) => unknown;
    };
    __ocaResult?: Promise<unknown>;
  }
}
