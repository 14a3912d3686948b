import { ACTION_PARAMS, type Action, toAction, toParam } from './actions.js';
import { type Config, readAttributes, resolveConfig } from './config.js';
import { ERROR_CODES, type ErrorCode, isRetryable, type OcaError } from './errors.js';
import type { OnState, State } from './events.js';
import { FOR_APPS } from './for-apps.js';
import type { ActionParams, Link } from './link.js';
import { fill, type Texts, textsFor } from './messages.js';
import { own } from './own.js';
import { logUnexpected } from './reason.js';
import { show } from './render.js';
import { type Answer, sendAction } from './request.js';
import { joinTabs } from './tabs.js';
import { lookup, whenClicked, whenHost, whenVisible } from './waits.js';

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

/**
 * An outcome without a request: a link error, or an outcome kept in `history.state` for a
 * reload — what it was about, and how it ended (an error `code`, or none for a success),
 * without the token or the API's reason.
 */
export interface Outcome extends Answer {
  action?: Action;
  params: ActionParams;
  param?: string;
}

export interface RunInit {
  config: Config;
  /** `target` as given in code or on the script tag: where the host is. */
  target: unknown;
  /** The run reads the page's own address, and keeps its outcome there for a reload. */
  fromPage: boolean;
  /** What there is to do: a link to send, or an outcome to show. */
  subject: Link | Outcome;
  /** The link's request, when it left as the run started (auto mode, on a page a person sees). */
  sending?: Promise<Answer>;
  /** Draw nothing: no host, no DOM event; the caller follows the run with `onState`. */
  headless?: boolean;
  /** Told each state entered (the options' `onState`). */
  onState?: OnState;
  /** Stops the run's waits once it aborts (the options' `signal`). */
  signal?: AbortSignal;
}

/** Why a wait ended when the run's signal aborted. */
const STOPPED = new Error('stopped');

/**
 * Which state may follow which (`data-oca-state`; `start` is before the host shows anything).
 * Entering a state not listed is a bug, reported as `unexpected`.
 */
const NEXT: Record<State | 'start', readonly State[]> = {
  // (start → error: og-oca's own failure before the host showed anything, `unexpected`.)
  start: ['pending', 'error'],
  pending: ['pending', 'confirm', 'success', 'error'],
  confirm: ['pending', 'error'],
  error: ['pending'],
  success: [],
};

/**
 * One run on one host: a state machine over the host's `data-oca-state` ({@link NEXT}), one
 * method per state or wait between two (table: docs/architecture.md, "The state machine").
 * Once `signal` aborts, the run stops at its next wait and ends `idle`; a request already out
 * is never stopped. An exception og-oca did not expect ends the run in `unexpected`, logged
 * without the token.
 */
export class Run {
  /** The outcome so far: a "Try again" replaces it with the retry's. */
  result: Promise<Result>;
  readonly #config: Config;
  readonly #target: unknown;
  readonly #fromPage: boolean;
  /** The link, if this run may send it (not for a link error or a kept outcome). */
  readonly #link: Link | undefined;
  readonly #action: Action | undefined;
  readonly #params: ActionParams;
  /** Placeholder values: the link's params, the product's name, and the API's defaults of 14 days and a quantity of 1. */
  readonly #values: Record<string, unknown>;
  #host: HTMLElement | undefined;
  /** The host is the one `target` names: its templates are the merchant's. */
  #named = false;
  #text: Texts = textsFor([], undefined);
  #state: State | 'start' = 'start';
  /** The last answer was `network` or `timeout`: the request may have been carried out. */
  #ambiguous = false;
  readonly #headless: boolean;
  /** Rejects with {@link STOPPED} once no caller is left: every wait races it. */
  readonly #stopped: Promise<never>;
  /** The run has stopped: nothing more is drawn. */
  #over = false;
  readonly #onState: OnState | undefined;

  constructor({ config, target, fromPage, subject, sending, headless, onState, signal }: RunInit) {
    const { action, params } = subject;
    const product = own(params, 'product') as string | undefined;
    this.#config = config;
    this.#target = target;
    this.#fromPage = fromPage;
    this.#headless = FOR_APPS && !!headless;
    this.#onState = FOR_APPS ? onState : undefined;
    this.#stopped = new Promise<never>((_, reject) => {
      if (!FOR_APPS || !signal) return;
      const stop = () => {
        // Nothing more is drawn in the page: from now on, in an element outside it.
        this.#over = true;
        this.#host = document.createElement('div');
        reject(STOPPED);
      };
      if (signal.aborted) stop();
      signal.addEventListener('abort', stop);
    });
    this.#stopped.catch(() => {});
    this.#link = 'token' in subject ? subject : undefined;
    this.#action = action;
    this.#params = params;
    this.#values = {
      action,
      ...params,
      product: (product && own(config.productNames, product)) ?? product,
      days: own(params, 'days') ?? config.delayDays ?? 14,
      quantity: own(params, 'quantity') ?? 1,
    };
    this.result = this.#settle(this.#begin(subject as Outcome, sending && this.#answer(sending)));
  }

  #wait<T>(wait: Promise<T>): Promise<T> {
    return FOR_APPS ? Promise.race([wait, this.#stopped]) : wait;
  }

  /** start → pending, once the host exists; then what there is to do. */
  async #begin(given: Outcome, sending?: Promise<Answer>): Promise<Answer> {
    // ky calls fetch a microtask after it is asked to send: this one comes after it, so the
    // request is out before anything else is done.
    await null;
    // A headless run draws in an element outside the page: the same states, unseen.
    if (FOR_APPS && this.#headless) this.#host = document.createElement('div');
    else {
      // A request already out is answered even if the run stops meanwhile (then unseen).
      if (document.readyState === 'loading')
        await this.#wait(whenHost(this.#target)).catch(() => {});
      if (!this.#over) [this.#host, this.#named] = findHost(this.#target);
    }
    // The host may say what language it wants, and nothing else.
    const { locale } = resolveConfig(readAttributes(this.#host), console.warn, this.#config, true);
    this.#text = textsFor(
      [locale, document.documentElement.lang, navigator.language],
      this.#config.messages,
    );
    if (FOR_APPS && this.#over && !sending) throw STOPPED;
    this.#enter('pending');
    if (!this.#link) return given;
    if (sending) return sending;
    // Link scanners open links in headless browsers, which set `navigator.webdriver`: for
    // them auto mode asks for a person's click, as confirm mode always does.
    return this.#config.mode === 'confirm' || navigator.webdriver
      ? this.#confirm()
      : this.#whenSeen();
  }

  async #confirm(): Promise<Answer> {
    await this.#enter('confirm');
    return this.#send();
  }

  async #whenSeen(): Promise<Answer> {
    await this.#wait(whenVisible());
    return this.#send();
  }

  async #send(): Promise<Answer> {
    this.#enter('pending');
    return this.#answer(sendAction(this.#link!, this.#config));
  }

  /**
   * The answer to a request that is out: a "used" after an ambiguous outcome is a recovery;
   * a "used" after which another tab says it got the success is that success (tabs.ts).
   */
  async #answer(sending: Promise<Answer>): Promise<Answer> {
    await null; // (the request leaves first; see #begin)
    const tabs = joinTabs(this.#link!.token, this.#config.timeout);
    let answer = await sending;
    if (answer.code === 'used_token' && this.#ambiguous) answer = { recovered: true };
    if (await tabs.settle(answer.code)) answer = {};
    this.#ambiguous = answer.code === 'network' || answer.code === 'timeout';
    return answer;
  }

  /** The outcome of `answer`, shown; never rejects. */
  async #settle(answer: Promise<Answer | Outcome>): Promise<Result> {
    try {
      const [outcome] = await Promise.all([
        answer,
        // The live regions exist a task before text goes in, so that it is announced.
        new Promise((resolve) => setTimeout(resolve)),
      ]);
      return this.#end(outcome);
    } catch (error) {
      if (error === STOPPED) return { status: 'idle' };
      return this.#unexpected(error);
    }
  }

  /**
   * success or error, shown, and kept for a reload (without the token or the API's reason).
   * An error a retry can cure, from a request this page can send again, gets "Try again": its
   * click sends the action again, and the retry's outcome becomes the run's.
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
      result = { status: 'error', action, params, error };
      const retry = this.#enter('error', { error }, !!this.#link && isRetryable(code), result);
      retry?.then(
        () => {
          this.result = this.#settle(this.#send());
        },
        () => {}, // stopped: the error stays the outcome
      );
    } else {
      const extra = recovered ? { recovered: true as const } : {};
      result = { status: 'success', action: action!, params, ...extra };
      this.#enter('success', extra, false, result);
    }
    if (this.#fromPage)
      replaceState({ ...history.state, ogOca: { action, params, code, param, recovered } });
    return result;
  }

  #unexpected(thrown: unknown): Result {
    logUnexpected(thrown, this.#link?.token ?? '');
    const error: OcaError = { code: 'unexpected', message: this.#text('error', 'unexpected') };
    const result: Result = { status: 'error', action: this.#action, params: this.#params, error };
    try {
      if (this.#host) this.#enter('error', { error }, false, result);
    } catch {}
    return result;
  }

  /**
   * Shows `state` on the host — its text (an error's message as it is), and its button:
   * confirm's, or "Try again" when `retry` — and dispatches `oca:<state>` with `detail`, and
   * tells `onState` (with `result`, in a final state), when the state changes (a page that
   * waited to be visible shows `pending` again when it sends, without a second event). Returns
   * the wait for the go-ahead (a click on the button, or a call of `confirm`/`retry` in a
   * headless run), if the state has one.
   */
  #enter(
    state: State,
    detail: { error?: OcaError; recovered?: true } = {},
    retry?: boolean,
    result?: Result,
  ) {
    if (!NEXT[this.#state].includes(state))
      throw new Error(`no way from ${this.#state} to ${state}`);
    const text = this.#text;
    const values = this.#values;
    const action = this.#action!;
    const button =
      state === 'confirm' ? text('confirm', action) : retry ? text('retry') : undefined;
    const message =
      detail.error?.message ??
      fill(
        state === 'confirm' ? '' : state === 'pending' ? text('pending') : text('success', action),
        values,
      );
    const host = this.#host!;
    const control = show(
      host,
      state,
      message,
      values,
      button && fill(button, values),
      detail.error?.code,
      this.#named,
    );
    let give: (() => void) | undefined;
    const go =
      button === undefined
        ? undefined
        : this.#wait(
            FOR_APPS && this.#headless
              ? new Promise<void>((resolve) => (give = resolve))
              : whenClicked(control),
          );
    if (state !== this.#state) {
      const told = { action, params: this.#params, ...detail };
      host.dispatchEvent(new CustomEvent(`oca:${state}`, { bubbles: true, detail: told }));
      if (FOR_APPS)
        try {
          this.#onState?.(state, {
            ...told,
            message,
            ...(result && { result }),
            ...(give && { [state === 'confirm' ? 'confirm' : 'retry']: () => give!() }),
          });
        } catch (error) {
          console.error('[og-oca] onState threw:', error);
        }
    }
    this.#state = state;
    return go;
  }
}

/**
 * The outcome kept in `history.state` by an earlier load of this page, checked like any
 * outside data (another script may have written it): a known action and error code (or an
 * action and no code: a success), and the params the action takes.
 */
export const keptOutcome = (state: unknown): Outcome | undefined => {
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
 * The host: `target` (element or selector), else the first `[data-oca]`, else a new one first
 * in `<body>`; and whether it is the one `target` named.
 */
const findHost = (target: unknown): [HTMLElement, boolean] => {
  const named = target === undefined ? null : lookup(target);
  if (target !== undefined && !named)
    console.warn(`[og-oca] target "${String(target)}" not found; using [data-oca].`);
  let found = named ?? document.querySelector('[data-oca]');
  if (!found) {
    found = document.createElement('div');
    found.setAttribute('data-oca', '');
    document.body.prepend(found);
  }
  return [found as HTMLElement, !!named];
};

/** `history.replaceState` that cannot break a run (Safari throws past 100 calls in 30 s). */
export const replaceState = (state: unknown, url?: string) => {
  try {
    history.replaceState(state, '', url);
  } catch {}
};
