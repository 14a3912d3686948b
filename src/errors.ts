/**
 * Error codes the landing page can end in (docs/contract.md).
 *
 * - `missing_token` — the link carries no token.
 * - `unknown_action` — the link names no action, or one og-oca does not know.
 * - `invalid_link` — a malformed token or parameter (`days`, `quantity`, `product`, …).
 * - `used_token` — the API says the token was already used (a second click).
 * - `expired_token` — the API says the token expired.
 * - `rejected` — any other refusal by the API (HTTP 4xx).
 * - `network` — the request was sent and no answer came, or it was cut off.
 * - `timeout` — no answer within the configured timeout.
 * - `server` — the API failed (HTTP 5xx, or 408/429: try again later).
 * - `unexpected` — og-oca itself failed (an exception it did not expect; logged to the console).
 */
export const ERROR_CODES = [
  'missing_token',
  'unknown_action',
  'invalid_link',
  'used_token',
  'expired_token',
  'rejected',
  'network',
  'timeout',
  'server',
  'unexpected',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes that a retry can cure: only these get a "Try again" button. */
export const isRetryable = (code: ErrorCode): boolean =>
  code === 'network' || code === 'timeout' || code === 'server';

/** What went wrong. Never contains the token. */
export interface OcaError {
  /** Machine-readable code, also set as `data-oca-error` on the host element. */
  code: ErrorCode;
  /** A sentence for people: the text shown in the page (or, from `parseLink`, the English one). */
  message: string;
  /** For `invalid_link`: the link parameter that was rejected (`token`, `days`, `product`, …). */
  param?: string;
  /** For API refusals: the API's own reason (`{"error": …}`), trimmed, with any token removed. */
  reason?: string;
}
