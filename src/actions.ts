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
export const toAction = (value: unknown): Action | undefined => {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return (ACTIONS as readonly string[]).includes(name) ? (name as Action) : undefined;
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
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const count = Number(text);
  return count >= 1 && count <= max ? count : undefined;
};
