// The safety rules: one request per token per page, the token leaves the address bar
// and never shows up anywhere else, and nothing from the URL or the API becomes markup.
import { HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
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

describe('one request per token per page', () => {
  test('a second run() returns the same result and sends nothing', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=delay&days=21`);
    const first = await run();
    const second = await run();
    expect(second).toBe(first);
    expect(requests).toHaveLength(1);
  });

  test('concurrent run() calls share one request', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const results = await Promise.all([run(), run(), run({ mode: 'auto' })]);
    expect(new Set(results).size).toBe(1);
    expect(requests).toHaveLength(1);
  });

  test('a second run() after an error does not resend the action either', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    server.use(http.get(`${API}/one_click/skip`, () => new HttpResponse(null, { status: 500 })));
    const first = await run();
    expect(await run()).toBe(first);
    expect(requests).toHaveLength(1);
  });

  test('run({ url }) with the token the page already used sends nothing', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const first = await run();
    expect(await run({ url: `https://shop.example/x?token=${TOKEN}&action=skip` })).toBe(first);
    expect(requests).toHaveLength(1);
  });

  test('the page link is read once: a second run() after the address changed is the first run', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const first = await run();
    visit('/landing?token=another-token&action=skip');
    expect(await run()).toBe(first);
    expect(requests).toHaveLength(1);
  });

  test('a second copy of og-oca (another module instance) shares the registry', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const first = await run();
    vi.resetModules();
    const copy = await import('../../src/index');
    expect(copy.run).not.toBe(run);
    expect(await copy.run()).toBe(first);
    expect(requests).toHaveLength(1);
  });

  test('a double (simulated trusted) click on the confirm button sends one request', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const running = run({ mode: 'confirm' });
    await settle();
    const button = element.querySelector('button')!;
    trustedClick(button);
    trustedClick(button);
    await running;
    await settle();
    expect(requests).toHaveLength(1);
  });
});

describe('the token and the rest of the link leave the address bar', () => {
  test.each([
    [`?token=${TOKEN}&action=delay&days=21`, '/landing'],
    [`?action=skip&token=${TOKEN}&utm_source=mail#top`, '/landing?utm_source=mail#top'],
    [`#token=${TOKEN}&action=skip`, '/landing'],
    [`?utm_source=sms#token=${TOKEN}&action=skip`, '/landing?utm_source=sms'],
    [`#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${TOKEN}`, '/landing'],
  ])('%s → %s', async (link, clean) => {
    host();
    visit(`/landing${link}`);
    const before = history.length;
    await run();
    expect(location.pathname + location.search + location.hash).toBe(clean);
    expect(location.href).not.toContain(TOKEN);
    expect(history.length).toBe(before); // replaced, not pushed
  });

  test('already before the request is sent', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    let hrefDuringRequest = '';
    server.use(
      http.get(`${API}/one_click/skip`, () => {
        hrefDuringRequest = location.href;
        return HttpResponse.json({});
      }),
    );
    await run();
    expect(hrefDuringRequest).not.toBe('');
    expect(hrefDuringRequest).not.toContain(TOKEN);
  });

  test('also when the link is invalid', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=delay&days=0`);
    await run();
    expect(location.href).not.toContain(TOKEN);
  });

  test("the page's own history.state is kept", async () => {
    host();
    history.replaceState({ app: 1 }, '', `/landing?token=${TOKEN}&action=skip`);
    await run();
    expect(history.state).toMatchObject({ app: 1 });
  });

  test('the outcome kept in history.state for reloads holds no token', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        HttpResponse.json({ error: `token ${TOKEN} already used` }, { status: 400 }),
      ),
    );
    await run();
    expect(history.state).not.toBeNull();
    expect(JSON.stringify(history.state)).not.toContain(TOKEN);
  });

  test('keepToken: true leaves it', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    await run({ keepToken: true });
    expect(location.search).toBe(`?token=${TOKEN}&action=skip`);
  });

  test('data-keep-token="true" (and the bare attribute) on the script tag leaves it', async () => {
    host();
    visit(`/landing#token=${TOKEN}&action=skip`);
    await run(fromScript({ 'data-keep-token': 'true' }));
    expect(location.hash).toBe(`#token=${TOKEN}&action=skip`);

    delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
    document.body.replaceChildren();
    host();
    visit(`/landing?token=${TOKEN}&action=delay`);
    await run(fromScript({ 'data-keep-token': '' }));
    expect(location.search).toContain(TOKEN);
  });

  test('run({ url }) does not touch the address bar', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip&other=1`);
    await run({ url: 'https://shop.example/l?token=given-token&action=skip' });
    expect(location.search).toBe(`?token=${TOKEN}&action=skip&other=1`);
  });

  // With a custom tokenParam, a `token=` parameter must not be sent and then left behind.
  test('custom tokenParam: a `token` parameter is either ignored or removed from the address bar', async () => {
    host({ 'data-token-param': 'og_t' });
    visit(`/landing?token=${TOKEN}&action=skip`);
    const result = await run();
    // Whichever behaviour (ignore `token`, or strip it too), the token must not stay in the
    // URL after og-oca acted on it.
    if (result.status === 'success') expect(location.href).not.toContain(TOKEN);
    else expect(requests).toHaveLength(0);
  });
});

describe('the token is never put anywhere else', () => {
  const everywhere = (element: Element, result: unknown, logs: string) => {
    expect(logs).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.stringify(events.map((e) => e.detail))).not.toContain(TOKEN);
    expect(document.documentElement.outerHTML).not.toContain(TOKEN);
    expect(element.textContent).not.toContain(TOKEN);
    expect(location.href).not.toContain(TOKEN);
  };

  test.each([
    ['success', () => HttpResponse.json({ token: TOKEN })],
    [
      'reason echoing the token',
      () => HttpResponse.json({ error: `token ${TOKEN} already used` }, { status: 400 }),
    ],
    ['reason that is only the token', () => HttpResponse.json({ error: TOKEN }, { status: 400 })],
    [
      'expired, echoed',
      () => HttpResponse.json({ error: `Token expired: ${TOKEN}` }, { status: 400 }),
    ],
    ['500 echoing', () => HttpResponse.json({ error: TOKEN }, { status: 500 })],
    ['network', () => HttpResponse.error()],
  ])('%s', async (_, respond) => {
    const logs = spyConsole();
    const element = host({ 'data-timeout': 'nonsense', 'data-locale': TOKEN.slice(0, 10) });
    visit(`/landing?token=${TOKEN}&action=skip`);
    server.use(http.get(`${API}/one_click/skip`, respond));
    const result = await run();
    everywhere(element, result, logs.text());
  });

  test('the echoed reason is kept, minus the token', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        HttpResponse.json({ error: `token ${TOKEN} already used` }, { status: 400 }),
      ),
    );
    const result = await run();
    expect(result).toMatchObject({ status: 'error', error: { code: 'used_token' } });
    if (result.status === 'error') {
      expect(result.error.reason).toContain('already used');
      expect(result.error.reason).not.toContain(TOKEN);
    }
  });

  test.each([
    ['too short', 'abc'],
    ['bad characters', `${TOKEN}<x>`],
    ['conflicting', `${TOKEN}&token=other-token`],
  ])('invalid links: %s', async (_, token) => {
    const logs = spyConsole();
    const element = host();
    visit(`/landing?token=${token}&action=skip`);
    const result = await run();
    expect(result.status).toBe('error');
    everywhere(element, result, logs.text());
    expect(requests).toHaveLength(0);
  });

  test('a token kept in the address bar (keepToken) still stays out of the page', async () => {
    const logs = spyConsole();
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const result = await run({ keepToken: true });
    expect(logs.text()).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(element.outerHTML).not.toContain(TOKEN);
  });
});

describe('nothing becomes markup', () => {
  const noMarkup = (element: Element) => {
    expect(element.querySelectorAll('img, script, iframe, svg, a, b, style')).toHaveLength(0);
  };

  test('HTML in product is refused by the link check and never rendered', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=upsell&product=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E`);
    const result = await run();
    expect(result).toMatchObject({ error: { code: 'invalid_link', param: 'product' } });
    noMarkup(element);
    expect(element.textContent).not.toContain('<img');
    expect(requests).toHaveLength(0);
  });

  test('the most a product can carry (: / . - _) is shown as text', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=upsell&product=javascript:alert/..//-_1&quantity=2`);
    await run();
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Done! 2 × javascript:alert/..//-_1 will come with your next order.',
    );
    noMarkup(element);
  });

  test('HTML in the API reason never becomes elements', async () => {
    const element = host();
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script><b>used</b>';
    visit(`/landing?token=${TOKEN}&action=skip`);
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        HttpResponse.json({ error: hostile }, { status: 400 }),
      ),
    );
    const result = await run();
    noMarkup(element);
    expect(result).toMatchObject({ error: { code: 'used_token', reason: hostile } });
    expect(events.at(-1)!.detail).toMatchObject({ error: { reason: hostile } });
  });

  test('HTML in a message override is shown as text', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=delay&days=3`);
    await run({ messages: { success: { delay: '<img src=x onerror=alert(1)> {days}' } } });
    noMarkup(element);
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      '<img src=x onerror=alert(1)> 3',
    );
  });

  test('an HTML-looking days or action never reaches the page', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=%3Cb%3Edelay%3C%2Fb%3E&days=%3Cb%3E1%3C%2Fb%3E`);
    const result = await run();
    expect(result).toMatchObject({ error: { code: 'unknown_action' } });
    noMarkup(element);
    expect(element.textContent).not.toContain('<b>');
  });
});

test('no inline styles are set on the host or its content', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  server.use(http.get(`${API}/one_click/skip`, () => new HttpResponse(null, { status: 503 })));
  await run();
  expect(element.querySelectorAll('[style]')).toHaveLength(0);
  expect(element.hasAttribute('style')).toBe(false);
});
