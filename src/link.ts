import { ACTION_PARAMS, type Action, TOKEN_PATTERN, toAction, toParam } from './actions.js';
import type { ErrorCode, OcaError } from './errors.js';
import { decodedToken, unescapedKey, withoutMailPunctuation } from './link-forgiveness.js';
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

/**
 * The link's keys, by the name they have in it (besides the configurable token and action
 * parameters): Ordergroove's legacy fragment keys and both spellings of the winback id too.
 */
const KEYS = dict({
  og_quick_action_token: 'token',
  og_quick_action: 'action',
  days: 'days',
  og_delay_by: 'days',
  og_winback_id: 'winbackId',
  winback_id: 'winbackId',
  product: 'product',
  quantity: 'quantity',
});

/** The keys whose value may lose punctuation mail attached to the link (never the token). */
const TRIMMED = new Set(['action', 'days', 'quantity']);

/**
 * Reads an address once for everything og-oca needs from it:
 * - `link`: what {@link parseLink} returns;
 * - `landing`: whether it is a 1-click landing at all — it carries the token or the action
 *   parameter, or one of Ordergroove's `og_quick_action*` keys, in the query or the fragment
 *   (a page without any, the store's home page or `/?utm_source=…`, is none of og-oca's business);
 * - `clean`: the same address without any of og-oca's keys — the token, the action, their
 *   parameters and Ordergroove's legacy keys leave the query, and a fragment that carries one
 *   of them (either form) is dropped whole, since all of it was ours. The page's other
 *   parameters, and a fragment of its own, stay. (An address that is no landing keeps all.)
 *
 * The fragment may be `#token=…&action=…` or Ordergroove's legacy
 * `#og_quick_action=delay#og_delay_by=21#…`: reading `#` like `&` parses both forms alike.
 *
 * What mail does to links is undone where the reading is unambiguous (link-forgiveness.ts;
 * docs/contract.md, "Links the landing page reads"). A key given twice with two values stays ambiguous.
 */
export const readLink = (
  url: unknown,
  { tokenParam = 'token', actionParam = 'action' }: LinkOptions = {},
): { link: LinkResult; landing: boolean; clean: string } => {
  // Each of our keys, or null once it came twice with different values (someone appended to
  // the link: ambiguous).
  const keys = new Map<string, string | null>();
  let action: Action | undefined;
  let landing = false;
  let clean = '';
  const fail = (code: ErrorCode, param?: string) => ({
    link: {
      ok: false as const,
      error: { code, message: LOCALES.en!.error[code], ...(param && { param }) },
      ...(action && { action }),
    },
    landing,
    clean,
  });
  try {
    const address = new URL(String(url), 'http://localhost');
    const isOurs = (name: string) =>
      name === tokenParam || name === actionParam || Object.hasOwn(KEYS, name);
    const pairs: { raw: string; key: string | undefined; value: string; inFragment: boolean }[] =
      [];
    for (const [part, inFragment] of [
      [address.search, false],
      [address.hash.replaceAll('#', '&'), true],
    ] as const)
      for (const [raw, value] of new URLSearchParams(part.slice(1))) {
        const name = unescapedKey(raw, isOurs);
        // Only our keys count; `utm_*` and the like (even repeated) are none of our business.
        const key = name === tokenParam ? 'token' : name === actionParam ? 'action' : KEYS[name];
        landing ||= key === 'token' || key === 'action' || name.startsWith('og_quick_action');
        pairs.push({ raw, key, value, inFragment });
      }
    // Punctuation after the link in a sentence lands on the last key's value only.
    const last = pairs.at(-1);
    if (last?.key && TRIMMED.has(last.key)) last.value = withoutMailPunctuation(last.value);
    for (const { raw, key, value, inFragment } of pairs) {
      if (landing && (key || raw.startsWith('og_quick_action')))
        if (inFragment) address.hash = '';
        else address.searchParams.delete(raw);
      if (key) keys.set(key, !keys.has(key) || keys.get(key) === value ? value : null);
    }
    clean = address.href;
  } catch {
    return { ...fail('invalid_link', 'url'), landing: true };
  }
  action = toAction(keys.get('action'));
  // A space was a `+` the email left unencoded (only blanks is no token at all).
  const token = keys.get('token')?.trim() && decodedToken(keys.get('token')!.replaceAll(' ', '+'));
  for (const name of ['token', 'action'])
    if (keys.get(name) === null) return fail('invalid_link', name);
  if (!token) return fail('missing_token');
  if (!action) return fail('unknown_action');
  if (!TOKEN_PATTERN.test(token)) return fail('invalid_link', 'token');
  const params: Record<string, unknown> = {};
  for (const name of ACTION_PARAMS[action]) {
    const raw = keys.get(name);
    if (raw === undefined) continue;
    params[name] = toParam(name, raw);
    if (params[name] === undefined) return fail('invalid_link', name);
  }
  if (action === 'upsell' && !own(params, 'product')) return fail('invalid_link', 'product');
  return { link: { ok: true, link: { token, action, params } }, landing, clean };
};

/**
 * Reads a 1-click link: the token, the action and the action's parameters, from the
 * query, the fragment, or Ordergroove's legacy fragment. Never touches the network and
 * never throws: a bad link comes back as `{ ok: false, error }` with a design error code
 * (and `error.param` naming the offending parameter for `invalid_link`).
 *
 * @param url the landing page's address (`location.href` on the page)
 */
export const parseLink = (url: string | URL, options?: LinkOptions): LinkResult =>
  readLink(url, options).link;
