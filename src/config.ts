import { ACTIONS, type Action, MAX_DAYS, toCount } from './actions.js';
import type { LinkOptions } from './link.js';
import { baseLanguage, LOCALES, type MessageOverrides } from './messages.js';

/** Options of {@link run}. On a script tag, each has a `data-*` attribute (in brackets). */
export interface Options extends LinkOptions {
  /** The host element, or a CSS selector for it [`data-target`]. Default: the first `[data-oca]`, else a `<div data-oca>` inserted first in `<body>`. */
  target?: string | Element;
  /** The API origin [`data-api-base`]. Default `https://restapi.ordergroove.com`. */
  apiBase?: string;
  /** `auto`: act once the page is visible; `confirm`: show a button and act on a real click [`data-mode`]. Default `auto`. */
  mode?: 'auto' | 'confirm';
  /** Days to delay by when a delay link carries none [`data-delay-days`]. Default: none sent (the API's default, 14). */
  delayDays?: number;
  /** Language of the built-in messages [`data-locale`]. Default: `<html lang>`, then `navigator.language`, then `en`. */
  locale?: string;
  /** Request timeout in milliseconds [`data-timeout`]. Default 10000. */
  timeout?: number;
  /** Leave the token in the address bar [`data-keep-token`]. Default `false`. */
  keepToken?: boolean;
  /** The link to read. Default `location.href` (and then the token is removed from the address bar). */
  url?: string | URL;
  /** API path per action [`data-delay-path`, `data-skip-path`, …]. Default `/one_click/<action>`; upsell's is an assumption. */
  paths?: Partial<Record<Action, string>>;
  /** Per-key overrides of the built-in messages. */
  messages?: MessageOverrides;
}

/** Options with every default applied and every value checked. */
export interface Config
  extends Required<Omit<Options, 'target' | 'url' | 'delayDays' | 'locale' | 'paths'>> {
  delayDays: number | undefined;
  locale: string | undefined;
  paths: Record<Action, string>;
}

const DEFAULTS = {
  apiBase: 'https://restapi.ordergroove.com',
  mode: 'auto',
  timeout: 10000,
  keepToken: false,
  tokenParam: 'token',
  actionParam: 'action',
} as const;

/** A check that keeps `value` when it matches `pattern`. */
const matching = (pattern: RegExp) => (value: string) => (pattern.test(value) ? value : undefined);

/** Each option's check: the value to use, or `undefined` (then a warning names the default). */
const CHECKS: Record<string, (value: string) => unknown> = {
  apiBase: (v) => matching(/^https?:\/\/[^/?#\s]+$/)(v.replace(/\/$/, '')),
  mode: matching(/^(auto|confirm)$/),
  delayDays: (v) => toCount(v, MAX_DAYS),
  locale: (v) => LOCALES[baseLanguage(v)] && v,
  timeout: (v) => toCount(v, 600000),
  keepToken: (v) => (v === 'false' ? false : /^(true|)$/.test(v) || undefined),
  tokenParam: matching(/^\w{1,64}$/),
  actionParam: matching(/^\w{1,64}$/),
  ...Object.fromEntries(ACTIONS.map((a) => [`${a}Path`, matching(/^\/[\w/.-]*$/)])),
};

/** `delayDays` → `data-delay-days`. */
const attributeName = (key: string) =>
  `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Reads the `data-*` attributes of the script tag or the host element as raw options
 * (checked later by {@link resolveConfig}, like options from code).
 */
export const readAttributes = (element: Element | null | undefined): Options => {
  const options: Record<string, string> = {};
  for (const key of [...Object.keys(CHECKS), 'target']) {
    const raw = element?.getAttribute(attributeName(key));
    if (raw != null) options[key] = raw.trim();
  }
  return options;
};

/** What an option without a fixed default falls back to, for the warning. */
const fallback = (key: string) =>
  key === 'locale'
    ? '<html lang>, then navigator.language, then en'
    : key === 'delayDays'
      ? "the API's default (no days sent)"
      : `/one_click/${key.replace('Path', '')}`;

/**
 * Applies the defaults, then each layer of options in turn (later layers win: options
 * from code or the script tag, then the host element's attributes), checking every value.
 * An invalid one is dropped with a console warning naming the attribute, the option and
 * what is used instead, so `timeout: -5` and `data-timeout="-5"` behave the same, and a
 * typo on the host never undoes a valid setting made elsewhere.
 */
export const resolveConfig = (...layers: Options[]): Config => {
  const config: Record<string, unknown> = { ...DEFAULTS, messages: {} };
  for (const options of layers) {
    const given: Record<string, unknown> = { ...options };
    for (const [action, path] of Object.entries(options.paths ?? {})) given[`${action}Path`] = path;
    config.messages = options.messages ?? config.messages;
    for (const [key, check] of Object.entries(CHECKS)) {
      const value = given[key];
      if (value === undefined) continue;
      const checked = check(String(value));
      if (checked !== undefined) config[key] = checked;
      else
        console.warn(
          `[og-oca] ${attributeName(key)} (${key}) "${String(value).slice(0, 80)}" is not valid; using ${config[key] ?? fallback(key)}.`,
        );
    }
  }
  config.paths = Object.fromEntries(
    ACTIONS.map((a) => [a, config[`${a}Path`] ?? `/one_click/${a}`]),
  );
  return config as unknown as Config;
};
