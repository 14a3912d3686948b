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

/** Option names of {@link ActionUrlParams}. */
const OPTION_KEYS = new Set(['token', 'action', 'days', 'winbackId', 'product', 'quantity']);

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

const toLandingUrl = (landingUrl: unknown): URL => {
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
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fail(`landingUrl must be an http(s) URL, not ${url.protocol}.`);
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
 * `landingUrl?token=T&action=A[&days=N][&og_winback_id=W][&product=P][&quantity=Q]`.
 *
 * Everything is checked with the same rules the landing page applies
 * (`src/actions.ts`), so a link this builds is a link og-oca accepts. Values are encoded
 * with `URLSearchParams` (`+`, `/`, `=` in tokens become `%2B`, `%2F`, `%3D`). The landing
 * URL's own query parameters are kept byte for byte, except the keys the landing page reads
 * (`token`, `action`, `days`, `og_winback_id`, `winback_id`, `product`, `quantity` and the legacy
 * `og_quick_action`, `og_quick_action_token`, `og_delay_by`), which are dropped so that the
 * link means exactly what was asked; its fragment is kept (and must not carry those keys).
 * `null` is treated like an omitted option.
 *
 * @param landingUrl - absolute http(s) URL of the page that runs og-oca
 * @param params - see {@link ActionUrlParams}
 * @returns the link, as a string
 * @throws {TypeError} for an unknown action, a malformed token or id, an option that does not
 * belong to the action, an unknown option, or a relative/non-http landing URL
 * @throws {RangeError} for `days`/`quantity` that are not whole numbers in range.
 * No message ever contains the token.
 *
 * @example
 * ```ts
 * buildActionUrl('https://shop.example/subscription-actions', { token, action: 'delay', days: 14 });
 * // → 'https://shop.example/subscription-actions?token=…&action=delay&days=14'
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

  const query = new URLSearchParams({ token, action });
  // The same per-action rules as the landing page's parser (src/actions.ts), in one loop.
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

  const url = toLandingUrl(landingUrl);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter(
      (pair) => pair !== '' && !LINK_KEYS.has(new URLSearchParams(pair).keys().next().value ?? ''),
    );
  url.search = [...kept, query.toString()].join('&');
  return url.href;
};
