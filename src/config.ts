import { ACTIONS, type Action, MAX_DAYS, toCount } from './actions.js';
import type { OnState } from './events.js';
import type { LinkOptions } from './link.js';
import { isLocale, type MessageOverrides } from './messages.js';
import { dict, own } from './own.js';

/**
 * Options of {@link run}. On a script tag, each has a `data-*` attribute (in brackets). Only
 * code and the genuine script tag set them: the host element may set `data-locale` only.
 */
export interface Options extends LinkOptions {
  /** The host element, or a CSS selector for it [`data-target`]. Default: the first `[data-oca]`, else a `<div data-oca>` inserted first in `<body>`. */
  target?: string | Element;
  /** The API origin, `https://host[:port]` (`http:` only for localhost, 127.0.0.1, [::1]) [`data-api-base`]. Default `https://restapi.ordergroove.com`. */
  apiBase?: string;
  /** `auto`: act once the page is visible; `confirm`: show a button and act on a real click [`data-mode`]. Default `auto`. */
  mode?: 'auto' | 'confirm';
  /** Days to delay by when a delay link carries none [`data-delay-days`]. Default: none sent (the API's default, 14). */
  delayDays?: number;
  /** Language of the built-in messages [`data-locale`, also on the host]. Default: `<html lang>`, then `navigator.language`, then `en`. */
  locale?: string;
  /** Request timeout in milliseconds [`data-timeout`]. Default 10000. */
  timeout?: number;
  /** Leave the token in the address bar [`data-keep-token`]. Default `false`. */
  keepToken?: boolean;
  /** The link to read. Default `location.href` (and then the token is removed from the address bar). */
  url?: string | URL;
  /** API path per action, without `.` or `..` segments [`data-delay-path`, `data-skip-path`, …]. Default `/one_click/<action>`; upsell's is an assumption. */
  paths?: Partial<Record<Action, string>>;
  /** Per-key overrides of the built-in messages. */
  messages?: MessageOverrides;
  /**
   * Names of upsell products by id, for `{product}` in the texts: `{ 'CB-CONC-32': 'Cold Brew
   * Concentrate' }` makes the confirmation read "2 × Cold Brew Concentrate" [`data-product-names`,
   * the same as JSON]. Default: none (the id is shown).
   */
  productNames?: Record<string, string>;
  /**
   * `false`: a headless run. og-oca draws nothing and dispatches no DOM event; the app shows
   * the run from `onState` and the result, and its own buttons call `confirm`/`retry`. Code
   * only. Default `true` (the host shows every state).
   */
  render?: boolean;
  /**
   * Stops the run's waits — for the host, for the page to be seen, for a click — once it
   * aborts; the run then ends `idle`. A request already sent is not stopped, and its outcome
   * is the run's. It belongs to the call that starts the run: a later `run()` for the same
   * link gets the same result and neither follows nor stops it. Code only.
   */
  signal?: AbortSignal;
  /**
   * Called as the run enters each state, with its text and, in `success` and `error`, the
   * result (the call that starts the run only; code only).
   */
  onState?: OnState;
}

/** Options with every default applied and every value checked (paths as `delayPath`, …). */
export type Config = Required<
  Omit<
    Options,
    | 'target'
    | 'url'
    | 'delayDays'
    | 'locale'
    | 'paths'
    | 'productNames'
    | 'render'
    | 'signal'
    | 'onState'
  >
> & {
  delayDays: number | undefined;
  locale: string | undefined;
  productNames: Record<string, string> | undefined;
} & Record<`${Action}Path`, string>;

const DEFAULTS = {
  apiBase: 'https://restapi.ordergroove.com',
  mode: 'auto',
  timeout: 10000,
  keepToken: false,
  auto: true,
  tokenParam: 'token',
  actionParam: 'action',
  ...Object.fromEntries(ACTIONS.map((a) => [`${a}Path`, `/one_click/${a}`])),
};

/** A yes/no attribute: `true`, `false`, or present with no value (yes). */
const flag = (value: string) => (value === 'false' ? false : /^(true|)$/.test(value) || undefined);

const matching = (pattern: RegExp) => (value: string) => (pattern.test(value) ? value : undefined);

/**
 * An API origin and nothing else: `https://host[:port]`, or `http:` on the developer's own
 * machine; no user info, path, query or fragment. Anything else could send the token elsewhere.
 */
const toOrigin = (value: string) => {
  try {
    const url = new URL(value);
    if (
      url.href === `${url.origin}/` &&
      (url.protocol === 'https:' || /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname))
    )
      return url.origin;
  } catch {}
};

/** Each option's check: the value to use, or `undefined` (then a warning names the default). */
const CHECKS: Record<string, (value: string) => unknown> = {
  apiBase: toOrigin,
  mode: matching(/^(auto|confirm)$/),
  delayDays: (v) => toCount(v, MAX_DAYS),
  locale: (v) => (isLocale(v) ? v : undefined),
  timeout: (v) => toCount(v, 600000),
  keepToken: flag,
  // The script tag's `data-auto` (`false`: nothing happens until the page calls `OCA.run()`).
  auto: flag,
  tokenParam: matching(/^\w{1,64}$/),
  actionParam: matching(/^\w{1,64}$/),
  // A JSON object of names; only its own string values count.
  productNames: (v) => {
    try {
      const names = JSON.parse(v);
      if (names && typeof names === 'object' && !Array.isArray(names))
        return dict(
          Object.fromEntries(Object.entries(names).filter(([, name]) => typeof name === 'string')),
        );
    } catch {}
  },
  // A path stays under the API origin: no `.` or `..` segment, no `%`, no `?` or `#`.
  ...Object.fromEntries(
    ACTIONS.map((a) => [`${a}Path`, matching(/^(\/(?!\.\.?(\/|$))[\w.-]*)+$/)]),
  ),
};

/** `delayDays` → `data-delay-days`. */
export const attributeName = (key: string) => `data-${key.replace(/[A-Z]/g, '-$&').toLowerCase()}`;

/**
 * Reads the `data-*` attributes of `element` (the script tag, or the host) as raw options,
 * checked later by {@link resolveConfig} like options from code.
 */
export const readAttributes = (element: Element | null | undefined): Options => {
  const options: Record<string, string> = {};
  for (const key of [...Object.keys(CHECKS), 'target']) {
    const raw = element?.getAttribute(attributeName(key));
    if (raw != null) options[key] = raw.trim();
  }
  return options;
};

/**
 * Applies `options` (from code, or the script tag's attributes) over `base` (the defaults),
 * checking every value. An invalid one is dropped with a warning (given to `warn`) naming the
 * attribute, the option and what is used instead, so `timeout: -5` and `data-timeout="-5"`
 * behave the same. Only own properties count: nothing inherited.
 *
 * With `host`, `options` are the host element's attributes over the config so far, and only
 * `data-locale` counts (docs/contract.md, "The script tag").
 */
export const resolveConfig = (
  options: Options,
  warn: (message: string) => void,
  base: object = DEFAULTS,
  host?: boolean,
): Config => {
  const config: Record<string, unknown> = Object.assign(Object.create(null), base);
  for (const [key, check] of Object.entries(CHECKS)) {
    const value =
      own(options, key) ??
      (key.endsWith('Path') ? own(own(options, 'paths'), key.slice(0, -4)) : undefined);
    if (value === undefined) continue;
    let text = '';
    try {
      text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    } catch {}
    const ignored = host && key !== 'locale';
    const checked = ignored ? undefined : check(text);
    if (checked !== undefined) config[key] = checked;
    else
      warn(
        `[og-oca] ${attributeName(key)} (${key}) "${text.slice(0, 80)}" ${ignored ? 'on the host element is ignored' : 'is not valid'}; using ${config[key] ?? 'the default'}.`,
      );
  }
  config.messages = own(options, 'messages') ?? {};
  return config as Config;
};
