import type { Action } from './actions.js';
import { type Config, type Options, readAttributes, resolveConfig } from './config.js';
import { type ErrorCode, isRetryable, type OcaError } from './errors.js';
import type { State } from './events.js';
import { type ActionParams, type LinkResult, parseLink, withoutToken } from './link.js';
import { fill, type Messages, messagesFor } from './messages.js';
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
    const link = fromPage ? shared.link! : parseLink(options.url!, config);
    const token = link.ok ? link.link.token : '';
    const running = shared.runs.get(token);
    if (running) return running;
    // A reload after the token left the address bar: show the outcome kept in history.state.
    const replay: Result | undefined =
      fromPage && !link.ok && link.error.code === 'missing_token'
        ? history.state?.ogOca
        : undefined;
    const outcome = new Run(host, config, link, fromPage, replay, (result) =>
      shared.runs.set(token, result),
    ).start();
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
 * One run on one host: a small state machine whose states are the host's `data-oca-state`.
 *
 * | state     | on                                         | next                  |
 * |-----------|--------------------------------------------|-----------------------|
 * | (start)   | a valid link                               | pending (sending)     |
 * | (start)   | a link error, or an outcome kept for reload | pending → error/success |
 * | pending   | confirm mode or an automated browser       | confirm               |
 * | pending   | the page is hidden or prerendered          | pending (waits: {@link whenVisible}) |
 * | confirm   | a person's click ({@link whenClicked})      | pending (sending)     |
 * | pending   | the API's answer                           | success or error      |
 * | error     | "Try again" clicked (retryable codes only) | pending (sending)     |
 *
 * `success` and an error without "Try again" are final. Every state entered dispatches
 * `oca:<state>` on the host.
 */
class Run {
  readonly #host: HTMLElement;
  readonly #view: View;
  readonly #config: Config;
  readonly #link: LinkResult;
  readonly #fromPage: boolean;
  readonly #replay: Result | undefined;
  readonly #texts: Messages;
  readonly #action: Action | undefined;
  readonly #params: ActionParams;
  /** Placeholder values: the link's params, and the API's defaults of 14 days and a quantity of 1. */
  readonly #values: Record<string, unknown>;
  /** Keeps a retry's outcome as the token's outcome for later `run()` calls. */
  readonly #keep: (outcome: Promise<Result>) => void;
  #state: State | undefined;

  constructor(
    host: HTMLElement,
    config: Config,
    link: LinkResult,
    fromPage: boolean,
    replay: Result | undefined,
    keep: (outcome: Promise<Result>) => void,
  ) {
    this.#host = host;
    this.#config = config;
    this.#link = link;
    this.#fromPage = fromPage;
    this.#replay = replay;
    this.#keep = keep;
    this.#texts = messagesFor(
      [config.locale, document.documentElement.lang, navigator.language],
      config.messages,
    );
    this.#view = new View(host);
    const source: { action?: Action; params?: ActionParams } =
      replay ?? (link.ok ? link.link : link);
    this.#action = source.action;
    this.#params = source.params ?? {};
    this.#values = {
      action: this.#action,
      ...this.#params,
      days: this.#params.days ?? config.delayDays ?? 14,
      quantity: this.#params.quantity ?? 1,
    };
  }

  /** From the start to the first outcome: the waits a valid link may need, then the request. */
  async start(): Promise<Result> {
    const link = this.#link;
    if (link.ok && !this.#replay) {
      // Link scanners open links in headless browsers, which set `navigator.webdriver`:
      // for them auto mode asks for a real click, as confirm mode always does.
      const asks = this.#config.mode === 'confirm' || navigator.webdriver;
      if (asks || !visible()) {
        this.#strip();
        this.#enter('pending', this.#texts.pending);
        await (asks
          ? whenClicked(this.#enter('confirm', '', this.#texts.confirm[link.link.action]))
          : whenVisible());
      }
    }
    const outcome = this.#attempt();
    this.#strip();
    return outcome;
  }

  /** Sends the action (if there is one to send), shows `pending`, then the outcome. */
  async #attempt(): Promise<Result> {
    // The request first, then the "pending" render: the subscriber waits on the network,
    // not on our DOM work (all of it still happens in this one task).
    const link = this.#link;
    const sending = link.ok && !this.#replay ? sendAction(link.link, this.#config) : undefined;
    this.#enter('pending', this.#texts.pending);
    const result = await this.#settle(sending);
    // Kept (without the token) so that a reload shows this outcome instead of "no token".
    if (this.#fromPage) replaceState({ ...history.state, ogOca: result });
    return result;
  }

  /** From `pending` to the outcome: the kept one, the link's error, or the API's answer. */
  async #settle(sending: Promise<Answer> | undefined): Promise<Result> {
    const replay = this.#replay;
    if (replay?.status === 'error') return this.#fail(replay.error.code, replay.error, false);
    if (!replay && !this.#link.ok) {
      // Let the live regions exist a moment before text goes in, so it is announced.
      await new Promise((resolve) => setTimeout(resolve));
      return this.#fail(this.#link.error.code, this.#link.error);
    }
    const { code, reason } = (await sending) ?? {};
    if (code) return this.#fail(code, reason ? { reason } : {});
    this.#enter('success', this.#texts.success[this.#action!]);
    return { status: 'success', action: this.#action!, params: this.#params };
  }

  /** Enters `error`; a retryable error gets "Try again", whose click starts another attempt. */
  #fail(code: ErrorCode, extra?: Partial<OcaError>, retryable = isRetryable(code)): Result {
    const error = { ...extra, code, message: fill(this.#texts.error[code], this.#values) };
    const retry = this.#enter(
      'error',
      this.#texts.error[code],
      retryable ? this.#texts.retry : undefined,
      error,
    );
    // Only the user's click sends the action again; its outcome becomes the token's result.
    if (retry) whenClicked(retry).then(() => this.#keep(this.#attempt()));
    return { status: 'error', action: this.#action, params: this.#params, error };
  }

  /**
   * Shows `state` on the host and dispatches `oca:<state>` when the state changes (a page
   * that waited to be visible shows `pending` again when it sends, without a second event).
   * Returns the state's button, if it has one.
   */
  #enter(state: State, text: string, button?: string, error?: OcaError) {
    const values = this.#values;
    const control = this.#view.show(
      state,
      fill(text, values),
      values,
      button === undefined ? undefined : fill(button, values),
      error?.code,
    );
    if (state !== this.#state) {
      this.#host.dispatchEvent(
        new CustomEvent(`oca:${state}`, {
          bubbles: true,
          detail: { action: this.#action, params: this.#params, ...(error && { error }) },
        }),
      );
    }
    this.#state = state;
    return control;
  }

  /**
   * The token leaves the address bar in the task that read it: before any wait, and
   * otherwise just after the request has gone out (replaceState is the dearest step).
   */
  #strip() {
    const clean = withoutToken(location.href, this.#config);
    if (this.#fromPage && !this.#config.keepToken && clean !== location.href)
      replaceState(history.state, clean);
  }
}

/**
 * Wait for a person: resolves on the first click made by a person (`isTrusted`); the
 * button is disabled at once. The second click of a double click (`detail > 1`) is ignored
 * too: when the first click's request fails fast, a new "Try again" appears under the
 * pointer, and the second click must not send the action again.
 */
const whenClicked = (button: HTMLButtonElement | undefined) =>
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

/** Wait for the page to be seen: resolves once it is {@link visible}. */
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
