// Every error code, end to end: what the host shows, the result, the oca:error event,
// how many requests went out, and the "Try again" button where a retry can help.
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import {
  API,
  captureEvents,
  host,
  outcome,
  sequence,
  settle,
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
const answer = (respond: Parameters<typeof http.get>[1]) =>
  server.use(http.get(`${API}/one_click/skip`, respond));

interface Case {
  name: string;
  link?: string;
  respond?: Parameters<typeof http.get>[1];
  options?: Parameters<typeof run>[0];
  code: string;
  text: string;
  retry: boolean;
  requests: number;
  reason?: string;
}

const cases: Case[] = [
  {
    name: 'no token',
    link: '/landing?action=skip',
    code: 'missing_token',
    text: 'This link is incomplete: it has no token.',
    retry: false,
    requests: 0,
  },
  {
    name: 'unknown action',
    link: `/landing?token=${TOKEN}&action=cancel`,
    code: 'unknown_action',
    text: 'This link asks for an unknown action.',
    retry: false,
    requests: 0,
  },
  {
    name: 'bad days',
    link: `/landing?token=${TOKEN}&action=delay&days=0`,
    code: 'invalid_link',
    text: 'This link looks damaged.',
    retry: false,
    requests: 0,
  },
  {
    name: 'bad token',
    link: '/landing?token=ab%3Cc%3E&action=skip',
    code: 'invalid_link',
    text: 'This link looks damaged.',
    retry: false,
    requests: 0,
  },
  {
    name: '400 token already used',
    respond: () => HttpResponse.json({ error: 'token already used' }, { status: 400 }),
    code: 'used_token',
    text: 'This link was already used: the change is already made.',
    retry: false,
    requests: 1,
    reason: 'token already used',
  },
  {
    name: '400 Token expired',
    respond: () => HttpResponse.json({ error: 'Token expired' }, { status: 400 }),
    code: 'expired_token',
    text: 'This link has expired.',
    retry: false,
    requests: 1,
    reason: 'Token expired',
  },
  {
    name: '400 other reason',
    respond: () => HttpResponse.json({ error: 'Invalid subscription' }, { status: 400 }),
    code: 'rejected',
    text: 'Your subscription could not be updated.',
    retry: false,
    requests: 1,
    reason: 'Invalid subscription',
  },
  {
    name: '400 non-JSON body',
    respond: () => HttpResponse.text('Bad Request', { status: 400 }),
    code: 'rejected',
    text: 'Your subscription could not be updated.',
    retry: false,
    requests: 1,
  },
  {
    name: '404',
    respond: () => HttpResponse.text('Not Found', { status: 404 }),
    code: 'rejected',
    text: 'Your subscription could not be updated.',
    retry: false,
    requests: 1,
  },
  {
    name: '401',
    respond: () => new HttpResponse(null, { status: 401 }),
    code: 'rejected',
    text: 'Your subscription could not be updated.',
    retry: false,
    requests: 1,
  },
  ...[500, 503, 408, 429].map((status) => ({
    name: String(status),
    respond: () => HttpResponse.json({ error: 'token already used' }, { status }),
    code: 'server',
    text: 'Something went wrong on our side.',
    retry: true,
    requests: 1,
  })),
  {
    name: 'network error',
    respond: () => HttpResponse.error(),
    code: 'network',
    text: 'Could not reach the server.',
    retry: true,
    requests: 1,
  },
  {
    name: 'slower than timeout',
    respond: async () => {
      await delay(500);
      return HttpResponse.json({});
    },
    options: { timeout: 50 },
    code: 'timeout',
    text: 'The server took too long to answer.',
    retry: true,
    requests: 1,
  },
];

describe.each(cases)('$name → $code', (c) => {
  test('host, result, event, requests and the retry button', async () => {
    const element = host();
    visit(c.link ?? SKIP);
    if (c.respond) answer(c.respond);
    const result = await run(c.options);

    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error.code).toBe(c.code);
    expect(result.error.message).toBe(c.text);
    if (c.reason) expect(result.error.reason).toBe(c.reason);
    else expect(result.error).not.toHaveProperty('reason');

    expect(outcome(element)).toEqual({
      state: 'error',
      error: c.code,
      busy: null,
      status: '',
      alert: c.text,
      buttons: c.retry ? ['Try again'] : [],
    });
    expect(requests).toHaveLength(c.requests);

    expect(sequence(events)).toEqual(['oca:pending', 'oca:error']);
    const error = events.at(-1)!;
    expect(error.target).toBe(element);
    expect(error.detail).toMatchObject({ error: { code: c.code, message: c.text } });
    expect(JSON.stringify(error.detail)).not.toContain(TOKEN);
  });
});

test("og-oca's own failure before the host showed anything is shown as unexpected, and logged", async () => {
  const element = host();
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  // The browser's language cannot be read: og-oca throws as it starts drawing.
  vi.spyOn(navigator, 'language', 'get').mockImplementation(() => {
    throw new Error('broken browser');
  });
  visit(SKIP);
  const result = await run();
  expect(result).toMatchObject({ status: 'error', action: 'skip', error: { code: 'unexpected' } });
  expect(outcome(element)).toEqual({
    state: 'error',
    error: 'unexpected',
    busy: null,
    status: '',
    alert: 'Something unexpected went wrong on this page.',
    buttons: [],
  });
  expect(events.map((event) => event.type)).toEqual(['oca:error']);
  expect(logged).toHaveBeenCalledTimes(1);
  expect(String(logged.mock.calls[0])).not.toContain(TOKEN);
});

test('a slow answer within the timeout is a success', async () => {
  host();
  visit(SKIP);
  answer(async () => {
    await delay(60);
    return HttpResponse.json({});
  });
  expect((await run({ timeout: 1000 })).status).toBe('success');
});

test('200 with a non-JSON body is a success', async () => {
  const element = host();
  visit(SKIP);
  answer(() => HttpResponse.text('<html>OK</html>'));
  expect(await run()).toEqual({ status: 'success', action: 'skip', params: {} });
  expect(element.getAttribute('data-oca-state')).toBe('success');
});

test('204 with no body is a success', async () => {
  host();
  visit(SKIP);
  answer(() => new HttpResponse(null, { status: 204 }));
  expect((await run()).status).toBe('success');
});

test('an error result names the action and its params', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=delay&days=9`);
  server.use(http.get(`${API}/one_click/delay`, () => new HttpResponse(null, { status: 500 })));
  const result = await run();
  expect(result).toMatchObject({ status: 'error', action: 'delay', params: { days: 9 } });
  expect(events.at(-1)!.detail).toMatchObject({ action: 'delay', params: { days: 9 } });
});

test('invalid_link results carry the offending param', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=upsell&product=P&quantity=0`);
  const result = await run();
  expect(result).toMatchObject({
    status: 'error',
    action: 'upsell',
    error: { code: 'invalid_link', param: 'quantity' },
  });
});

test('the error text is put in after the live region exists (a task later)', async () => {
  const element = host();
  visit('/landing?action=skip');
  // The alert's text when the region first appears in the host.
  const seen: (string | null)[] = [];
  const observer = new MutationObserver(() => {
    const alert = element.querySelector('[role=alert]');
    if (alert && !seen.length) seen.push(alert.textContent);
  });
  observer.observe(element, { childList: true, subtree: true, characterData: true });
  await run();
  observer.disconnect();
  expect(seen).toEqual(['']);
  expect(element.querySelector('[role=alert]')?.textContent).not.toBe('');
});

describe('Try again', () => {
  test('an untrusted click (element.click(), a script) sends nothing', async () => {
    const element = host();
    visit(SKIP);
    answer(() => new HttpResponse(null, { status: 503 }));
    await run();
    const button = element.querySelector('button')!;
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await settle(50);
    expect(requests).toHaveLength(1);
    expect(outcome(element)).toMatchObject({ state: 'error', error: 'server' });
    expect(button.disabled).toBe(false);
  });

  // happy-dom cannot produce a trusted event; `trustedClick` simulates one (see helpers.ts)
  // to check what og-oca does after it. A real click is covered by the Playwright suite.
  test('a (simulated) trusted click sends the action again once, and its outcome becomes the result', async () => {
    const element = host();
    visit(SKIP);
    let calls = 0;
    answer(() => (++calls === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({})));
    const first = await run();
    expect(first).toMatchObject({ status: 'error', error: { code: 'server' } });
    const button = element.querySelector('button')!;
    trustedClick(button);
    trustedClick(button); // a double click
    expect(button.disabled).toBe(true);
    await vi.waitFor(() => expect(element.getAttribute('data-oca-state')).toBe('success'));
    expect(requests).toHaveLength(2);
    expect(outcome(element)).toMatchObject({
      state: 'success',
      error: null,
      alert: '',
      buttons: [],
      status: 'Done! Your next order is skipped.',
    });
    // A later run() for the same page reports the retry's outcome, without a new request.
    expect(await run()).toEqual({ status: 'success', action: 'skip', params: {} });
    expect(requests).toHaveLength(2);
    expect(sequence(events)).toEqual(['oca:pending', 'oca:error', 'oca:pending', 'oca:success']);
  });

  test('a retry that fails again offers Try again again', async () => {
    const element = host();
    visit(SKIP);
    answer(() => HttpResponse.error());
    await run();
    trustedClick(element.querySelector('button')!);
    await settle(50);
    expect(requests).toHaveLength(2);
    expect(outcome(element)).toMatchObject({
      state: 'error',
      error: 'network',
      buttons: ['Try again'],
    });
    expect(element.querySelector('button')!.disabled).toBe(false);
  });
});
