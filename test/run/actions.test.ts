// run() end to end against an msw-mocked Ordergroove API, one test per action,
// then the configuration that shapes the request (delayDays, paths, apiBase).
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { run } from '../../src';
import {
  API,
  captureEvents,
  fromScript,
  host,
  outcome,
  SAFELISTED,
  sequence,
  TOKEN,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { server, requests } = useApi();
usePage();
const events = captureEvents();

describe.each([
  {
    action: 'delay',
    link: `?token=${TOKEN}&action=delay&days=21`,
    path: '/one_click/delay',
    query: [
      ['token', TOKEN],
      ['days', '21'],
    ],
    params: { days: 21 },
    text: 'Done! Your next order will ship 21 days later.',
  },
  {
    action: 'skip',
    link: `?token=${TOKEN}&action=skip`,
    path: '/one_click/skip',
    query: [['token', TOKEN]],
    params: {},
    text: 'Done! Your next order is skipped.',
  },
  {
    action: 'reactivate',
    link: `?token=${TOKEN}&action=reactivate&og_winback_id=WB-9`,
    path: '/one_click/reactivate',
    query: [
      ['token', TOKEN],
      ['winback_id', 'WB-9'],
    ],
    params: { winbackId: 'WB-9' },
    text: 'Welcome back! Your subscription is active again: your first order is set for tomorrow and will be charged then.',
  },
  {
    action: 'upsell',
    link: `#token=${TOKEN}&action=upsell&product=SKU-7&quantity=2`,
    path: '/one_click/upsell',
    query: [
      ['token', TOKEN],
      ['product', 'SKU-7'],
      ['quantity', '2'],
    ],
    params: { product: 'SKU-7', quantity: 2 },
    text: 'Done! 2 × SKU-7 will come with your next order.',
  },
])('$action', ({ action, link, path, query, params, text }) => {
  test('sends exactly one plain GET with the right path and query', async () => {
    host();
    visit(`/landing${link}`);
    await run();
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('GET');
    expect(request!.url.origin + request!.url.pathname).toBe(API + path);
    expect([...request!.url.searchParams]).toEqual(query);
    expect(request!.url.hash).toBe('');
    // Only CORS-safelisted headers: no preflight, one round trip; no credentials, no Referer.
    const custom = request!.headers.filter(([name]) => !SAFELISTED.includes(name.toLowerCase()));
    expect(custom).toEqual([]);
    expect(request!.credentials).toBe('omit');
    expect(request!.referrerPolicy).toBe('no-referrer');
  });

  test('renders the success, resolves with the result and fires oca:success', async () => {
    const element = host();
    visit(`/landing${link}`);
    const result = await run();
    expect(result).toEqual({ status: 'success', action, params });
    expect(outcome(element)).toEqual({
      state: 'success',
      error: null,
      busy: null,
      status: text,
      alert: '',
      buttons: [],
    });
    // (Auto mode fires oca:pending twice in a row today; see bugs.test.ts.)
    expect(sequence(events)).toEqual(['oca:pending', 'oca:success']);
    const success = events.at(-1)!;
    expect(success.target).toBe(element);
    expect(success.detail).toEqual({ action, params });
    expect(JSON.stringify(events.map((e) => e.detail))).not.toContain(TOKEN);
  });
});

test('while the request is under way the host is pending and aria-busy', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  let seenWhilePending: ReturnType<typeof outcome> | undefined;
  server.use(
    http.get(`${API}/one_click/skip`, () => {
      seenWhilePending = outcome(element);
      return HttpResponse.json({});
    }),
  );
  await run();
  expect(seenWhilePending).toMatchObject({
    state: 'pending',
    busy: 'true',
    status: 'Updating your subscription…',
    alert: '',
    buttons: [],
  });
  expect(events[0]).toMatchObject({ type: 'oca:pending', detail: { action: 'skip', params: {} } });
  expect(element.getAttribute('aria-busy')).toBeNull();
});

test('the live regions are inside the host, one status and one alert', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  await run();
  expect(element.querySelectorAll('[role=status]')).toHaveLength(1);
  expect(element.querySelectorAll('[role=alert]')).toHaveLength(1);
});

describe('days for a delay link', () => {
  const daysSent = () => requests.map((r) => r.url.searchParams.getAll('days'));

  test('delayDays option is used when the link has no days', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=delay`);
    const result = await run({ delayDays: 30 });
    expect(daysSent()).toEqual([['30']]);
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Done! Your next order will ship 30 days later.',
    );
    // The result reports what the link carried.
    expect(result).toEqual({ status: 'success', action: 'delay', params: {} });
  });

  test('data-delay-days on the script tag is used when the link has no days', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=delay`);
    await run(fromScript({ 'data-delay-days': '45' }));
    expect(daysSent()).toEqual([['45']]);
  });

  test("the link's days win over delayDays", async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=delay&days=3`);
    await run({ delayDays: 30 });
    expect(daysSent()).toEqual([['3']]);
  });

  test("no days anywhere: none is sent (the API's default) and the text says 14", async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=delay`);
    await run();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url.searchParams.has('days')).toBe(false);
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Done! Your next order will ship 14 days later.',
    );
  });

  test('delayDays is not sent with other actions', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    await run({ delayDays: 30 });
    expect(daysSent()).toEqual([[]]);
  });
});

describe('paths and apiBase', () => {
  test('paths option', async () => {
    host();
    server.use(http.get(`${API}/x/upsell`, () => HttpResponse.json({})));
    visit(`/landing?token=${TOKEN}&action=upsell&product=P1`);
    const result = await run({ paths: { upsell: '/x/upsell' } });
    expect(result.status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([`${API}/x/upsell?token=${TOKEN}&product=P1`]);
  });

  test('data-upsell-path on the script tag', async () => {
    host();
    server.use(http.get(`${API}/api/v2/upsell`, () => HttpResponse.json({})));
    visit(`/landing?token=${TOKEN}&action=upsell&product=P1&quantity=4`);
    const result = await run(fromScript({ 'data-upsell-path': '/api/v2/upsell' }));
    expect(result.status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([
      `${API}/api/v2/upsell?token=${TOKEN}&product=P1&quantity=4`,
    ]);
  });

  test('data-delay-path on the script tag only changes delay', async () => {
    host();
    server.use(http.get(`${API}/custom/delay`, () => HttpResponse.json({})));
    visit(`/landing?token=${TOKEN}&action=delay&days=2`);
    await run(fromScript({ 'data-delay-path': '/custom/delay' }));
    expect(requests.map((r) => r.url.pathname)).toEqual(['/custom/delay']);
  });

  test('apiBase option (staging)', async () => {
    const staging = 'https://staging.restapi.ordergroove.com';
    host();
    server.use(http.get(`${staging}/one_click/skip`, () => HttpResponse.json({})));
    visit(`/landing?token=${TOKEN}&action=skip`);
    const result = await run({ apiBase: staging });
    expect(result.status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([`${staging}/one_click/skip?token=${TOKEN}`]);
  });

  test('data-api-base on the script tag, with a trailing slash', async () => {
    const local = 'http://localhost:8787';
    host();
    server.use(http.get(`${local}/one_click/skip`, () => HttpResponse.json({})));
    visit(`/landing?token=${TOKEN}&action=skip`);
    const result = await run(fromScript({ 'data-api-base': `${local}/` }));
    expect(result.status).toBe('success');
    expect(requests.map((r) => r.url.href)).toEqual([`${local}/one_click/skip?token=${TOKEN}`]);
  });
});

test('run({ url }) reads the given link instead of the page address', async () => {
  host();
  visit('/landing?unrelated=1');
  const result = await run({ url: `https://shop.example/l?token=${TOKEN}&action=skip` });
  expect(result).toEqual({ status: 'success', action: 'skip', params: {} });
  expect(requests.map((r) => r.url.pathname)).toEqual(['/one_click/skip']);
  expect(location.search).toBe('?unrelated=1');
});
