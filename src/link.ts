import {
  type Action,
  ID_PATTERN,
  MAX_DAYS,
  MAX_QUANTITY,
  TOKEN_PATTERN,
  toAction,
  toCount,
} from './actions';
import type { ErrorCode, OcaError } from './errors';
import { LOCALES } from './messages';

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

/** What {@link parseLink} returns: the link, or why it cannot be used. */
export type LinkResult =
  | { ok: true; link: Link }
  | { ok: false; error: OcaError; action?: Action; params?: ActionParams };

/** Names of the token and action parameters in the link. */
export interface LinkOptions {
  /** Name of the token parameter. Default `token`. */
  tokenParam?: string;
  /** Name of the action parameter. Default `action`. */
  actionParam?: string;
}

// Ordergroove's legacy fragment keys, and the spellings of the winback id, mapped to ours.
const ALIASES: Record<string, string> = {
  og_quick_action_token: 'token',
  og_quick_action: 'action',
  og_delay_by: 'days',
  og_winback_id: 'winbackId',
  winback_id: 'winbackId',
};

/**
 * Reads every key of the query and the fragment into one map. The fragment may be
 * `#token=…&action=…` or Ordergroove's legacy `#og_quick_action=delay#og_delay_by=21#…`:
 * splitting the fragment on `#` as well as `&` reads both forms with one parser. A key
 * given twice with different values makes the link ambiguous (someone appended to it),
 * so it is reported rather than guessed.
 */
const readKeys = (url: URL, { tokenParam = 'token', actionParam = 'action' }: LinkOptions) => {
  const keys = new Map<string, string>();
  let conflict: string | undefined;
  const source = `${url.search.slice(1)}&${url.hash.slice(1).replaceAll('#', '&')}`;
  for (const [name, value] of new URLSearchParams(source)) {
    const key =
      name === tokenParam ? 'token' : name === actionParam ? 'action' : (ALIASES[name] ?? name);
    const seen = keys.get(key);
    if (seen !== undefined && seen !== value) conflict ??= key;
    keys.set(key, value);
  }
  return { keys, conflict };
};

/**
 * Reads a 1-click link: the token, the action and the action's parameters, from the
 * query, the fragment, or Ordergroove's legacy fragment. Never touches the network and
 * never throws: a bad link comes back as `{ ok: false, error }` with a design error code.
 *
 * @param url the landing page's address (`location.href` on the page)
 */
export const parseLink = (url: string | URL, options: LinkOptions = {}): LinkResult => {
  let parsed: URL;
  try {
    parsed = new URL(String(url), 'http://localhost/');
  } catch {
    return fail('invalid_link', 'url');
  }
  const { keys, conflict } = readKeys(parsed, options);
  const action = toAction(keys.get('action'));
  // A `+` in an old base64 token arrives as a space when the email client left it unencoded.
  const token = keys.get('token')?.trim().replaceAll(' ', '+');
  if (!token) return fail('missing_token', 'token', action);
  if (!action) return fail('unknown_action', 'action');
  if (conflict) return fail('invalid_link', conflict, action);
  if (!TOKEN_PATTERN.test(token)) return fail('invalid_link', 'token', action);

  const params: ActionParams = {};
  const rules: Record<Action, [string, (value: string) => string | number | undefined][]> = {
    delay: [['days', (v) => toCount(v, MAX_DAYS)]],
    skip: [],
    reactivate: [['winbackId', id]],
    upsell: [
      ['product', id],
      ['quantity', (v) => toCount(v, MAX_QUANTITY)],
    ],
  };
  for (const [name, check] of rules[action]) {
    const raw = keys.get(name);
    if (raw === undefined) continue;
    const value = check(raw);
    if (value === undefined) return fail('invalid_link', name, action);
    (params as Record<string, unknown>)[name] = value;
  }
  if (action === 'upsell' && !params.product) return fail('invalid_link', 'product', action);
  return { ok: true, link: { token, action, params } };
};

const id = (value: string) => (ID_PATTERN.test(value) ? value : undefined);

const fail = (code: ErrorCode, param: string, action?: Action): LinkResult => ({
  ok: false,
  error: { code, message: LOCALES.en!.error[code], ...(code === 'invalid_link' && { param }) },
  ...(action && { action }),
});

/**
 * The same address without the token: the token parameter leaves the query, and a
 * fragment that carries a token (either form) is dropped whole, since all of it was ours.
 */
export const withoutToken = (href: string, { tokenParam = 'token' }: LinkOptions = {}): string => {
  const url = new URL(href);
  const names = [tokenParam, 'og_quick_action_token'];
  const fragment = new URLSearchParams(url.hash.slice(1).replaceAll('#', '&'));
  for (const name of names) {
    if (url.searchParams.has(name)) url.searchParams.delete(name);
    if (fragment.has(name)) url.hash = '';
  }
  return url.href;
};
