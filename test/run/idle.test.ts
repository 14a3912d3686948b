// Site-wide install: on a page whose address carries none of og-oca's keys (the token or
// action parameter, or an og_quick_action* key, in the query or the fragment) og-oca does
// nothing at all — no host, no attribute, no event, no console line, no request, no
// history entry touched — and run() resolves { status: 'idle' }.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import {
  captureEvents,
  fromScript,
  host,
  spyConsole,
  TOKEN,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { requests } = useApi();
usePage();
const events = captureEvents();

/** The store's layout: a header, a main section, no host. */
const layout = () => {
  document.body.innerHTML =
    '<header><a href="/">Bean &amp; Bloom</a><nav><a href="/shop">Shop</a></nav></header><main><h1>Fresh coffee</h1></main>';
};

const IDLE_ADDRESSES = [
  '/',
  '/?utm_source=google',
  '/?utm_source=google&utm_medium=cpc&utm_campaign=spring#reviews',
  '/products/cold-brew?days=3&product=CB-CONC-32&quantity=2',
  '/#top',
  '/?tokenized=1&actions=2&og_other=1',
  '/?TOKEN=x&Action=skip',
];

describe.each(IDLE_ADDRESSES)('%s', (address) => {
  test('run() resolves idle and changes nothing', async () => {
    layout();
    const logs = spyConsole();
    visit(address);
    const state = { kept: 1 };
    history.replaceState(state, '');
    const before = { body: document.body.innerHTML, href: location.href, length: history.length };
    // Even options that would warn on a landing page stay silent here.
    const result = await run({ ...fromScript({ 'data-timeout': 'soon' }), target: '#missing' });
    expect(result).toEqual({ status: 'idle' });
    expect(document.body.innerHTML).toBe(before.body);
    expect(location.href).toBe(before.href);
    expect(history.length).toBe(before.length);
    expect(history.state).toBe(state);
    expect(events).toEqual([]);
    expect(logs.text()).toBe('');
    expect(requests).toHaveLength(0);
  });

  test('a host on the page stays untouched', async () => {
    const element = host({}, '<p>Manage your subscription in your account.</p>');
    const markup = element.outerHTML;
    visit(address);
    expect((await run()).status).toBe('idle');
    expect(element.outerHTML).toBe(markup);
  });
});

describe('the script-tag entry on an idle page', () => {
  beforeEach(() => vi.resetModules());

  test('loads, runs and stays silent even with invalid attributes and a clobbered currentScript', async () => {
    layout();
    const logs = spyConsole();
    visit('/?utm_source=google');
    const image = document.createElement('img');
    image.setAttribute('name', 'currentScript');
    document.body.append(image);
    vi.spyOn(document, 'currentScript', 'get').mockReturnValue(image as never);
    const before = document.body.innerHTML;
    const { default: OCA } = await import('../../src/auto');
    expect(await OCA.run()).toEqual({ status: 'idle' });
    expect(document.body.innerHTML).toBe(before);
    expect(logs.text()).toBe('');
    expect(events).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  test('the same clobbered currentScript on a landing page warns, naming it, and waits for a click', async () => {
    const logs = spyConsole();
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const image = document.createElement('img');
    vi.spyOn(document, 'currentScript', 'get').mockReturnValue(image as never);
    await import('../../src/auto');
    await vi.waitFor(() => expect(element.getAttribute('data-oca-state')).toBe('confirm'));
    expect(requests).toHaveLength(0);
    expect(location.href).not.toContain(TOKEN);
    expect(logs.warn).toHaveBeenCalledTimes(1);
    expect(logs.text()).toContain('document.currentScript');
  });
});

describe('what is not idle', () => {
  test.each([
    ['/?action=skip', 'missing_token'],
    ['/#action=delay&days=3', 'missing_token'],
    ['/#og_quick_action=delay#og_delay_by=21', 'missing_token'],
    ['/?og_quick_action_token=', 'missing_token'],
    ['/?og_quick_action_source=email', 'missing_token'],
    [`/?token=${TOKEN}`, 'unknown_action'],
    [`/?utm_source=mail#token=${TOKEN}&action=pause`, 'unknown_action'],
  ])('%s → %s', async (address, code) => {
    const element = host();
    visit(address);
    expect(await run()).toMatchObject({ status: 'error', error: { code } });
    expect(element.getAttribute('data-oca-error')).toBe(code);
    expect(events.map((e) => e.type)).toEqual(['oca:pending', 'oca:error']);
  });

  test('custom parameter names decide what a landing is', async () => {
    host();
    visit('/landing?do=skip');
    expect(await run({ actionParam: 'do' })).toMatchObject({ error: { code: 'missing_token' } });
  });

  test('run({ url }) with no keys is idle too, and sends nothing', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip&keep=1`);
    expect(await run({ url: 'https://shop.example/?utm_source=google' })).toEqual({
      status: 'idle',
    });
    expect(requests).toHaveLength(0);
    expect(location.search).toContain(TOKEN);
  });

  test('a second run() on an idle page is idle as well', async () => {
    visit('/?utm_source=google');
    const first = await run();
    expect(await run()).toEqual(first);
    expect(document.querySelector('[data-oca]')).toBeNull();
  });
});
