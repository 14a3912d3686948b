// @vitest-environment node
// The SSR promise: the ESM entry can be imported where there is no window or document
// (a server rendering the landing page) without side effects, and run() there resolves
// with an error instead of throwing.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

const KEY = Symbol.for('og-oca');

beforeEach(() => {
  vi.resetModules();
  delete (globalThis as Record<symbol, unknown>)[KEY];
});
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KEY];
});

const quietConsole = () =>
  (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
    vi.spyOn(console, name).mockImplementation(() => {}),
  );

test('this file really runs without a DOM', () => {
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
  expect(typeof location).toBe('undefined');
  expect(typeof history).toBe('undefined');
});

test('importing has no side effects', async () => {
  const consoles = quietConsole();
  const fetchSpy = vi.spyOn(globalThis, 'fetch');
  const names = new Set(Reflect.ownKeys(globalThis));

  const mod = await import('../../src/index');

  // (ky checks for request streams with `new Request()` as it loads; Node's own fetch then
  // sets up its global dispatcher under a symbol of its own: runtime internals, not a global.)
  const added = Reflect.ownKeys(globalThis).filter((key) => !names.has(key));
  expect(added.filter((key) => !String(key).startsWith('Symbol(undici.'))).toEqual([]);
  expect(KEY in globalThis).toBe(false);
  expect(fetchSpy).not.toHaveBeenCalled();
  for (const spy of consoles) expect(spy).not.toHaveBeenCalled();
  expect(typeof mod.run).toBe('function');
  expect(typeof mod.parseLink).toBe('function');
  expect(mod.ACTIONS).toEqual(['delay', 'skip', 'reactivate', 'upsell']);
});

test('parseLink works on the server', async () => {
  const { parseLink } = await import('../../src/index');
  expect(parseLink('https://shop.example/l?token=abcd.efg&action=Delay&days=7')).toEqual({
    ok: true,
    link: { token: 'abcd.efg', action: 'delay', params: { days: 7 } },
  });
  expect(parseLink('https://shop.example/l')).toMatchObject({
    ok: false,
    error: { code: 'missing_token' },
  });
});

test.each([
  ['no options', undefined],
  ['a url', { url: 'https://shop.example/l?token=abcd.efg&action=skip' }],
  ['a target selector', { target: '#oca' }],
  ['confirm mode', { mode: 'confirm' as const }],
])('run() with %s resolves (never rejects) with an error and sends nothing', async (_, options) => {
  quietConsole();
  const fetchSpy = vi.spyOn(globalThis, 'fetch');
  const { run } = await import('../../src/index');
  const result = await run(options);
  expect(result.status).toBe('error');
  if (result.status === 'error') {
    expect(typeof result.error.code).toBe('string');
    expect(typeof result.error.message).toBe('string');
  }
  expect(fetchSpy).not.toHaveBeenCalled();
  expect(JSON.stringify(result)).not.toContain('abcd.efg');
});
