import { ACTION_PARAMS, type Action, toAction, toParam } from './actions.js';
import { type Config, type Options, readAttributes, resolveConfig } from './config.js';
import { ERROR_CODES, type ErrorCode, isRetryable, type OcaError } from './errors.js';
import type { State } from './events.js';
import { type ActionParams, type Link, readLink } from './link.js';
import { fill, type Texts, textsFor } from './messages.js';
import { own } from './own.js';
import { type Entry, keyOf, registry } from './registry.js';
import { show } from './render.js';
import { type Answer, sendAction } from './request.js';
import { once } from './tabs.js';

/**
 * How a run ended. `run()` resolves with it and never rejects. `idle`: the address is not a
 * 1-click link (it carries none of og-oca's keys), and og-oca did nothing at all.
 */
export type Result =
  | { status: 'idle' }
  | {
      status: 'success';
      action: Action;
      params: ActionParams;
      /** The action had gone through on an earlier attempt whose answer was lost (a "used" answer after `network` or `timeout`). */
      recovered?: true;
    }
  | { status: 'error'; action?: Action; params?: ActionParams; error: OcaError };

const IDLE: Result = { status: 'idle' };

/**
 * Reads the link, carries the action out, shows the outcome in the host element and
 * resolves with it. Never rejects.
 *
 * Without `options.url` it reads the page's own address, once per page, and removes the
 * token from the address bar (unless `keepToken`) before anything else happens. A second
 * call for the same token returns the first call's outcome: the action is never sent twice.
 * An address with none of og-oca's keys resolves `{ status: 'idle' }` and changes nothing.
 */
export const run = (options?: Options): Promise<Result> => start(options);

/**
 * {@link run}, with warnings found before it (by the script-tag entry) that are printed
 * only if the page is a 1-click landing: an idle page gets no console line.
 */
export const start = async (options: Options = {}, warnings: string[] = []): Promise<Result> => {
  try {
    const shared = registry();
    const url = own(options, 'url');
    const fromPage = url === undefined;
    if (fromPage && shared.page) return shared.page.result;
    const config = resolveConfig(options, (warning) => warnings.push(warning));
    const href = fromPage ? location.href : String(url);
    const { link, landing, clean } = readLink(href, config);
    const key = link.ok ? keyOf(link.link.token) : '';
    let entry = shared.runs.get(key);
    if (!entry) {
      // In auto mode, on a page a person sees, the request needs only the link: it leaves
      // first, and the rest (the address bar, the host) is done while it is on its way.
      let started = () => {};
      const out = new Promise<void>((resolve) => {
        started = resolve;
      });
      const sending =
        link.ok && config.mode === 'auto' && !navigator.webdriver && visible()
          ? once(key, () => sendAction(link.link, config), started)
          : undefined;
      // The token leaves the address bar before any event, any change to the page and any
      // await, so no listener and no later script sees it in location.href.
      if (fromPage && !config.keepToken && clean && clean !== href)
        replaceState(history.state, clean);
      // A reload after the token left the address bar: the outcome kept in history.state.
      const kept =
        fromPage && (!landing || (!link.ok && link.error.code === 'missing_token'))
          ? keptOutcome(history.state)
          : undefined;
      if (!landing && !kept) entry = { result: Promise.resolve(IDLE) };
      else {
        for (const warning of warnings) console.warn(warning);
        entry = new Run(
          config,
          key,
          fromPage,
          own(options, 'target'),
          kept ?? (link.ok ? link.link : { action: link.action, params: {}, ...link.error }),
          sending,
          out,
        );
        if (key) shared.runs.set(key, entry);
      }
    }
    if (fromPage) shared.page = entry;
    return entry.result;
  } catch {
    return NOT_IN_BROWSER;
  }
};

/** What `run()` resolves with where there is no document (server-side rendering). */
const NOT_IN_BROWSER: Result = {
  status: 'error',
  error: { code: 'invalid_link', param: 'document', message: 'Not in a browser page.' },
};

/**
 * An outcome as `history.state` keeps it for a reload — what it was about, and how it ended
 * (an error `code`, or none for a success), without the token or the API's reason — and as a
 * run is given it when it has nothing to send (a link error, or a reload).
 */
interface Kept extends Answer {
  action?: Action;
  params: ActionParams;
  param?: string;
}

/**
 * One run on one host: a small state machine whose states are the host's `data-oca-state`.
 *
 * | state     | on                                                   | next                 |
 * |-----------|------------------------------------------------------|----------------------|
 * | (start)   | auto mode, page seen, browser not automated: sends at once, before the page is parsed | (start) |
 * | (start)   | the host exists ({@link whenHost}): parsed, or made once the page is | pending |
 * | pending   | a link error, or an outcome kept for a reload        | error or success     |
 * | pending   | confirm mode or an automated browser                 | confirm              |
 * | pending   | the page is hidden or prerendered: waits ({@link whenVisible}), then sends | pending |
 * | confirm   | a person's click ({@link whenClicked}): sends         | pending              |
 * | pending   | the answer — the API's, or another tab's (`once`, tabs.ts) | success or error |
 * | error     | "Try again" clicked (retryable codes only): sends    | pending              |
 *
 * `success` and an error without "Try again" are final. Every state entered dispatches
 * `oca:<state>` on the host. After `network` or `timeout` (ambiguous: the request may have
 * been carried out), a "used" answer means the earlier attempt went through: `success`,
 * with `recovered: true`.
 */
class Run implements Entry {
  /** The outcome so far: a "Try again" replaces it with the retry's. */
  result: Promise<Result>;
  readonly #config: Config;
  /** The link to send, if this run may send it (not for a bad link or a replayed outcome). */
  readonly #link: Link | undefined;
  readonly #key: string;
  readonly #fromPage: boolean;
  readonly #action: Action | undefined;
  readonly #params: ActionParams;
  /** Placeholder values: the link's params, the product's name, and the API's defaults of 14 days and a quantity of 1. */
  readonly #values: Record<string, unknown>;
  #host!: HTMLElement;
  #text!: Texts;
  #state: State | undefined;
  /** The last answer was `network` or `timeout`: the request may have been carried out. */
  #ambiguous = false;

  /**
   * `subject`: the link to send, or the outcome this run is given; `sending`: its request, if
   * it has left already (`out`: once it is on its way, or another tab is found sending it).
   */
  constructor(
    config: Config,
    key: string,
    fromPage: boolean,
    target: unknown,
    subject: Link | Kept,
    sending?: Promise<Answer>,
    out?: Promise<void>,
  ) {
    const { action, params } = subject;
    const product = own(params, 'product') as string | undefined;
    this.#config = config;
    this.#link = 'token' in subject ? subject : undefined;
    this.#key = key;
    this.#fromPage = fromPage;
    this.#action = action;
    this.#params = params;
    this.#values = {
      action,
      ...params,
      product: (product && own(config.productNames, product)) ?? product,
      days: own(params, 'days') ?? config.delayDays ?? 14,
      quantity: own(params, 'quantity') ?? 1,
    };
    this.result = this.#start(target, subject as Kept, sending && this.#answer(sending), out).catch(
      () => NOT_IN_BROWSER,
    );
  }

  /** From the start to the first outcome (`given`, when there is nothing to send). */
  async #start(
    target: unknown,
    given: Kept,
    sending?: Promise<Answer>,
    out?: Promise<void>,
  ): Promise<Result> {
    const link = this.#link;
    const config = this.#config;
    // Nothing is rendered before the request is out: the main thread is free for the Web Lock
    // that lets it go (tabs.ts).
    if (sending) await Promise.race([sending, out]);
    if (document.readyState === 'loading') await whenHost(target);
    // The host, and what it may say: its language only.
    const host = findHost(target);
    const { locale } = resolveConfig(readAttributes(host), console.warn, config, true);
    this.#host = host;
    this.#text = textsFor(
      [locale, document.documentElement.lang, navigator.language],
      config.messages,
    );
    this.#enter('pending');
    if (link && !sending) {
      // Link scanners open links in headless browsers, which set `navigator.webdriver`:
      // for them auto mode asks for a real click, as confirm mode always does.
      await (config.mode === 'confirm' || navigator.webdriver
        ? whenClicked(this.#enter('confirm'))
        : whenVisible());
      this.#enter('pending');
      sending = this.#send();
    }
    // The live regions exist a task before text goes in, so that it is announced.
    const [answer] = await Promise.all([
      sending ?? given,
      new Promise((resolve) => setTimeout(resolve)),
    ]);
    return this.#end(answer);
  }

  /** Sends the action (or takes another tab's answer). */
  #send() {
    return this.#answer(once(this.#key, () => sendAction(this.#link!, this.#config)));
  }

  /** The answer to a request, with a "used" after an ambiguous outcome read as a recovery. */
  async #answer(sending: Promise<Answer>): Promise<Answer> {
    let answer = await sending;
    if (answer.code === 'used_token' && this.#ambiguous) answer = { recovered: true };
    this.#ambiguous = answer.code === 'network' || answer.code === 'timeout';
    return answer;
  }

  /**
   * Enters `success` (no `code`) or `error`, keeps the outcome for a reload (without the
   * token or the API's reason), and returns it. An error a retry can cure, from a request
   * this page can send again, gets "Try again": its click sends the action again, and the
   * retry's outcome becomes the run's.
   */
  #end({ code, reason, param, recovered }: Answer & { param?: string }): Result {
    const action = this.#action;
    const params = this.#params;
    let result: Result;
    if (code) {
      const error: OcaError = {
        code,
        message: fill(this.#text('error', code), this.#values),
        ...(param && { param }),
        ...(reason && { reason }),
      };
      const retry = this.#enter('error', { error }, !!this.#link && isRetryable(code));
      if (retry)
        whenClicked(retry).then(() => {
          this.#enter('pending');
          this.result = this.#send().then((answer) => this.#end(answer));
        });
      result = { status: 'error', action, params, error };
    } else {
      const extra = recovered ? { recovered: true as const } : {};
      this.#enter('success', extra);
      result = { status: 'success', action: action!, params, ...extra };
    }
    if (this.#fromPage)
      replaceState({ ...history.state, ogOca: { action, params, code, param, recovered } });
    return result;
  }

  /**
   * Shows `state` on the host — its text (an error's message as it is), and its button:
   * confirm's, or "Try again" when `retry` — and dispatches `oca:<state>` with `detail` when
   * the state changes (a page that waited to be visible shows `pending` again when it sends,
   * without a second event). Returns the state's button, if it has one.
   */
  #enter(state: State, detail: { error?: OcaError; recovered?: true } = {}, retry?: boolean) {
    const text = this.#text;
    const values = this.#values;
    const action = this.#action!;
    const button =
      state === 'confirm' ? text('confirm', action) : retry ? text('retry') : undefined;
    const control = show(
      this.#host,
      state,
      detail.error?.message ??
        fill(
          state === 'confirm'
            ? ''
            : state === 'pending'
              ? text('pending')
              : text('success', action),
          values,
        ),
      values,
      button && fill(button, values),
      detail.error?.code,
    );
    if (state !== this.#state)
      this.#host.dispatchEvent(
        new CustomEvent(`oca:${state}`, {
          bubbles: true,
          detail: { action, params: this.#params, ...detail },
        }),
      );
    this.#state = state;
    return control;
  }
}

/**
 * The outcome kept in `history.state` by an earlier load of this page, checked like any
 * outside data (another script may have written it): a known action and error code (or an
 * action and no code: a success), and the params the action takes.
 */
const keptOutcome = (state: unknown): Kept | undefined => {
  const kept = own(state, 'ogOca');
  const action = toAction(own(kept, 'action'));
  const code = own(kept, 'code') as ErrorCode | undefined;
  const param = own(kept, 'param');
  const given = own(kept, 'params');
  const params: Record<string, unknown> = {};
  for (const name of action ? ACTION_PARAMS[action] : []) {
    const value = toParam(name, own(given, name));
    if (value !== undefined) params[name] = value;
  }
  if (code === undefined ? action : ERROR_CODES.includes(code))
    return {
      action,
      params,
      code,
      ...(typeof param === 'string' && { param }),
      ...(own(kept, 'recovered') === true && { recovered: true }),
    };
};

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

/**
 * Resolves once `ready()` holds: checked at once, on each of the document's `events`, and —
 * with `mutations` — on each change to the document's tree (the parser adding nodes).
 */
const until = (ready: () => unknown, events: string[], mutations?: boolean) =>
  new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => check());
    const check = () => {
      if (!ready()) return;
      observer.disconnect();
      for (const type of events) document.removeEventListener(type, check);
      resolve();
    };
    if (mutations) observer.observe(document, { childList: true, subtree: true });
    for (const type of events) document.addEventListener(type, check);
    check();
  });

/** Wait for the page to be seen: resolves once it is {@link visible}. */
const whenVisible = () => until(visible, ['visibilitychange', 'prerenderingchange']);

/**
 * Wait for the host to exist: resolves as soon as the parser has gone past the host that
 * `target` names (a node after it is in the document, so all of the host is, its templates
 * too), or once the document is parsed (then a host is made if there is none).
 */
const whenHost = (target: unknown) =>
  until(
    () => {
      let node: Node | null = lookup(target);
      while (node && !node.nextSibling) node = node.parentNode;
      return node || document.readyState !== 'loading';
    },
    ['readystatechange'],
    true,
  );

/** The element `target` (an element or a selector; default `[data-oca]`) names, if any. */
const lookup = (target: unknown): Element | null => {
  try {
    return typeof target === 'string' || target === undefined
      ? document.querySelector(target ?? '[data-oca]')
      : (target as Node | null)?.nodeType === 1
        ? (target as Element)
        : null;
  } catch {
    return null;
  }
};

/** The host: `target` (element or selector), else the first `[data-oca]`, else a new one first in `<body>`. */
const findHost = (target: unknown): HTMLElement => {
  let found = lookup(target);
  if (target !== undefined && !found)
    console.warn(`[og-oca] target "${String(target)}" not found; using [data-oca].`);
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
