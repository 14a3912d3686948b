// The shared browser suite's harness: one engine's browser and page for every check of an
// area file (e2e/engines/areas/*.ts), and the assertions those checks are written with. The
// after-each check fails a test on any uncaught error, dialog or console error, and on any
// console line that carries a minted token.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { EN, type ErrorCode, RETRYABLE } from '../helpers';
import type { Engine, EngineKind, PageRecord } from './driver';
import { minted, requestsFor, SITE } from './fake';

/** The confirm, Try again and every other button og-oca renders in the host. */
export const BUTTON = '[data-oca] button';

/** What the host shows, read in one go. */
export interface HostView {
  state: string | null;
  busy: string | null;
  error: string | null;
  status: string | null;
  alert: string | null;
  buttons: { text: string | null; enabled: boolean }[];
}

/** In the page: the host's view once it is in one of `states`, or when `timeout` ms ran out. */
const readHost = (states: string[], timeout: number) =>
  new Promise<HostView | null>((resolve) => {
    const end = Date.now() + timeout;
    const tick = () => {
      const host = document.querySelector('[data-oca]');
      const view = host && {
        state: host.getAttribute('data-oca-state'),
        busy: host.getAttribute('aria-busy'),
        error: host.getAttribute('data-oca-error'),
        status: host.querySelector(':scope > [role=status]')?.textContent ?? null,
        alert: host.querySelector(':scope > [role=alert]')?.textContent ?? null,
        buttons: [...host.querySelectorAll('button')].map((b) => ({
          text: b.textContent,
          enabled: !b.disabled,
        })),
      };
      if ((view && states.includes(view.state ?? '')) || Date.now() > end) resolve(view);
      else setTimeout(tick, 10);
    };
    tick();
  });

/** In the page: og-oca's events recorded since index `from`, once there are `count` (or after 15 s). */
const eventsFrom = async (from: number, count: number) => {
  const end = Date.now() + 15_000;
  const events = () => window.__engineRecord?.events.slice(from) ?? [];
  while (events().length < count && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return events();
};

/** In the page: the address bar and history.state, to look for the token. */
const addressOf = () => ({ href: location.href, state: JSON.stringify(history.state ?? null) });

/** Firefox's console message for a request that failed at the network level (it quotes the URL). */
const BROWSER_NETWORK_ERROR = /CORS request did not succeed/;

/** One engine's page and the assertions the checks use. */
export interface Harness {
  readonly kind: EngineKind;
  /** The page (set once the browser has started, before the first check). */
  readonly engine: Engine;
  /** The browser's User-Agent, to count what it sent the shared fake. */
  readonly userAgent: string;
  /** Opens a path of the demo site. */
  open(path: string, options?: { hideWebdriver?: boolean }): Promise<void>;
  /** The host's view once it is in one of `states` (or after `timeout` ms). */
  host(states: string | string[], timeout?: number): Promise<HostView | null>;
  /** How many og-oca events the page has recorded: a mark for {@link expectEventsSince}. */
  eventCount(): Promise<number>;
  /** The events the page recorded (all of them). */
  events(): Promise<PageRecord['events']>;
  /** A screenshot in the engine's output folder. */
  shot(name: string): Promise<void>;
  /** The address bar, parsed. */
  address(): Promise<URL>;
  /** The confirm state with one button labelled `label`, and nothing (more) sent yet for `token`. */
  expectConfirm(token: string, label: string, sentBefore?: number): Promise<void>;
  /** Success: text in role=status, empty alert, no button, not busy, no error code. */
  expectSuccess(text: string): Promise<void>;
  /** Error `code`: its text in role=alert and "Try again" exactly for retryable codes. */
  expectError(code: ErrorCode, text?: string): Promise<void>;
  /** The og-oca events since `mark`: these types, on the host, no token; returns them. */
  expectEventsSince(mark: number, token: string, types: string[]): Promise<PageRecord['events']>;
  /** The token is in neither the address bar nor history.state. */
  expectNoToken(token: string): Promise<void>;
  /** Opens `path` for `token`, checks the confirm state and clicks as a person; returns the event mark. */
  openAndConfirm(path: string, token: string, label: string, sentBefore?: number): Promise<number>;
  /**
   * Takes the problems and console lines so far in a check where requests failed at the
   * network level. The browser's own message for such a request is expected (Firefox logs
   * it with the request's URL, token included: the browser's line, not og-oca's); anything
   * else fails. Says in the output what the browser logged.
   */
  takeNetworkErrors(token: string, annotate: (message: string) => Promise<unknown>): Promise<void>;
}

/**
 * Starts `kind`'s browser before the first check of the enclosing `describe` and closes it
 * after the last; after each check, no problem and no token in a console line.
 */
export const useEngine = (kind: EngineKind): Harness => {
  let engine: Engine;
  let userAgent = '';
  const out = join(process.env.ENGINES_OUTPUT ?? 'test-results/engines', kind.name.toLowerCase());

  beforeAll(async () => {
    engine = await kind.launch();
    userAgent = await engine.evaluate(() => navigator.userAgent);
    mkdirSync(out, { recursive: true });
    console.warn(`${kind.name}: ${engine.version} (${userAgent})`);
  });
  afterAll(() => engine?.close());
  afterEach(async () => {
    if (!engine) return;
    expect(await engine.problems(), 'uncaught errors, dialogs or console errors').toEqual([]);
    const lines = engine.consoleLines() ?? []; // classic WebDriver (WebKit) has no console
    expect(
      lines.filter((line) => [...minted].some((token) => line.includes(token))),
      'console lines carrying a token',
    ).toEqual([]);
  });

  const open = (path: string, options?: { hideWebdriver?: boolean }) =>
    engine.goto(SITE + path, options);
  const host = (states: string | string[], timeout = 5000) =>
    engine.evaluate(readHost, [states].flat(), timeout);
  const eventCount = () => engine.evaluate(() => window.__engineRecord?.events.length ?? 0);
  const expectConfirm = async (token: string, label: string, sentBefore = 0) => {
    const view = await host('confirm');
    expect(view?.state, 'host state').toBe('confirm');
    expect(view?.buttons, 'the confirm button').toEqual([{ text: label, enabled: true }]);
    expect(await requestsFor(token), 'nothing sent before the click').toHaveLength(sentBefore);
  };

  return {
    kind,
    get engine() {
      return engine;
    },
    get userAgent() {
      return userAgent;
    },
    open,
    host,
    eventCount,
    events: () => engine.evaluate(() => window.__engineRecord?.events ?? []),
    shot: (name) => engine.screenshot(join(out, `${name}.png`)),
    address: async () => new URL((await engine.evaluate(addressOf)).href),
    expectConfirm,
    expectSuccess: async (text) => {
      expect(await host(['success', 'error'], 10_000), 'the host').toEqual({
        state: 'success',
        busy: null,
        error: null,
        status: text,
        alert: '',
        buttons: [],
      });
    },
    expectError: async (code, text = EN.error[code]) => {
      expect(await host(['success', 'error'], 15_000), 'the host').toEqual({
        state: 'error',
        busy: null,
        error: code,
        status: '',
        alert: text,
        buttons: RETRYABLE.includes(code) ? [{ text: EN.retry, enabled: true }] : [],
      });
    },
    expectEventsSince: async (mark, token, types) => {
      const events = await engine.evaluate(eventsFrom, mark, types.length);
      expect(
        events.map((e) => e.type),
        'og-oca events',
      ).toEqual(types);
      expect(
        events.every((e) => e.onHost),
        'events dispatched on the host, bubbling',
      ).toBe(true);
      expect(JSON.stringify(events), 'an event carrying the token').not.toContain(token);
      return events;
    },
    expectNoToken: async (token) => {
      const { href, state } = await engine.evaluate(addressOf);
      expect(decodeURIComponent(href), 'the address bar').not.toContain(token);
      expect(state, 'history.state').not.toContain(token);
    },
    openAndConfirm: async (path, token, label, sentBefore = 0) => {
      await open(path);
      await expectConfirm(token, label, sentBefore);
      const mark = await eventCount();
      await engine.click(BUTTON);
      return mark;
    },
    takeNetworkErrors: async (token, annotate) => {
      if (kind.console) await sleep(300);
      const problems = await engine.problems();
      const lines = engine.consoleLines() ?? [];
      expect(
        problems.filter((problem) => !BROWSER_NETWORK_ERROR.test(problem)),
        "problems other than the browser's own network-error message",
      ).toEqual([]);
      expect(
        lines.filter((line) => line.includes(token) && !BROWSER_NETWORK_ERROR.test(line)),
        'console lines carrying the token',
      ).toEqual([]);
      const logged = [...problems, ...lines].filter((line) => BROWSER_NETWORK_ERROR.test(line));
      if (logged.length)
        await annotate(
          `${kind.name} logged each failed request itself (${logged.length}×), with its URL and so the token: "${logged[0]!.replace(token, '<token>').slice(0, 200)}"`,
        );
    },
  };
};
