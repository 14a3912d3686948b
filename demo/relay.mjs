// @ts-check
/**
 * The merchant's webhook relay, written the way docs/webhooks.md tells a store to write
 * one with og-oca/webhooks (the built `dist/webhooks.mjs`):
 *
 *   raw body + headers ─ verifyWebhook ─▶ event ─ actionTokenOf ─▶ token
 *     ─ buildActionUrl ─▶ 1-click links ─▶ an email (here: into the demo inbox)
 *
 * `relayWebhook()` is the transport-free core; demo/server.mjs reads the raw body of
 * `POST /relay/ordergroove/<lab>` into a Buffer and hands it over with `req.headers`.
 */
import { loadWebhooks } from './fake-ordergroove/webhooks.mjs';

/**
 * The 1-click links every reminder email carries. One token serves them all, once.
 * @type {ReadonlyArray<{ id: string, label: string, action: string, variant: 'primary' | 'secondary' | 'plain', days?: number, product?: string, quantity?: number }>}
 */
export const REMINDER_LINKS = Object.freeze([
  { id: 'delay-14', label: 'Delay 14 days', action: 'delay', days: 14, variant: 'primary' },
  { id: 'delay-21', label: 'Delay 21 days', action: 'delay', days: 21, variant: 'secondary' },
  { id: 'skip', label: 'Skip this order', action: 'skip', variant: 'plain' },
  {
    id: 'upsell',
    label: 'Add a Cold Brew Concentrate',
    action: 'upsell',
    product: 'CB-CONC-32',
    quantity: 1,
    variant: 'plain',
  },
]);

/**
 * @typedef {object} RelayLink
 * @property {string} id e.g. `delay-14`
 * @property {string} label
 * @property {string} action
 * @property {'primary' | 'secondary' | 'plain'} variant
 * @property {string} href The absolute 1-click URL from `buildActionUrl`.
 */

/**
 * @typedef {object} RelayItem
 * @property {string} name
 * @property {string} detail
 * @property {number} quantity
 * @property {string} price Line total.
 */

/**
 * The email the relay hands to its "ESP".
 * @typedef {object} RelayEmail
 * @property {string} eventId
 * @property {string} type
 * @property {number} receivedAt Epoch milliseconds.
 * @property {string} to
 * @property {string} firstName
 * @property {string} place The order's date, `YYYY-MM-DD`.
 * @property {RelayItem[]} items
 * @property {string} total
 * @property {string} token
 * @property {RelayLink[]} links
 */

/**
 * @typedef {{ status: 200, outcome: 'emailed', email: RelayEmail }
 *   | { status: 202, outcome: 'ignored', reason: string }
 *   | { status: 400 | 422, outcome: 'rejected', code: string, message: string }} RelayResult
 */

/** @param {unknown} value @returns {Record<string, unknown>} */
const record = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? /** @type {Record<string, unknown>} */ (value)
    : {};

/** @param {unknown} value @param {string} fallback */
const text = (value, fallback) =>
  typeof value === 'string' && value.trim() !== '' ? value.slice(0, 200) : fallback;

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
export async function relayWebhook({ body, headers, secrets, landingUrl, now }) {
  const { verifyWebhook, actionTokenOf, buildActionUrl, WebhookVerificationError } =
    await loadWebhooks();
  let event;
  try {
    event = await verifyWebhook({ body, header: headers, secrets, now });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error; // a programmer error: 500
    // (A cast, because dist's .d.ts files do not resolve under moduleResolution nodenext.)
    const refused = /** @type {{ code: string, message: string }} */ (error);
    return { status: 400, outcome: 'rejected', code: refused.code, message: refused.message };
  }
  const type = text(event.type, 'unknown');
  if (type !== 'order.reminder') {
    return { status: 202, outcome: 'ignored', reason: `no email for ${type} events` };
  }
  const token = actionTokenOf(event);
  if (!token) {
    return {
      status: 422,
      outcome: 'rejected',
      code: 'missing_one_click_token',
      message: 'The order.reminder has no data.object.one_click_token.',
    };
  }
  // buildActionUrl validates the token and every parameter; a token the landing page
  // would refuse throws here (a TypeError) instead of going out in an email.
  let links;
  try {
    links = REMINDER_LINKS.map(({ id, label, action, variant, days, product, quantity }) => ({
      id,
      label,
      action,
      variant,
      href: buildActionUrl(landingUrl, { token, action, days, product, quantity }),
    }));
  } catch (error) {
    if (!(error instanceof TypeError && /^buildActionUrl: token /.test(error.message))) throw error;
    return {
      status: 422,
      outcome: 'rejected',
      code: 'invalid_one_click_token',
      message: error.message,
    };
  }

  const object = record(event.data?.object);
  const snapshot = record(event.snapshot);
  const customer = record(snapshot.customer);
  const items = (Array.isArray(snapshot.items) ? snapshot.items : []).slice(0, 20).map((raw) => {
    const item = record(raw);
    const quantity = Number.isInteger(item.quantity) ? Number(item.quantity) : 1;
    return {
      name: text(item.name, text(item.product, 'Subscription item')),
      detail: text(item.detail, ''),
      quantity,
      price: text(item.total_price, text(item.price, '')),
    };
  });
  return {
    status: 200,
    outcome: 'emailed',
    email: {
      eventId: text(event.id, ''),
      type,
      receivedAt: now === undefined ? Date.now() : new Date(now).getTime(),
      to: text(customer.email, 'subscriber@mail.example'),
      firstName: text(customer.first_name, 'there'),
      place: /^\d{4}-\d{2}-\d{2}$/.test(String(object.place)) ? String(object.place) : '',
      items,
      total: text(object.total, ''),
      token,
      links,
    },
  };
}
