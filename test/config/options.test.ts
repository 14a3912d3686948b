// Configuration through run() options and the script tag's data-* attributes (the host may
// set data-locale only): validation with one console warning per bad value, and finding (or
// making) the host element.
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import type { Options } from '../../src/config';
import {
  API,
  fromScript,
  host,
  outcome,
  settle,
  spyConsole,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { server, requests } = useApi();
usePage();

const SKIP = `/landing?token=${TOKEN}&action=skip`;
const DELAY = `/landing?token=${TOKEN}&action=delay`;

describe('the host element may set data-locale and nothing else', () => {
  // Markup injected into a page (a CMS block, a review) must not send the token elsewhere
  // or turn confirm into auto: every other option comes from code or the script tag.
  test.each([
    ['data-mode', 'auto', { mode: 'confirm' as const }],
    ['data-api-base', 'https://api.other.example', {}],
    ['data-delay-days', '20', { delayDays: 10 }],
    ['data-timeout', '1', {}],
    ['data-keep-token', 'true', {}],
    ['data-token-param', 'og_t', {}],
    ['data-delay-path', '/elsewhere', {}],
  ])(
    '%s="%s" on the host is ignored, with a warning naming it',
    async (attribute, value, options) => {
      const logs = spyConsole();
      const element = host({ [attribute]: value });
      visit(`/landing?token=${TOKEN}&action=delay&days=3`);
      const running = run(options);
      await settle();
      const confirming = element.getAttribute('data-oca-state') === 'confirm';
      expect(confirming).toBe((options as Options).mode === 'confirm');
      if (confirming) trustedClick(element.querySelector('button')!);
      expect((await running).status).toBe('success');
      expect(requests.map((r) => r.url.href)).toEqual([
        `${API}/one_click/delay?token=${TOKEN}&days=3`,
      ]);
      expect(location.href).not.toContain(TOKEN);
      expect(logs.warn).toHaveBeenCalledTimes(1);
      expect(logs.text()).toMatch(
        new RegExp(`^\\[og-oca\\] ${attribute} .* on the host element is ignored`),
      );
    },
  );

  test('data-locale on the host beats locale in options', async () => {
    const element = host({ 'data-locale': 'de' });
    visit(SKIP);
    await run({ locale: 'fr' });
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Erledigt! Ihre nächste Bestellung wird übersprungen.',
    );
  });

  test('an invalid data-locale on the host warns and keeps the locale from code', async () => {
    const logs = spyConsole();
    const element = host({ 'data-locale': 'constructor' });
    visit(SKIP);
    await run({ locale: 'es' });
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(logs.text()).toContain('data-locale');
    expect(logs.text()).toContain('using es');
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      '¡Listo! Hemos saltado tu próximo pedido.',
    );
  });

  test('the script tag configures, the host does not: data-timeout from the script', async () => {
    server.use(
      http.get(`${API}/one_click/skip`, async () => {
        await delay(300);
        return HttpResponse.json({});
      }),
    );
    spyConsole();
    host({ 'data-timeout': '5000' });
    visit(SKIP);
    const result = await run(fromScript({ 'data-timeout': '40' }));
    expect(result).toMatchObject({ status: 'error', error: { code: 'timeout' } });
  });

  test('custom tokenParam/actionParam via script attributes', async () => {
    host();
    visit(`/landing?og_t=${TOKEN}&do=skip`);
    expect(
      (await run(fromScript({ 'data-token-param': 'og_t', 'data-action-param': 'do' }))).status,
    ).toBe('success');
    expect(requests[0]!.url.searchParams.get('token')).toBe(TOKEN);
    expect(location.search).toBe('');
  });
});

describe('invalid values: one warning naming the attribute and the default, default used', () => {
  test.each([
    ['data-timeout', 'abc', '10000'],
    ['data-timeout', '-5', '10000'],
    ['data-timeout', '0', '10000'],
    ['data-mode', 'sometimes', 'auto'],
    ['data-api-base', 'javascript:alert(1)', 'https://restapi.ordergroove.com'],
    ['data-api-base', 'ftp://restapi.ordergroove.com', 'https://restapi.ordergroove.com'],
    ['data-api-base', 'https://evil.example/path?x', 'https://restapi.ordergroove.com'],
    ['data-delay-days', '0', null],
    ['data-delay-days', '366', null],
    ['data-locale', 'xx', null],
    ['data-keep-token', 'maybe', 'false'],
    ['data-upsell-path', 'https://evil.example/x', null],
    ['data-token-param', 'a b', 'token'],
  ])('%s="%s"', async (attribute, value, fallback) => {
    const logs = spyConsole();
    const element = host();
    visit(DELAY);
    const result = await run(fromScript({ [attribute]: value }));
    expect(logs.warn).toHaveBeenCalledTimes(1);
    const warning = String(logs.warn.mock.calls[0]!.join(' '));
    expect(warning).toContain(attribute);
    if (fallback) expect(warning).toContain(fallback);
    expect(logs.error).not.toHaveBeenCalled();
    // The default was used: the action went through, in English, to production, no days.
    expect(result.status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([`${API}/one_click/delay?token=${TOKEN}`]);
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Done! Your next order will ship 14 days later.',
    );
    expect(location.href).not.toContain(TOKEN);
  });

  test('data-mode="sometimes" runs in auto mode (no button, request sent)', async () => {
    spyConsole();
    const element = host();
    visit(SKIP);
    await run(fromScript({ 'data-mode': 'sometimes' }));
    expect(requests).toHaveLength(1);
    expect(element.querySelectorAll('button')).toHaveLength(0);
  });

  test('data-timeout="abc" keeps a generous default (a 100 ms answer is not a timeout)', async () => {
    spyConsole();
    server.use(
      http.get(`${API}/one_click/skip`, async () => {
        await delay(100);
        return HttpResponse.json({});
      }),
    );
    host();
    visit(SKIP);
    expect((await run(fromScript({ 'data-timeout': 'abc' }))).status).toBe('success');
  });

  test.each([
    [{ timeout: -5 }, 'timeout'],
    [{ mode: 'never' as 'auto' }, 'mode'],
    [{ delayDays: 2.5 }, 'delayDays'],
    [{ apiBase: 'javascript:alert(1)' }, 'apiBase'],
    [{ locale: 'klingon' }, 'locale'],
  ])('options from code are checked the same way: %o', async (options, name) => {
    const logs = spyConsole();
    host();
    visit(DELAY);
    const result = await run(options);
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(String(logs.warn.mock.calls[0]![0])).toContain(name);
    expect(result.status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([`${API}/one_click/delay?token=${TOKEN}`]);
  });

  test('valid values produce no warning', async () => {
    const logs = spyConsole();
    host({ 'data-locale': 'en-GB' });
    visit(DELAY);
    await run(
      fromScript({
        'data-timeout': '5000',
        'data-mode': 'auto',
        'data-delay-days': '7',
        'data-locale': 'en-GB',
        'data-keep-token': 'false',
        'data-api-base': API,
      }),
    );
    expect(logs.warn).not.toHaveBeenCalled();
    expect(requests[0]!.url.searchParams.get('days')).toBe('7');
  });

  test('attribute values are trimmed', async () => {
    const logs = spyConsole();
    host({ 'data-locale': ' de ' });
    visit(DELAY);
    await run(fromScript({ 'data-delay-days': ' 8 ', 'data-mode': ' auto ' }));
    expect(logs.warn).not.toHaveBeenCalled();
    expect(requests[0]!.url.searchParams.get('days')).toBe('8');
  });

  // Options whose default is not a plain value (the language chain, the API's own days) say
  // "the default" (README's attribute table says what it is).
  test.each([
    ['data-locale', 'xx', /data-locale \(locale\) "xx" .*; using the default\./],
    ['data-delay-days', '0', /data-delay-days \(delayDays\) "0" .*; using the default\./],
    ['data-upsell-path', 'https://x', /\/one_click\/upsell/],
  ])('the warning for %s="%s" names the default', async (attribute, value, names) => {
    const logs = spyConsole();
    host({ [attribute]: value });
    visit(`/landing?token=${TOKEN}&action=skip`);
    await run();
    expect(logs.text()).toMatch(names);
  });
});

describe('the host element', () => {
  test('target as a selector', async () => {
    const first = host();
    const chosen = host({ id: 'here' });
    visit(SKIP);
    await run({ target: '#here' });
    expect(chosen.getAttribute('data-oca-state')).toBe('success');
    expect(first.hasAttribute('data-oca-state')).toBe(false);
    expect(first.children).toHaveLength(0);
  });

  test('target as an element (no data-oca needed)', async () => {
    const element = document.createElement('section');
    document.body.append(element);
    host();
    visit(SKIP);
    await run({ target: element });
    expect(outcome(element)).toMatchObject({
      state: 'success',
      status: 'Done! Your next order is skipped.',
    });
  });

  test('the data-locale of a target element is read', async () => {
    const element = document.createElement('section');
    element.setAttribute('data-locale', 'fr');
    document.body.append(element);
    visit(SKIP);
    await run({ target: element });
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'C’est fait ! Votre prochaine commande est sautée.',
    );
  });

  test('default: the first [data-oca]', async () => {
    const first = host();
    const second = host();
    visit(SKIP);
    await run();
    expect(first.getAttribute('data-oca-state')).toBe('success');
    expect(second.hasAttribute('data-oca-state')).toBe(false);
  });

  test('no [data-oca]: a <div data-oca> is inserted as the first child of <body>', async () => {
    document.body.innerHTML = '<p>Intro</p><main>Shop</main>';
    visit(SKIP);
    await run();
    const made = document.body.firstElementChild!;
    expect(made.tagName).toBe('DIV');
    expect(made.hasAttribute('data-oca')).toBe(true);
    expect(made.getAttribute('data-oca-state')).toBe('success');
    expect(document.body.children).toHaveLength(3);
    expect(document.querySelectorAll('[data-oca]')).toHaveLength(1);
  });

  test('a target selector that matches nothing warns and falls back to [data-oca]', async () => {
    const logs = spyConsole();
    const fallback = host();
    visit(SKIP);
    await run({ target: '#missing' });
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(String(logs.warn.mock.calls[0]![0])).toContain('#missing');
    expect(fallback.getAttribute('data-oca-state')).toBe('success');
  });

  test('running twice on the same host does not duplicate the live regions', async () => {
    const element = host();
    visit('/landing?action=skip');
    await run();
    await run();
    expect(element.querySelectorAll('[role=status]')).toHaveLength(1);
    expect(element.querySelectorAll('[role=alert]')).toHaveLength(1);
  });

  test('merchant content already in the host is kept', async () => {
    const element = host({}, '<h1>Your subscription</h1>');
    visit(SKIP);
    await run();
    expect(element.querySelector('h1')?.textContent).toBe('Your subscription');
  });

  // A target that cannot be used is handled like one that is not found: a missing element
  // (`null`) or a selector querySelector throws on.
  test('a null target or an invalid selector warns and falls back to [data-oca]', async () => {
    for (const target of [null, '##', '#1col']) {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
      document.body.replaceChildren();
      requests.length = 0;
      const logs = spyConsole();
      const element = host();
      visit(`/landing?token=${TOKEN}&action=skip`);
      const result = await run({ target: target as unknown as string });
      expect(result.status).toBe('success');
      expect(element.getAttribute('data-oca-state')).toBe('success');
      expect(logs.warn).toHaveBeenCalledTimes(1);
      expect(logs.text()).toContain('target');
      vi.restoreAllMocks();
    }
  });
});

test('run() on a page whose address is no 1-click link does nothing at all: idle', async () => {
  const logs = spyConsole();
  visit('/landing?utm_source=google');
  const before = document.body.innerHTML;
  const result = await run(fromScript({ 'data-mode': 'sometimes' }));
  expect(result).toEqual({ status: 'idle' });
  expect(document.body.innerHTML).toBe(before);
  expect(document.querySelector('[data-oca]')).toBeNull();
  expect(logs.text()).toBe('');
  expect(requests).toHaveLength(0);
});
