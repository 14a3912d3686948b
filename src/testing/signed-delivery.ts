/** A signed test delivery, for testing a relay without Ordergroove. */
import { SIGNATURE_HEADER } from '../webhooks/header.js';
import { signWebhook } from '../webhooks/sign.js';
import { pythonJson } from './webhooks.js';

/** Options of {@link signedDelivery}. */
export interface SignedDeliveryOptions {
  /** The verification key the relay is configured with. */
  secret: string;
  /** The signed timestamp: unix seconds or a `Date`; default now. */
  ts?: number | Date;
  /**
   * The old key, during a key rotation: the header then carries a signature with each key,
   * `ts=…,sig=<secret>,sig=<rotation>`, as Ordergroove signs in its 24-hour window.
   */
  rotation?: string;
}

/** What {@link signedDelivery} returns. */
export interface SignedDelivery {
  /** The exact body: the event serialized as Ordergroove's Python services do, or the string given. */
  body: string;
  /** The `Ordergroove-Signature` value. */
  header: string;
  /** Every header Ordergroove sends with it, for frameworks that take a plain object. */
  headers: Record<string, string>;
  /**
   * A new Fetch `Request` POSTing the delivery to `url` (each call a new one: a body is read once).
   * @param url - default `http://localhost/webhooks/ordergroove`
   */
  request: (url?: string | URL) => Request;
}

/**
 * Signs `event` as Ordergroove does, for a test of a relay: a `Request` for Fetch-API
 * handlers, and the body and headers for any other framework.
 *
 * @param event - the event as an object (serialized like Python's `json.dumps`, so a relay
 *   that re-serializes instead of verifying the raw body fails, as it would in production), or
 *   the raw body as a string
 * @param options - see {@link SignedDeliveryOptions}
 * @throws {TypeError | RangeError} (as a rejection) for an empty secret or a bad `ts`
 *
 * @example
 * ```ts
 * const delivery = await signedDelivery(ordergrooveEvent({ type: 'order.reminder', token: 'abcd' }), { secret: 'test-key' });
 * const response = await handler(delivery.request());
 * ```
 */
export async function signedDelivery(
  event: object | string,
  { secret, ts, rotation }: SignedDeliveryOptions,
): Promise<SignedDelivery> {
  const body = typeof event === 'string' ? event : pythonJson(event);
  const secrets = rotation === undefined ? [secret] : [secret, rotation];
  const header = await signWebhook({ body, secrets, ...(ts !== undefined && { ts }) });
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: header };
  return {
    body,
    header,
    headers,
    request: (url = 'http://localhost/webhooks/ordergroove') =>
      new Request(url, { method: 'POST', headers, body }),
  };
}
