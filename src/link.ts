import { ACTION_PARAMS, type Action, TOKEN_PATTERN, toAction, toParam } from './actions.js';
import type { ErrorCode, OcaError } from './errors.js';
import { LOCALES } from './messages.js';
import { dict, own } from './own.js';

/** The parameters an action carries besides the token. Only the ones the action uses are set. */
export interface ActionParams {
  /** delay: days to move the next order by. */
  days?: number;
  /** reactivate: the winback offer (`og_winback_id` / `winback_id` in the link). */
  winbackId?: string;
  /** upsell: the product to add. */
  product?: string;
  /** upsell: how many. */
  quantity?: number;
}

/** A 1-click link, read and checked. */
export interface Link {
  /** The action token: opaque, single use. Keep it out of logs. */
  token: string;
  action: Action;
  params: ActionParams;
}

/** What {@link parseLink} returns: the link, or why it cannot be used (and the action, if known). */
export type LinkResult = { ok: true; link: Link } | { ok: false; error: OcaError; action?: Action };

/** Names of the token and action parameters in the link. */
export interface LinkOptions {
  /** Name of the token parameter. Default `token`. */
  tokenParam?: string;
  /** Name of the action parameter. Default `action`. */
  actionParam?: string;
}

// Ordergroove's legacy fragment keys, and the spellings of the winback id, mapped to ours.
const ALIASES = dict({
  og_quick_action_token: 'token',
  og_quick_action: 'action',
  og_delay_by: 'days',
  og_winback_id: 'winbackId',
  winback_id: 'winbackId',
});

/** Parameters read under their own names. */
const PARAM_NAMES = ['days', 'product', 'quantity'];

/**
 * Every key of the query and the fragment. The fragment may be `#token=…&action=…` or
 * Ordergroove's legacy `#og_quick_action=delay#og_delay_by=21#…`: reading `#` like `&`
 * parses both forms with one parser.
 */
const keysOf = ({ search, hash }: { search: string; hash: string }) =>
  new URLSearchParams(`${search.slice(1)}&${hash.slice(1).replaceAll('#', '&')}`);

/**
 * Whether `url` is a 1-click landing at all: it carries the token or the action parameter,
 * or one of Ordergroove's `og_quick_action*` keys, in the query or the fragment. A page
 * without any (the store's home page, `/?utm_source=…`) is none of og-oca's business.
 */
export const isLanding = (
  url: string | URL,
  { tokenParam = 'token', actionParam = 'action' }: LinkOptions = {},
): boolean => {
  try {
    for (const [name] of keysOf(new URL(String(url), 'http://localhost')))
      if (name === tokenParam || name === actionParam || name.startsWith('og_quick_action'))
        return true;
    return false;
  } catch {
    return true; // not even an address: parseLink says why
  }
};

/**
 * Reads a 1-click link: the token, the action and the action's parameters, from the
 * query, the fragment, or Ordergroove's legacy fragment. Never touches the network and
 * never throws: a bad link comes back as `{ ok: false, error }` with a design error code
 * (and `error.param` naming the offending parameter for `invalid_link`).
 *
 * @param url the landing page's address (`location.href` on the page)
 */
export const parseLink = (
  url: string | URL,
  { tokenParam = 'token', actionParam = 'action' }: LinkOptions = {},
): LinkResult => {
  const keys = new Map<string, string>();
  // Keys given twice with different values: ambiguous (someone appended to the link).
  const conflicts = new Set<string>();
  let action: Action | undefined;
  const fail = (code: ErrorCode, param?: string): LinkResult => ({
    ok: false,
    error: { code, message: LOCALES.en!.error[code], ...(param && { param }) },
    ...(action && { action }),
  });
  const ambiguous = (names: readonly string[]) => names.find((name) => conflicts.has(name));
  try {
    for (const [name, value] of keysOf(new URL(String(url), 'http://localhost'))) {
      // Only our keys count; `utm_*` and the like (even repeated) are none of our business.
      const key =
        name === tokenParam
          ? 'token'
          : name === actionParam
            ? 'action'
            : (ALIASES[name] ?? (PARAM_NAMES.includes(name) ? name : ''));
      if (!key) continue;
      if ((keys.get(key) ?? value) !== value) conflicts.add(key);
      keys.set(key, value);
    }
  } catch {
    return fail('invalid_link', 'url');
  }
  action = toAction(keys.get('action'));
  // A `+` in an old base64 token arrives as a space when the email left it unencoded.
  // (Only blanks is no token at all.)
  const token = keys.get('token')?.trim() && keys.get('token')!.replaceAll(' ', '+');
  let bad = ambiguous(['token', 'action']);
  if (bad) return fail('invalid_link', bad);
  if (!token) return fail('missing_token');
  if (!action) return fail('unknown_action');
  if (!TOKEN_PATTERN.test(token)) return fail('invalid_link', 'token');
  bad = ambiguous(ACTION_PARAMS[action]);
  if (bad) return fail('invalid_link', bad);
  const params: Record<string, unknown> = {};
  for (const name of ACTION_PARAMS[action]) {
    const raw = keys.get(name);
    if (raw === undefined) continue;
    params[name] = toParam(name, raw);
    if (params[name] === undefined) return fail('invalid_link', name);
  }
  if (action === 'upsell' && !own(params, 'product')) return fail('invalid_link', 'product');
  return { ok: true, link: { token, action, params } };
};

/**
 * The same address without the token: the token parameter leaves the query, and a
 * fragment that carries a token (either form) is dropped whole, since all of it was ours.
 */
export const withoutToken = (href: string, { tokenParam = 'token' }: LinkOptions = {}): string => {
  const url = new URL(href);
  const fragment = keysOf({ search: '', hash: url.hash });
  for (const name of [tokenParam, 'og_quick_action_token']) {
    if (url.searchParams.has(name)) url.searchParams.delete(name);
    if (fragment.has(name)) url.hash = '';
  }
  return url.href;
};
