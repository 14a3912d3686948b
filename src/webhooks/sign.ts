/** Signing a webhook body the way Ordergroove does (for tests and local tools). */

import { isBodyProblem, takeBody, type WebhookBody } from './body.js';
import { hmacHex } from './hmac.js';
import { secretList, type WebhookSecrets } from './secrets.js';

/** Options of {@link signWebhook}. */
export interface SignWebhookOptions {
  /** The exact body that will be sent: a string, `Uint8Array` or `ArrayBuffer`. */
  body: WebhookBody;
  /**
   * The key to sign with, or several keys: each adds a `sig=` part, in order, like
   * Ordergroove's rotation header `ts=…,sig=<new>,sig=<old>`.
   */
  secrets: WebhookSecrets;
  /** Timestamp: unix seconds or a `Date`. Default: now. */
  ts?: number | Date;
}

/** Largest timestamp the verifier parses (12 digits). */
const MAX_TS = 999_999_999_999;

const unixSeconds = (ts: unknown): number => {
  if (ts === undefined) return Math.floor(Date.now() / 1000);
  if (ts instanceof Date) {
    const millis = ts.getTime();
    if (!Number.isFinite(millis) || millis < 0)
      throw new RangeError('signWebhook: ts is not a valid date after 1970.');
    return Math.floor(millis / 1000);
  }
  if (typeof ts !== 'number')
    throw new TypeError(`signWebhook: ts must be unix seconds or a Date, but got ${typeof ts}.`);
  if (!Number.isInteger(ts) || ts < 0 || ts > MAX_TS) {
    const hint = Number.isInteger(ts) && ts > MAX_TS ? ' (milliseconds instead of seconds?)' : '';
    throw new RangeError(`signWebhook: ts must be a whole number of unix seconds${hint}.`);
  }
  return ts;
};

/**
 * Builds an `Ordergroove-Signature` header value for `body`:
 * `ts=<unix seconds>,sig=<hex>`, or with several secrets `ts=…,sig=<first>,sig=<second>`.
 * Uses the same HMAC code as {@link verifyWebhook}, so what it signs always verifies.
 *
 * @param options - see {@link SignWebhookOptions}
 * @returns the header value
 * @throws {TypeError | RangeError} (as a rejection) for a missing/empty secret, a body that is
 * not a string, `Uint8Array` or `ArrayBuffer`, or a bad `ts`
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ type: 'order.reminder', data: { object: { one_click_token: 'abc' } } });
 * const header = await signWebhook({ body, secrets: 'test-key' });
 * await fetch('/webhooks/ordergroove', { method: 'POST', body, headers: { 'Ordergroove-Signature': header } });
 * ```
 */
export async function signWebhook(options: SignWebhookOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('signWebhook: pass an options object { body, secrets, ts? }.');
  }
  const secrets = secretList(options.secrets, 'signWebhook');
  const body = takeBody(options.body);
  if (isBodyProblem(body)) throw new TypeError(`signWebhook: ${body.message}`);
  const ts = String(unixSeconds(options.ts));
  const parts = [`ts=${ts}`];
  for (const secret of secrets) parts.push(`sig=${await hmacHex(secret, `${ts}.`, body)}`);
  return parts.join(',');
}
