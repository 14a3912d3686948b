// Configuration through run() options and data-* attributes: precedence, validation
// with one console warning per bad value, and finding (or making) the host element.
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { run } from '../../src';
import { API, host, outcome, settle, spyConsole, TOKEN, useApi, usePage, visit } from './helpers';

const { server, requests } = useApi();
usePage();

const SKIP = `/landing?token=${TOKEN}&action=skip`;
const DELAY = `/landing?token=${TOKEN}&action=delay`;

describe('host attributes override options', () => {
  test('data-mode on the host beats mode in options', async () => {
    host({ 'data-mode': 'auto' });
    visit(SKIP);
    expect((await run({ mode: 'confirm' })).status).toBe('success');
    expect(requests).toHaveLength(1);
  });

  test('data-delay-days on the host beats delayDays in options', async () => {
    host({ 'data-delay-days': '20' });
    visit(DELAY);
    await run({ delayDays: 10 });
    expect(requests[0]!.url.searchParams.get('days')).toBe('20');
  });

  test('data-api-base on the host beats apiBase in options', async () => {
    const other = 'https://api.other.example';
    server.use(http.get(`${other}/one_click/skip`, () => HttpResponse.json({})));
    host({ 'data-api-base': other });
    visit(SKIP);
    await run({ apiBase: 'https://staging.restapi.ordergroove.com' });
    expect(requests.map((r) => r.url.origin)).toEqual([other]);
  });

  test('data-locale on the host beats locale in options', async () => {
    const element = host({ 'data-locale': 'de' });
    visit(SKIP);
    await run({ locale: 'fr' });
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Erledigt! Ihre nächste Bestellung wird übersprungen.',
    );
  });

  test('data-timeout on the host beats timeout in options', async () => {
    server.use(
      http.get(`${API}/one_click/skip`, async () => {
        await delay(300);
        return HttpResponse.json({});
      }),
    );
    host({ 'data-timeout': '40' });
    visit(SKIP);
    const result = await run({ timeout: 5000 });
    expect(result).toMatchObject({ status: 'error', error: { code: 'timeout' } });
  });

  test('an invalid host attribute keeps the valid option from code', async () => {
    // A typo on the host must not undo confirm mode set in code: it is the link-scanner
    // defence, and silently falling back to auto would drop it.
    const logs = spyConsole();
    const element = host({ 'data-mode': 'sometimes' });
    visit(SKIP);
    void run({ mode: 'confirm' });
    await settle();
    expect(element.getAttribute('data-oca-state')).toBe('confirm');
    expect(requests).toHaveLength(0);
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(String(logs.warn.mock.calls[0]![0])).toContain('data-mode');
  });

  test('custom tokenParam/actionParam via attributes', async () => {
    host({ 'data-token-param': 'og_t', 'data-action-param': 'do' });
    visit(`/landing?og_t=${TOKEN}&do=skip`);
    expect((await run()).status).toBe('success');
    expect(requests[0]!.url.searchParams.get('token')).toBe(TOKEN);
    expect(location.search).toBe('?do=skip');
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
    const element = host({ [attribute]: value });
    visit(DELAY);
    const result = await run();
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
    const element = host({ 'data-mode': 'sometimes' });
    visit(SKIP);
    await run();
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
    host({ 'data-timeout': 'abc' });
    visit(SKIP);
    expect((await run()).status).toBe('success');
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
    host({
      'data-timeout': '5000',
      'data-mode': 'auto',
      'data-delay-days': '7',
      'data-locale': 'en-GB',
      'data-keep-token': 'false',
      'data-api-base': API,
    });
    visit(DELAY);
    await run();
    expect(logs.warn).not.toHaveBeenCalled();
    expect(requests[0]!.url.searchParams.get('days')).toBe('7');
  });

  test('attribute values are trimmed', async () => {
    const logs = spyConsole();
    host({ 'data-delay-days': ' 8 ', 'data-mode': ' auto ' });
    visit(DELAY);
    await run();
    expect(logs.warn).not.toHaveBeenCalled();
    expect(requests[0]!.url.searchParams.get('days')).toBe('8');
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

  test('the attributes of a target element are read', async () => {
    const element = document.createElement('section');
    element.setAttribute('data-mode', 'confirm');
    document.body.append(element);
    visit(SKIP);
    run({ target: element });
    await settle();
    expect(element.getAttribute('data-oca-state')).toBe('confirm');
    expect(requests).toHaveLength(0);
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
});

test('run() with no options and no link at all resolves with missing_token', async () => {
  const logs = spyConsole();
  visit('/landing');
  const result = await run();
  expect(result).toMatchObject({ status: 'error', error: { code: 'missing_token' } });
  expect(document.querySelector('[data-oca]')?.getAttribute('data-oca-error')).toBe(
    'missing_token',
  );
  expect(logs.warn).not.toHaveBeenCalled();
});
