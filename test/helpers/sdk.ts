// Shared fixtures for the SDK tests: a recording msw server, a clean page per test,
// and captures of og-oca's events and console output.
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import { type Options, readAttributes } from '../../src/config';
import { server } from './msw';

export const API = 'https://restapi.ordergroove.com';

/** A JWT-shaped token (base64url segments), the kind Ordergroove issues today. */
export const TOKEN = 'eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiJvY2EtdGVzdCJ9.c2lnbmF0dXJlLXNlY3JldA';

export interface Seen {
  url: URL;
  method: string;
  headers: [string, string][];
  credentials: RequestCredentials;
  referrerPolicy: ReferrerPolicy;
}

/** Headers a page script may send without a CORS preflight (Fetch standard, "CORS-safelisted"). */
export const SAFELISTED = ['accept', 'accept-language', 'content-language'];

/**
 * The file's API (the shared msw server): every request is recorded (also unhandled ones),
 * the default answer is `200 {}` for any `/one_click/*` path on the production API,
 * anything else is an unhandled request (an error). Tests add their own handlers with
 * `server.use(http.get(...))`.
 */
export const useApi = () => {
  const requests: Seen[] = [];
  server.resetHandlers(http.get(`${API}/one_click/:action`, () => HttpResponse.json({})));
  const record = ({ request }: { request: Request }) => {
    requests.push({
      url: new URL(request.url),
      method: request.method,
      headers: [...request.headers],
      credentials: request.credentials,
      referrerPolicy: request.referrerPolicy,
    });
  };
  server.events.on('request:start', record);
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.events.removeListener('request:start', record));
  return { server, requests };
};

/** Every test starts on a fresh page: no og-oca registry, an empty body, a given address. */
export const usePage = () => {
  beforeEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
    document.body.replaceChildren();
    document.documentElement.lang = '';
    history.replaceState(null, '', '/landing');
  });
};

/** Sets the page address (path, query and fragment) the way a clicked link would. */
export const visit = (path: string) => history.replaceState(null, '', path);

/** Puts `<div data-oca …>` (plus optional inner markup) in the body and returns it. */
export const host = (attributes: Record<string, string> = {}, inner = '') => {
  const element = document.createElement('div');
  element.setAttribute('data-oca', '');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.innerHTML = inner;
  document.body.append(element);
  return element;
};

/**
 * The options a `<script src="oca.js" …attributes>` tag gives, read exactly as the script-tag
 * entry (src/auto.ts) reads them.
 */
export const fromScript = (attributes: Record<string, string>): Options => {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return readAttributes(script);
};

export interface Captured {
  type: string;
  target: EventTarget | null;
  detail: Record<string, unknown>;
}

/** Records every `oca:*` event that bubbles to `document`, afresh for each test. */
export const captureEvents = () => {
  const events: Captured[] = [];
  let controller: AbortController | undefined;
  beforeEach(() => {
    events.length = 0;
    controller = new AbortController();
    for (const type of ['oca:pending', 'oca:confirm', 'oca:success', 'oca:error']) {
      document.addEventListener(
        type,
        (event) =>
          events.push({ type, target: event.target, detail: (event as CustomEvent).detail }),
        { signal: controller.signal },
      );
    }
  });
  afterEach(() => controller?.abort());
  return events;
};

/** The event types in order, with immediate repeats folded (pending, pending → pending). */
export const sequence = (events: Captured[]) =>
  events.map((e) => e.type).filter((type, i, all) => type !== all[i - 1]);

/** Spies on every console method; `text()` is everything logged, stringified. */
export const spyConsole = () => {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const spies = Object.fromEntries(
    methods.map((name) => [name, vi.spyOn(console, name).mockImplementation(() => {})]),
  ) as Record<(typeof methods)[number], ReturnType<typeof vi.spyOn>>;
  const text = () =>
    methods
      .flatMap((name) => spies[name].mock.calls.flat())
      .map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg)))
      .join('\n');
  return { ...spies, text };
};

/** Lets pending timers and promises run for `ms` (real time: tests use real timers). */
export const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * happy-dom has no notion of trusted events (`event.isTrusted` is `undefined`, and
 * `button.click()` is untrusted as in browsers). To exercise og-oca's logic *after* a
 * real click, this simulates one by defining `isTrusted` on the event instance — a thing
 * no page script can do in a real browser ([LegacyUnforgeable]). The real-browser path
 * (a person's click, Playwright's `page.click`) belongs to the e2e suite.
 */
export const trustedClick = (element: Element) => {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
};

/** The host's visible outcome, for compact assertions. */
export const outcome = (element: Element) => ({
  state: element.getAttribute('data-oca-state'),
  error: element.getAttribute('data-oca-error'),
  busy: element.getAttribute('aria-busy'),
  status: element.querySelector('[role=status]')?.textContent ?? null,
  alert: element.querySelector('[role=alert]')?.textContent ?? null,
  buttons: [...element.querySelectorAll('button')].map((button) => button.textContent),
});
