import type { Action } from './actions.js';
import { type Options, readAttributes, resolveConfig } from './config.js';
import { isRetryable, type OcaError } from './errors.js';
import type { State } from './events.js';
import { type ActionParams, type LinkResult, parseLink, withoutToken } from './link.js';
import { fill, messagesFor } from './messages.js';
import { View } from './render.js';
import { type Answer, sendAction } from './request.js';

/** How a run ended. `run()` resolves with it and never rejects. */
export type Result =
  | { status: 'success'; action: Action; params: ActionParams }
  | { status: 'error'; action?: Action; params?: ActionParams; error: OcaError };

/**
 * One registry per page, shared through a global symbol by every copy of og-oca on it
 * (two script tags, or the script tag and the npm build): the page's link is read once,
 * and each token gets one run, so nothing sends an action twice.
 */
interface Registry {
  link?: LinkResult;
  runs: Map<string, Promise<Result>>;
}
const registry = (): Registry => {
  const scope = globalThis as { [key: symbol]: Registry };
  const key = Symbol.for('og-oca');
  scope[key] ??= { runs: new Map() };
  return scope[key];
};

/**
 * Reads the link, carries the action out, shows the outcome in the host element and
 * resolves with it. Never rejects.
 *
 * Without `options.url` it reads the page's own address, once per page, and removes the
 * token from the address bar (unless `keepToken`). A second call for the same token
 * returns the first call's promise: the action is never sent twice.
 */
export const run = async (options: Options = {}): Promise<Result> => {
  try {
    const host = findHost(options.target);
    const config = resolveConfig(options, readAttributes(host));
    const shared = registry();
    const fromPage = options.url === undefined;
    if (fromPage) shared.link ??= parseLink(location.href, config);
    const parsed = fromPage ? shared.link! : parseLink(options.url!, config);
    const token = parsed.ok ? parsed.link.token : '';
    const running = shared.runs.get(token);
    if (running) return running;
    // A reload after the token left the address bar: show the outcome kept in history.state.
    const replay: Result | undefined =
      fromPage && !parsed.ok && parsed.error.code === 'missing_token'
        ? history.state?.ogOca
        : undefined;

    const texts = messagesFor(
      [config.locale, document.documentElement.lang, navigator.language],
      config.messages,
    );
    const view = new View(host);
    const source: { action?: Action; params?: ActionParams } =
      replay ?? (parsed.ok ? parsed.link : parsed);
    const { action } = source;
    const params = source.params ?? {};
    // Placeholder values; the API's defaults are 14 days and a quantity of 1.
    const values = {
      action,
      ...params,
      days: params.days ?? config.delayDays ?? 14,
      quantity: params.quantity ?? 1,
    };
    let current: State | undefined;
    const show = (state: State, text: string, button?: string, error?: OcaError) => {
      const control = view.show(
        state,
        fill(text, values),
        values,
        button === undefined ? undefined : fill(button, values),
        error?.code,
      );
      // One event per state entered (a page that waited to be visible shows "pending" again
      // when it sends).
      if (state !== current) {
        host.dispatchEvent(
          new CustomEvent(`oca:${state}`, {
            bubbles: true,
            detail: { action, params, ...(error && { error }) },
          }),
        );
      }
      current = state;
      return control;
    };
    const fail = (
      code: OcaError['code'],
      extra?: Partial<OcaError>,
      retryable = isRetryable(code),
    ): Result => {
      const error = { ...extra, code, message: fill(texts.error[code], values) };
      const retry = show('error', texts.error[code], retryable ? texts.retry : undefined, error);
      // Only the user's click sends the action again; its outcome becomes the token's result.
      if (retry) trustedClick(retry).then(() => shared.runs.set(token, attempt()));
      return { status: 'error', action, params, error };
    };
    const settle = async (sending?: Promise<Answer>): Promise<Result> => {
      if (replay?.status === 'error') return fail(replay.error.code, replay.error, false);
      if (!replay && !parsed.ok) {
        // Let the live regions exist a moment before text goes in, so it is announced.
        await new Promise((resolve) => setTimeout(resolve));
        return fail(parsed.error.code, parsed.error);
      }
      const { code, reason } = (await sending) ?? {};
      if (code) return fail(code, reason ? { reason } : {});
      show('success', texts.success[action!]);
      return { status: 'success', action: action!, params };
    };
    const attempt = async (): Promise<Result> => {
      // The request first, then the "pending" render: the subscriber waits on the network,
      // not on our DOM work (all of it still happens in this one task).
      const sending = parsed.ok && !replay ? sendAction(parsed.link, config) : undefined;
      show('pending', texts.pending);
      const result = await settle(sending);
      // Kept (without the token) so that a reload shows this outcome instead of "no token".
      if (fromPage) replaceState({ ...history.state, ogOca: result });
      return result;
    };
    // The token leaves the address bar in the task that read it: before any wait, and
    // otherwise just after the request has gone out (replaceState is the dearest step).
    const strip = () => {
      const clean = withoutToken(location.href, config);
      if (fromPage && !config.keepToken && clean !== location.href)
        replaceState(history.state, clean);
    };
    const start = async () => {
      // Link scanners open links in headless browsers, which set `navigator.webdriver`:
      // for them auto mode asks for a real click, as confirm mode always does.
      const asks = config.mode === 'confirm' || navigator.webdriver;
      if (parsed.ok && (asks || !visible())) {
        strip();
        show('pending', texts.pending);
        await (asks
          ? trustedClick(show('confirm', '', texts.confirm[parsed.link.action]))
          : whenVisible());
      }
      const outcome = attempt();
      strip();
      return outcome;
    };
    const outcome = start();
    if (token) shared.runs.set(token, outcome);
    return outcome;
  } catch {
    // No document (server-side rendering), or a host that cannot be used.
    return {
      status: 'error',
      error: { code: 'invalid_link', param: 'document', message: 'og-oca runs in a browser page.' },
    };
  }
};

/**
 * Resolves on the first click made by a person (`isTrusted`); the button is disabled at
 * once. The second click of a double click (`detail > 1`) is ignored too: when the first
 * click's request fails fast, a new "Try again" appears under the pointer, and the second
 * click must not send the action again.
 */
const trustedClick = (button: HTMLButtonElement | undefined) =>
  new Promise<void>((resolve) =>
    button?.addEventListener('click', (event) => {
      if (!event.isTrusted || event.detail > 1 || button.disabled) return;
      button.disabled = true;
      resolve();
    }),
  );

/** The page is shown, not hidden in a background tab nor being prerendered. */
const visible = () =>
  document.visibilityState === 'visible' && !(document as { prerendering?: boolean }).prerendering;

/** Resolves once the page is {@link visible}: no action for a page nobody sees. */
const whenVisible = () =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (!visible()) return;
      document.removeEventListener('visibilitychange', check);
      document.removeEventListener('prerenderingchange', check);
      resolve();
    };
    document.addEventListener('visibilitychange', check);
    document.addEventListener('prerenderingchange', check);
  });

/** The host: `target` (element or selector), else the first `[data-oca]`, else a new one first in `<body>`. */
const findHost = (target: Options['target']): HTMLElement => {
  let found: Element | null = null;
  try {
    found = typeof target === 'object' ? target : document.querySelector(target ?? '[data-oca]');
  } catch {}
  if (target !== undefined && !found)
    console.warn(`[og-oca] target "${target}" not found; using [data-oca].`);
  found ??= document.querySelector('[data-oca]');
  if (!found) {
    found = document.createElement('div');
    found.setAttribute('data-oca', '');
    document.body.prepend(found);
  }
  return found as HTMLElement;
};

/** `history.replaceState` that cannot break a run (Safari throws past 100 calls in 30 s). */
const replaceState = (state: unknown, url?: string) => {
  try {
    history.replaceState(state, '', url);
  } catch {}
};
