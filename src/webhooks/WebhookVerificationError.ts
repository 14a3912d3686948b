/**
 * Why {@link verifyWebhook} refused a request.
 *
 * | code | meaning |
 * |---|---|
 * | `missing_header` | no `Ordergroove-Signature` header, or an empty one |
 * | `malformed_header` | the header is not `ts=<unix seconds>,sig=<64 hex>[,sig=…]` (too long, no or duplicated `ts`, a part without `=`, a `sig` that is not 64 hex digits…) |
 * | `no_signature` | the header has a `ts` but no `sig` |
 * | `signature_mismatch` | no `sig` matches any of the secrets for this body and `ts` |
 * | `timestamp_out_of_tolerance` | the signature is valid but `ts` is too far from the receiver's clock (past or future) |
 * | `invalid_body` | the body is missing or of a type that cannot be verified |
 * | `parsed_body` | the body is an already-parsed object, not the raw request body |
 * | `invalid_json` | the body is signed correctly but is not UTF-8 JSON describing an object |
 *
 * @see {@link WebhookVerificationError}
 */
export type WebhookErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'no_signature'
  | 'signature_mismatch'
  | 'timestamp_out_of_tolerance'
  | 'invalid_body'
  | 'parsed_body'
  | 'invalid_json';

/**
 * Thrown (as a rejected promise) by {@link verifyWebhook} when a request cannot be trusted
 * or read. Answer such requests with HTTP 400. The message is meant for your logs: it says
 * what was wrong and how to fix it, and never contains a secret.
 *
 * Mistakes in the options themselves (no secrets, a bad `toleranceSeconds`…) are
 * programmer errors and throw a plain `TypeError`/`RangeError` instead, so that a
 * misconfigured receiver fails loudly (HTTP 500, a "try again" status) rather than
 * quietly rejecting every webhook as if it were forged.
 *
 * @example
 * ```ts
 * try {
 *   event = await verifyWebhook({ body, header: req.headers, secrets });
 * } catch (error) {
 *   if (error instanceof WebhookVerificationError) return res.status(400).send(error.code);
 *   throw error;
 * }
 * ```
 */
export class WebhookVerificationError extends Error {
  /** Machine-readable reason; see {@link WebhookErrorCode}. */
  readonly code: WebhookErrorCode;

  /**
   * @param code - machine-readable reason
   * @param message - human-readable explanation; must never contain a secret
   */
  constructor(code: WebhookErrorCode, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.code = code;
  }
}
