// The <script src="oca.js"> entry (src/auto.ts): runs on load, configured by the script
// tag's data-attributes (the host element may set data-locale only), exposes OCA.run/parseLink,
// and a second copy of the script never sends the action twice.
import { beforeEach, expect, test, vi } from 'vitest';
import {
  host,
  settle,
  spyConsole,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { requests } = useApi();
usePage();
beforeEach(() => vi.resetModules());

/** Loads the entry as `<script src="oca.js" …attributes>` would. */
const load = async (attributes: Record<string, string> = {}) => {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  document.body.append(script);
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
  const { default: OCA } = await import('../../src/auto');
  return OCA;
};

const stateOf = (element: Element) => element.getAttribute('data-oca-state');

test('runs on load and exposes run and parseLink', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  const OCA = await load();
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(requests).toHaveLength(1);
  expect(location.href).not.toContain(TOKEN);
  expect(typeof OCA.run).toBe('function');
  expect(OCA.parseLink(`/x?token=${TOKEN}&action=skip`)).toMatchObject({ ok: true });
  // OCA.run() afterwards returns the same outcome and sends nothing.
  expect(await OCA.run()).toEqual({ status: 'success', action: 'skip', params: {} });
  expect(requests).toHaveLength(1);
});

test('a second copy of the script sends nothing more', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  await load();
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  vi.resetModules();
  const second = await load();
  await settle(30);
  expect(requests).toHaveLength(1);
  expect((await second.run()).status).toBe('success');
  expect(requests).toHaveLength(1);
});

test('script attributes configure the run', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=delay`);
  await load({ 'data-mode': 'confirm', 'data-delay-days': '12', 'data-locale': 'fr' });
  await vi.waitFor(() => expect(stateOf(element)).toBe('confirm'));
  const button = element.querySelector('button')!;
  expect(button.textContent).toBe('Reporter ma prochaine commande de 12 jours');
  expect(requests).toHaveLength(0);
  trustedClick(button);
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(requests[0]!.url.searchParams.get('days')).toBe('12');
});

test('the host sets data-locale only: its data-mode and data-delay-days do not override the script', async () => {
  const logs = spyConsole();
  const element = host({ 'data-mode': 'auto', 'data-delay-days': '3', 'data-locale': 'de' });
  visit(`/landing?token=${TOKEN}&action=delay`);
  await load({ 'data-mode': 'confirm', 'data-delay-days': '12', 'data-locale': 'fr' });
  await vi.waitFor(() => expect(stateOf(element)).toBe('confirm'));
  expect(element.querySelector('button')!.textContent).toBe(
    'Nächste Bestellung um 12 Tage verschieben',
  );
  trustedClick(element.querySelector('button')!);
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(requests.map((r) => r.url.searchParams.get('days'))).toEqual(['12']);
  expect(logs.warn).toHaveBeenCalledTimes(2);
  expect(logs.text()).toMatch(
    /data-mode \(mode\) "auto" on the host element is ignored; using confirm/,
  );
  expect(logs.text()).toMatch(
    /data-delay-days \(delayDays\) "3" on the host element is ignored; using 12/,
  );
});

test('data-target on the script picks the host', async () => {
  host();
  const chosen = document.createElement('aside');
  chosen.id = 'oca-here';
  document.body.append(chosen);
  visit(`/landing?token=${TOKEN}&action=skip`);
  await load({ 'data-target': '#oca-here' });
  await vi.waitFor(() => expect(stateOf(chosen)).toBe('success'));
});

test('data-auto="false": nothing happens until OCA.run()', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  const OCA = await load({ 'data-auto': 'false' });
  await settle(30);
  expect(requests).toHaveLength(0);
  expect(stateOf(element)).toBeNull();
  expect(location.href).toContain(TOKEN); // not even read yet
  const result = await OCA.run({ locale: 'es' });
  expect(result.status).toBe('success');
  expect(element.querySelector('[role=status]')!.textContent).toBe(
    '¡Listo! Hemos saltado tu próximo pedido.',
  );
  expect(requests).toHaveLength(1);
});

test('while the document is loading it sends at once and shows the outcome once parsed', async () => {
  const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
  visit(`/landing?token=${TOKEN}&action=skip`);
  await load();
  // Auto mode on a page a person sees: the request needs only the link.
  await vi.waitFor(() => expect(requests).toHaveLength(1));
  // The host appears later in the document, as it would while parsing.
  const element = host();
  await settle(30);
  expect(stateOf(element)).toBeNull();
  readyState.mockReturnValue('interactive');
  document.dispatchEvent(new Event('readystatechange'));
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(requests).toHaveLength(1);
});

test('while the document is loading the outcome shows as soon as the host is parsed', async () => {
  const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
  visit(`/landing?token=${TOKEN}&action=skip`);
  await load({ 'data-target': '#oca' });
  // The parser reaches the host: it is in the document, but nothing after it yet.
  const element = host(
    { id: 'oca' },
    '<template data-oca-template="success"><b>{action}</b></template>',
  );
  await settle(30);
  expect(stateOf(element)).toBeNull();
  // The parser goes past it (the rest of the page streams in): the host is complete.
  document.body.append(document.createElement('footer'));
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(element.querySelector('[role=status] b')?.textContent).toBe('skip');
  expect(document.readyState).toBe('loading');
  readyState.mockReturnValue('complete');
});

test('while the document is loading confirm mode sends nothing', async () => {
  const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
  visit(`/landing?token=${TOKEN}&action=skip`);
  await load({ 'data-mode': 'confirm' });
  await settle(30);
  expect(requests).toHaveLength(0);
  const element = host();
  readyState.mockReturnValue('interactive');
  document.dispatchEvent(new Event('readystatechange'));
  await vi.waitFor(() => expect(stateOf(element)).toBe('confirm'));
  expect(requests).toHaveLength(0);
});

test('while the document is loading the token leaves the address bar at once', async () => {
  const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
  visit(`/landing?token=${TOKEN}&action=skip&utm_source=mail`);
  const OCA = await load();
  // Before the page is parsed, before any later script: only the token is gone.
  expect(location.search).toBe('?utm_source=mail');
  // (The page ends: the run finishes here, not in the next test.)
  readyState.mockReturnValue('complete');
  document.dispatchEvent(new Event('readystatechange'));
  expect((await OCA.run()).status).toBe('success');
});

test('the script tag sends first, then takes the token out of the address bar before any task runs', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  const order: string[] = [];
  const pageFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((...args) => {
    order.push(`fetch, address ${location.search}`);
    // The first chance any other script gets after the request left: a task.
    setTimeout(() => order.push(`next task, address ${location.search}`));
    return pageFetch(...args);
  });
  await load();
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(order).toEqual([`fetch, address ?token=${TOKEN}&action=skip`, 'next task, address ']);
  expect(requests).toHaveLength(1);
});

test('invalid script attributes warn once each and the defaults are used', async () => {
  const logs = spyConsole();
  const element = host();
  visit(`/landing?token=${TOKEN}&action=delay`);
  await load({ 'data-timeout': 'soon', 'data-delay-days': '-3' });
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(logs.warn).toHaveBeenCalledTimes(2);
  expect(logs.text()).toContain('data-timeout');
  expect(logs.text()).toContain('data-delay-days');
  expect(requests[0]!.url.searchParams.has('days')).toBe(false);
});

test.each(['no', '0', 'off'])('data-auto="%s" warns naming data-auto', async (value) => {
  const logs = spyConsole();
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  await load({ 'data-auto': value });
  await vi.waitFor(() => expect(stateOf(element)).toBe('success'));
  expect(logs.warn).toHaveBeenCalledTimes(1);
  expect(logs.text()).toContain('data-auto');
});
