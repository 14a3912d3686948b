/** Building the 1-click links that go into emails and SMS. */

import {
  ACTION_PARAMS,
  ACTIONS,
  type Action,
  MAX_DAYS,
  MAX_QUANTITY,
  TOKEN_PATTERN,
  toAction,
  toParam,
} from '../actions.js';

/** What a 1-click link carries, for {@link buildActionUrl}. */
export interface ActionUrlParams {
  /** The action token (`one_click_token` of the event; see {@link actionTokenOf}). */
  token: string;
  /** `delay`, `skip`, `reactivate` or `upsell` (case-insensitive). */
  action: Action | (string & Record<never, never>);
  /** Delay only: days to move the next order, a whole number from 1 to 365. */
  days?: number | string;
  /** Reactivate only: the winback offer id (sent as `og_winback_id`). */
  winbackId?: string;
  /** Upsell only (and required for it): the product id to add. */
  product?: string;
  /** Upsell only: how many, a whole number from 1 to 999. */
  quantity?: number | string;
  /**
   * Where the link's keys go: `'query'` (default, `?token=…&action=…`) or `'fragment'`
   * (`#token=…&action=…`). Recommended: `'fragment'` — browsers never send the fragment to
   * a server, so the token stays out of the shop's access logs, CDN logs and any proxy in
   * between; og-oca's landing page reads both forms.
   */
  in?: 'query' | 'fragment';
}

/**
 * Keys og-oca's landing page reads from the query and the fragment (including Ordergroove's
 * legacy spellings). They are removed from the landing URL's query before ours are added.
 */
const LINK_KEYS = new Set([
  'token',
  'action',
  'days',
  'og_winback_id',
  'winback_id',
  'product',
  'quantity',
  'og_quick_action',
  'og_quick_action_token',
  'og_delay_by',
]);

const OPTION_KEYS = new Set(['token', 'action', 'days', 'winbackId', 'product', 'quantity', 'in']);

/** Hosts a landing page may be served from over plain `http:` (this machine only). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const fail = (message: string): TypeError => new TypeError(`buildActionUrl: ${message}`);

/** Describes a value for a message without ever echoing anything token-sized. */
const shown = (value: unknown, token: unknown): string => {
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value !== 'string') return `a ${typeof value}`;
  if (value.length > 24 || value === token) return `a ${value.length}-character string`;
  return JSON.stringify(value);
};

const toLandingUrl = (landingUrl: unknown, inFragment: boolean): URL => {
  let url: URL;
  if (landingUrl instanceof URL) {
    url = new URL(landingUrl.href);
  } else if (typeof landingUrl === 'string') {
    try {
      url = new URL(landingUrl);
    } catch {
      throw fail(
        'landingUrl must be an absolute URL such as "https://shop.example/subscription-actions"; ' +
          'a relative path cannot go into an email.',
      );
    }
  } else {
    throw fail(`landingUrl must be a string or a URL, but got ${shown(landingUrl, undefined)}.`);
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    throw fail(
      `landingUrl must be an https: URL (http: only for localhost, 127.0.0.1 and [::1]), not ${url.protocol === 'http:' ? 'http: on another host' : url.protocol}: ` +
        'a 1-click link carries a token and must not travel in clear text.',
    );
  }
  if (inFragment && url.hash.length > 1) {
    throw fail(
      "landingUrl already has a fragment; with in: 'fragment' the link's keys are the whole " +
        'fragment (the landing page drops it once read), so pass the landing page URL without one.',
    );
  }
  // The landing page reads link keys from the fragment too (`#a=b&c=d` or the legacy `#a=b#c=d`).
  const fragment = new URLSearchParams(url.hash.slice(1).replaceAll('#', '&'));
  for (const key of fragment.keys()) {
    if (LINK_KEYS.has(key)) {
      throw fail(
        `landingUrl's fragment already has a link parameter (${key}), which would override or contradict ` +
          'the one being built; pass the bare landing page URL.',
      );
    }
  }
  return url;
};

const given = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Builds the 1-click link for an email or SMS:
 * `landingUrl?token=T[&days=N][&og_winback_id=W][&product=P][&quantity=Q]&action=A`, or with
 * `in: 'fragment'` (recommended: the token never reaches a server log)
 * `landingUrl#token=T[&…]&action=A`. The action comes last so that punctuation a plain-text
 * email attaches after the link lands on it (the landing page drops it there).
 *
 * Everything is checked with the same rules the landing page applies
 * (`src/actions.ts`), so a link this builds is a link og-oca accepts. Values are encoded
 * with `URLSearchParams` (`+`, `/`, `=` in tokens become `%2B`, `%2F`, `%3D`). The landing
 * URL's own query parameters are kept byte for byte, except the keys the landing page reads
 * (`token`, `action`, `days`, `og_winback_id`, `winback_id`, `product`, `quantity` and the legacy
 * `og_quick_action`, `og_quick_action_token`, `og_delay_by`), which are dropped so that the
 * link means exactly what was asked. In the query form its fragment is kept (and must not
 * carry those keys); the fragment form needs a landing URL without a fragment. `null` is
 * treated like an omitted option.
 *
 * @param landingUrl - absolute `https:` URL of the page that runs og-oca (`http:` only on
 * `localhost`, `127.0.0.1`, `[::1]`)
 * @param params - see {@link ActionUrlParams}
 * @returns the link, as a string
 * @throws {TypeError} for an unknown action, a malformed token or id, an option that does not
 * belong to the action, an unknown option, an `in` other than `query`/`fragment`, or a
 * landing URL that is relative, not `https:` (`http:` off loopback), or that has a fragment
 * when `in` is `'fragment'`
 * @throws {RangeError} for `days`/`quantity` that are not whole numbers in range.
 * No message ever contains the token.
 *
 * @example
 * ```ts
 * buildActionUrl('https://shop.example/subscription-actions', { token, action: 'delay', days: 14 });
 * // → 'https://shop.example/subscription-actions?token=…&days=14&action=delay'
 * ```
 */
export const buildActionUrl = (landingUrl: string | URL, params: ActionUrlParams): string => {
  if (typeof params !== 'object' || params === null) {
    throw fail('pass the link parameters { token, action, … } as the second argument.');
  }
  const { token } = params;
  for (const key of Object.keys(params)) {
    if (!OPTION_KEYS.has(key) && given((params as unknown as Record<string, unknown>)[key])) {
      const hint = key === 'og_winback_id' || key === 'winback_id' ? ' (use winbackId)' : '';
      throw fail(
        `unknown option ${shown(key, token)}${hint}; expected token, action, days, winbackId, product, quantity.`,
      );
    }
  }

  const action = toAction(params.action);
  if (!action) {
    throw fail(
      `unknown action ${shown(params.action, token)}; expected delay, skip, reactivate or upsell.`,
    );
  }
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) {
    const what =
      typeof token !== 'string'
        ? `got ${token === null ? 'null' : typeof token}`
        : token.trim() !== token
          ? 'it has leading or trailing whitespace'
          : `got a ${token.length}-character string${token.length >= 4 && token.length <= 4096 ? ' with other characters' : ''}`;
    throw fail(`token must be 4–4096 characters of A–Z a–z 0–9 . _ ~ + / = - (${what}).`);
  }

  const query = new URLSearchParams({ token });
  for (const name of ['days', 'winbackId', 'product', 'quantity'] as const) {
    const value = params[name];
    if (!given(value)) {
      if (name === 'product' && action === 'upsell') throw fail('an upsell link needs a product.');
      continue;
    }
    if (!ACTION_PARAMS[action].includes(name)) {
      const owner = ACTIONS.find((a) => ACTION_PARAMS[a].includes(name));
      throw fail(`${name} only applies to the ${owner} action (this link is ${action}).`);
    }
    const checked = toParam(name, value);
    if (checked === undefined) {
      const count = name === 'days' || name === 'quantity';
      const rule = count
        ? `a whole number from 1 to ${name === 'days' ? MAX_DAYS : MAX_QUANTITY}`
        : '1–128 characters of A–Z a–z 0–9 . _ : / -';
      const message = `buildActionUrl: ${name} must be ${rule} (got ${shown(value, token)}).`;
      throw count ? new RangeError(message) : new TypeError(message);
    }
    query.set(name === 'winbackId' ? 'og_winback_id' : name, String(checked));
  }
  query.set('action', action);

  const where = params.in ?? 'query';
  if (where !== 'query' && where !== 'fragment') {
    throw fail(`in must be 'query' or 'fragment' (got ${shown(where, token)}).`);
  }
  const url = toLandingUrl(landingUrl, where === 'fragment');
  const kept = url.search
    .slice(1)
    .split('&')
    .filter(
      (pair) => pair !== '' && !LINK_KEYS.has(new URLSearchParams(pair).keys().next().value ?? ''),
    );
  if (where === 'fragment') {
    url.search = kept.join('&');
    url.hash = query.toString();
  } else {
    url.search = [...kept, query.toString()].join('&');
  }
  return url.href;
};
