// The page around og-oca cannot subvert it: only code and the genuine script tag configure
// it (the host may set data-locale only), the API origin and paths are strict, an inherited
// property means nothing, and the token leaves the address bar before any event, attribute
// change or await, in every mode.
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import {
  API,
  captureEvents,
  fromScript,
  host,
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
const events = captureEvents();

const SKIP = `/landing?token=${TOKEN}&action=skip`;

describe('data-api-base: an https origin, http only on loopback, nothing else', () => {
  test.each([
    ['https://api.shop.example', 'https://api.shop.example'],
    ['https://api.shop.example/', 'https://api.shop.example'],
    ['https://api.shop.example:8443', 'https://api.shop.example:8443'],
    ['HTTPS://API.Shop.Example', 'https://api.shop.example'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://127.0.0.1:5312/', 'http://127.0.0.1:5312'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('%s is used as %s', async (value, origin) => {
    const logs = spyConsole();
    // (A pattern, not a URL: msw cannot match a URL with an IPv6 host.)
    server.use(http.get(/\/one_click\/skip$/, () => HttpResponse.json({})));
    host();
    visit(SKIP);
    expect((await run(fromScript({ 'data-api-base': value }))).status).toBe('success');
    expect(requests.map((r) => r.url.origin)).toEqual([origin]);
    expect(logs.warn).not.toHaveBeenCalled();
  });

  test.each([
    'http://api.shop.example',
    'http://localhost.evil.example',
    'http://127.0.0.2',
    'https://user:secret@api.shop.example',
    'https://user@api.shop.example',
    'https://api.shop.example/v1',
    'https://api.shop.example/?',
    'https://api.shop.example?x=1',
    'https://api.shop.example#f',
    '//api.shop.example',
    'api.shop.example',
    'https://',
    'javascript:alert(1)',
    'data:text/plain,x',
    'ftp://api.shop.example',
  ])('%s is refused with a warning naming the attribute and the default', async (value) => {
    const logs = spyConsole();
    host();
    visit(SKIP);
    expect((await run(fromScript({ 'data-api-base': value }))).status).toBe('success');
    expect(requests.map((r) => r.url.origin)).toEqual([API]);
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(logs.text()).toContain('data-api-base');
    expect(logs.text()).toContain(API);
  });
});

describe('API paths: no . or .. segments', () => {
  test.each([
    '/one_click/../admin',
    '/./skip',
    '/..',
    '/one_click/.',
    'one_click/skip',
    '/one_click/skip?x=1',
    '/one_click/skip#x',
    '/%2e%2e/skip',
    '/one_click\\..\\skip',
  ])('%s is refused, the default path is used', async (path) => {
    const logs = spyConsole();
    host();
    visit(SKIP);
    await run({ paths: { skip: path } });
    expect(requests.map((r) => r.url.pathname)).toEqual(['/one_click/skip']);
    expect(logs.text()).toContain('data-skip-path');
    expect(logs.text()).toContain('/one_click/skip');
  });

  test.each(['/v1.2/one_click/skip', '/one_click/skip/', '/a/...'])('%s is fine', async (path) => {
    server.use(http.get(`${API}${path}`, () => HttpResponse.json({})));
    host();
    visit(SKIP);
    expect((await run({ paths: { skip: path } })).status).toBe('success');
    expect(requests.map((r) => r.url.pathname)).toEqual([path]);
  });
});

describe('markup around the host changes nothing', () => {
  test('a CMS block <div data-oca data-api-base data-mode=auto data-keep-token> before the real host', async () => {
    const logs = spyConsole();
    const block = document.createElement('div');
    block.innerHTML =
      '<div class="review" data-oca data-api-base="https://evil.example" data-mode="auto" data-keep-token="true" data-skip-path="/steal" data-token-param="t"></div>';
    document.body.append(block);
    host();
    visit(SKIP);
    const running = run(fromScript({ 'data-mode': 'confirm' }));
    await settle();
    const hijacked = block.querySelector('[data-oca]')!;
    // The first [data-oca] is the host, as the design says, but it configures nothing.
    expect(hijacked.getAttribute('data-oca-state')).toBe('confirm');
    expect(requests).toHaveLength(0);
    expect(location.href).not.toContain(TOKEN);
    trustedClick(hijacked.querySelector('button')!);
    expect((await running).status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([`${API}/one_click/skip?token=${TOKEN}`]);
    expect(logs.warn).toHaveBeenCalledTimes(5);
  });

  describe('a polluted Object.prototype', () => {
    const POLLUTION = {
      apiBase: 'https://evil.example',
      mode: 'auto',
      keepToken: true,
      tokenParam: 't',
      timeout: 1,
      skipPath: '/steal',
      paths: { skip: '/steal' },
      messages: { success: { skip: 'pwned' } },
      url: 'https://shop.example/?token=other-token&action=skip',
      skip: 'pwned',
      en: { pending: 'pwned' },
      locale: 'de',
      days: 99,
      delayDays: 99,
      product: 'EVIL',
      quantity: 9,
    };
    afterEach(() => {
      for (const key of Object.keys(POLLUTION))
        delete (Object.prototype as Record<string, unknown>)[key];
    });

    /** Pollutes Object.prototype for the synchronous part of run(), where options are read. */
    const polluted = (start: () => Promise<unknown>, pollution: object = POLLUTION) => {
      Object.assign(Object.prototype, pollution);
      try {
        return start();
      } finally {
        for (const key of Object.keys(pollution))
          delete (Object.prototype as Record<string, unknown>)[key];
      }
    };

    test('inherited options cannot turn confirm into auto nor keep the token', async () => {
      const element = host();
      visit(SKIP);
      void polluted(() => run({ mode: 'confirm' }));
      await settle();
      expect(element.getAttribute('data-oca-state')).toBe('confirm');
      expect(requests).toHaveLength(0);
      expect(location.href).not.toContain(TOKEN);
    });

    test('the request goes where the options say, with the built-in text', async () => {
      const element = host();
      visit(SKIP);
      // (Without `mode`, `url` and `timeout`: fetch() and msw themselves read those from
      // their own init objects, and fail.)
      const { mode: _m, url: _u, timeout: _t, ...pollution } = POLLUTION;
      const result = await polluted(() => run(), pollution);
      expect(result).toMatchObject({ status: 'success' });
      expect(requests.map((r) => r.url.href)).toEqual([`${API}/one_click/skip?token=${TOKEN}`]);
      expect(element.querySelector('[role=status]')!.textContent).toBe(
        'Done! Your next order is skipped.',
      );
      expect(location.href).not.toContain(TOKEN);
    });

    test('inherited params: a delay link without days sends none, an upsell without product is refused', async () => {
      const { mode: _m, url: _u, timeout: _t, ...pollution } = POLLUTION;
      const element = host();
      visit(`/landing?token=${TOKEN}&action=delay`);
      expect(await polluted(() => run(), pollution)).toEqual({
        status: 'success',
        action: 'delay',
        params: {},
      });
      expect(requests.map((r) => r.url.href)).toEqual([`${API}/one_click/delay?token=${TOKEN}`]);
      expect(element.querySelector('[role=status]')!.textContent).toBe(
        'Done! Your next order will ship 14 days later.',
      );
      const upsell = await polluted(
        () => run({ url: `https://shop.example/l?token=${TOKEN}x&action=upsell` }),
        pollution,
      );
      expect(upsell).toMatchObject({ error: { code: 'invalid_link', param: 'product' } });
      expect(requests).toHaveLength(1);
    });
  });
});

describe('the token leaves the address bar first, in every mode', () => {
  /**
   * Records `location.href` at every moment another script could look: when an og-oca
   * event fires, when og-oca sets an attribute on the host, and in a microtask and a task
   * queued just before run() — the first chances other code gets once run() yields.
   */
  const watch = (element: Element) => {
    const seen: string[] = [];
    for (const type of ['oca:pending', 'oca:confirm', 'oca:success', 'oca:error'])
      document.addEventListener(type, () => seen.push(`${type} ${location.href}`));
    const setAttribute = element.setAttribute;
    vi.spyOn(element, 'setAttribute').mockImplementation(function (
      this: Element,
      name: string,
      value: string,
    ) {
      seen.push(`${name} ${location.href}`);
      setAttribute.call(this, name, value);
    });
    queueMicrotask(() => seen.push(`microtask ${location.href}`));
    setTimeout(() => seen.push(`task ${location.href}`));
    return seen;
  };

  test.each([
    ['auto mode, visible page', `?token=${TOKEN}&action=skip`, {}],
    ['auto mode, fragment link', `#token=${TOKEN}&action=skip`, {}],
    ['legacy fragment', `#og_quick_action=skip#og_quick_action_token=${TOKEN}`, {}],
    ['confirm mode', `?token=${TOKEN}&action=skip`, { mode: 'confirm' as const }],
    ['an invalid link', `?token=${TOKEN}&action=delay&days=0`, {}],
    ['an unknown action', `?token=${TOKEN}&action=pause`, {}],
  ])('%s', async (_, link, options) => {
    const element = host();
    visit(`/landing${link}`);
    const seen = watch(element);
    const running = run(options);
    await settle();
    if (element.getAttribute('data-oca-state') === 'confirm')
      trustedClick(element.querySelector('button')!);
    await running;
    await settle();
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.filter((line) => line.includes(TOKEN))).toEqual([]);
  });

  test('a hidden page (waiting to be seen) and an automated browser too', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const seen = watch(element);
    const running = run();
    await settle();
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await running;
    expect(seen.filter((line) => line.includes(TOKEN))).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['oca:pending', 'oca:success']);
  });
});
