// Generated from the JSDoc in relay.mjs; regenerate with the command in demo/README.md.
/**
 * Verifies a webhook and turns an `order.reminder` into an email with 1-click links.
 *
 * - a request `verifyWebhook` refuses → 400 with its `code` (`signature_mismatch`,
 *   `timestamp_out_of_tolerance`, `missing_header`, …), no email;
 * - an `order.reminder` without a `one_click_token` → 422 `missing_one_click_token`;
 * - another event type → 202, ignored;
 * - mistakes in `secrets` or `landingUrl` (programmer errors) are thrown (→ 500).
 *
 * @param {object} options
 * @param {string | Uint8Array | ArrayBuffer} options.body The raw request body.
 * @param {import('node:http').IncomingHttpHeaders | Headers | string} options.headers
 *   The request's headers as Node gives them (or the header value).
 * @param {string | string[]} options.secrets The relay's verification key(s).
 * @param {string} options.landingUrl Absolute URL of the landing page running og-oca.
 * @param {Date | number} [options.now] The relay's clock.
 * @returns {Promise<RelayResult>}
 */
export function relayWebhook({
  body,
  headers,
  secrets,
  landingUrl,
  now,
}: {
  body: string | Uint8Array | ArrayBuffer;
  headers: import('node:http').IncomingHttpHeaders | Headers | string;
  secrets: string | string[];
  landingUrl: string;
  now?: number | Date | undefined;
}): Promise<RelayResult>;
/**
 * The 1-click links every reminder email carries. One token serves them all, once.
 * @type {ReadonlyArray<{ id: string, label: string, action: string, variant: 'primary' | 'secondary' | 'plain', days?: number, product?: string, quantity?: number }>}
 */
export const REMINDER_LINKS: ReadonlyArray<{
  id: string;
  label: string;
  action: string;
  variant: 'primary' | 'secondary' | 'plain';
  days?: number;
  product?: string;
  quantity?: number;
}>;
export type RelayLink = {
  /**
   * e.g. `delay-14`
   */
  id: string;
  label: string;
  action: string;
  variant: 'primary' | 'secondary' | 'plain';
  /**
   * The absolute 1-click URL from `buildActionUrl`.
   */
  href: string;
};
export type RelayItem = {
  name: string;
  detail: string;
  quantity: number;
  /**
   * Line total.
   */
  price: string;
};
/**
 * The email the relay hands to its "ESP".
 */
export type RelayEmail = {
  eventId: string;
  type: string;
  /**
   * Epoch milliseconds.
   */
  receivedAt: number;
  to: string;
  firstName: string;
  /**
   * The order's date, `YYYY-MM-DD`.
   */
  place: string;
  items: RelayItem[];
  total: string;
  token: string;
  links: RelayLink[];
};
export type RelayResult =
  | {
      status: 200;
      outcome: 'emailed';
      email: RelayEmail;
    }
  | {
      status: 202;
      outcome: 'ignored';
      reason: string;
    }
  | {
      status: 400 | 422;
      outcome: 'rejected';
      code: string;
      message: string;
    };
