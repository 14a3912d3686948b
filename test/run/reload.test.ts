// A reload after the token left the address bar: og-oca keeps the outcome (without the
// token) in history.state and shows it again instead of "this link has no token",
// without sending anything.
import { HttpResponse, http } from 'msw';
import { expect, test, vi } from 'vitest';
import { run } from '../../src';
import {
  API,
  captureEvents,
  host,
  outcome,
  sequence,
  TOKEN,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { server, requests } = useApi();
usePage();
const events = captureEvents();

/** A reload: a new document (no registry, fresh body) at the same address and history entry. */
const reload = () => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
  document.body.replaceChildren();
  events.length = 0;
  requests.length = 0;
  return host();
};

test('a success is shown again after a reload, with no request', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=delay&days=21`);
  const first = await run();
  expect(first.status).toBe('success');

  const element = reload();
  expect(location.href).not.toContain(TOKEN);
  const again = await run();
  expect(again).toEqual(first);
  expect(requests).toHaveLength(0);
  expect(outcome(element)).toMatchObject({
    state: 'success',
    status: 'Done! Your next order will ship 21 days later.',
    buttons: [],
  });
  expect(sequence(events)).toEqual(['oca:pending', 'oca:success']);
  expect(events.at(-1)!.detail).toEqual({ action: 'delay', params: { days: 21 } });
});

test('a refusal is shown again after a reload, with no button and no request', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  server.use(
    http.get(`${API}/one_click/skip`, () =>
      HttpResponse.json({ error: 'token already used' }, { status: 400 }),
    ),
  );
  await run();

  const element = reload();
  const again = await run();
  expect(again).toMatchObject({ status: 'error', error: { code: 'used_token' } });
  expect(requests).toHaveLength(0);
  expect(outcome(element)).toMatchObject({
    state: 'error',
    error: 'used_token',
    alert: 'This link was already used: the change is already made.',
    buttons: [],
  });
});

test('a retryable error replayed after a reload offers no Try again (the token is gone)', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  server.use(http.get(`${API}/one_click/skip`, () => HttpResponse.error()));
  await run();

  const element = reload();
  await run();
  expect(outcome(element)).toMatchObject({ state: 'error', error: 'network', buttons: [] });
  expect(requests).toHaveLength(0);
});

test('the replay is shown in the current language', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  await run();
  const element = reload();
  document.documentElement.lang = 'de';
  await run();
  expect(element.querySelector('[role=status]')!.textContent).toBe(
    'Erledigt! Ihre nächste Bestellung wird übersprungen.',
  );
});

test('a fresh page with an action but no token and no kept outcome is missing_token', async () => {
  const element = host();
  visit('/landing?action=skip');
  expect(await run()).toMatchObject({ error: { code: 'missing_token' } });
  expect(element.getAttribute('data-oca-error')).toBe('missing_token');
});

test('a fresh page with no link and no kept outcome is idle', async () => {
  const element = host();
  visit('/landing');
  expect(await run()).toEqual({ status: 'idle' });
  expect(element.attributes).toHaveLength(1);
  expect(element.children).toHaveLength(0);
  expect(events).toEqual([]);
});

test('a fragment link replayed: the address has no keys left, the kept outcome shows', async () => {
  host();
  visit(`/landing#token=${TOKEN}&action=skip`);
  const first = await run();
  expect(first.status).toBe('success');
  const element = reload();
  expect(location.hash).toBe('');
  expect(await run()).toEqual(first);
  expect(requests).toHaveLength(0);
  expect(element.getAttribute('data-oca-state')).toBe('success');
});

test('run({ url }) does not replay the outcome kept for the page', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  await run();
  reload();
  const result = await run({ url: 'https://shop.example/l?action=skip' });
  expect(result).toMatchObject({ error: { code: 'missing_token' } });
});

test('run({ url }) does not write into history.state', async () => {
  host();
  history.replaceState({ app: 1 }, '', '/landing');
  const result = await run({ url: `https://shop.example/l?token=${TOKEN}&action=skip` });
  expect(result.status).toBe('success');
  expect(history.state).toEqual({ app: 1 });
});

// Safari throws a SecurityError after 100 history calls in 30 s; run() never rejects.
test('run() resolves when saving the outcome in history.state throws', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  const original = history.replaceState.bind(history);
  vi.spyOn(history, 'replaceState').mockImplementation((state, unused, url) => {
    if (state && typeof state === 'object' && 'ogOca' in state) {
      throw new DOMException('Too many calls', 'SecurityError');
    }
    original(state, unused, url);
  });
  await expect(run()).resolves.toMatchObject({ status: 'success' });
});
