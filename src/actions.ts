/**
 * The four 1-click actions and the rules for their parameters.
 *
 * Shared by the landing-page link parser (`link.ts`) and the server-side link
 * builder (`webhooks/url.ts`), so a link og-oca builds is always a link og-oca accepts.
 */

/** The actions a 1-click link can carry. */
export const ACTIONS = ['delay', 'skip', 'reactivate', 'upsell'] as const;

/** One of {@link ACTIONS}. */
export type Action = (typeof ACTIONS)[number];

/** Returns the action named by `value` (case-insensitive, surrounding spaces ignored), or `undefined`. */
export const toAction = (value: unknown): Action | undefined =>
  ACTIONS.find((action) => typeof value === 'string' && action === value.trim().toLowerCase());

/** The parameters each action carries besides the token (named as in `ActionParams`). */
export const ACTION_PARAMS: Record<
  Action,
  readonly ('days' | 'winbackId' | 'product' | 'quantity')[]
> = {
  delay: ['days'],
  skip: [],
  reactivate: ['winbackId'],
  upsell: ['product', 'quantity'],
};

/** Largest `days` a delay link may carry (a year; Ordergroove rejects more anyway). */
export const MAX_DAYS = 365;

/** Largest `quantity` an upsell link may carry. */
export const MAX_QUANTITY = 999;

/**
 * Tokens are opaque: the server is the only judge. The client checks shape and length
 * only — base64url/JWT characters plus the `+ / =` of older base64 tokens — so that a
 * mangled or hostile value never reaches the network.
 */
export const TOKEN_PATTERN = /^[\w.~+/=-]{4,4096}$/;

/** Product and winback identifiers: SKU-like strings. */
export const ID_PATTERN = /^[\w.:/-]{1,128}$/;

/**
 * Parses a whole number between 1 and `max` from a link or an option.
 * Returns `undefined` for anything else (`"1e3"`, `"07x"`, `"0"`, `"-1"`, `"2.5"`).
 */
export const toCount = (value: unknown, max: number): number | undefined => {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  const count = /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : 0;
  return count >= 1 && count <= max ? count : undefined;
};

/** Checks one action parameter as it comes in a link: the value to send, or `undefined`. */
export const toParam = (name: string, value: unknown): string | number | undefined =>
  name === 'days'
    ? toCount(value, MAX_DAYS)
    : name === 'quantity'
      ? toCount(value, MAX_QUANTITY)
      : typeof value === 'string' && ID_PATTERN.test(value)
        ? value
        : undefined;
