/** Verifying a signed Ordergroove webhook. */

import { isBodyProblem, type TakenBody, takeBody, type WebhookBody } from './body.js';
import type { OrdergrooveEvent } from './event.js';
import {
  findSignatureHeader,
  parseSignatureHeader,
  SIGNATURE_HEADER,
  type WebhookHeaders,
} from './header.js';
import { type Match, matchSignatures } from './hmac.js';
import { secretList, type WebhookSecrets } from './secrets.js';
import { WebhookVerificationError } from './WebhookVerificationError.js';

/** Default for {@link VerifyWebhookOptions.toleranceSeconds}: five minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /**
   * The raw request body, exactly as received: a string, `Uint8Array` (Node `Buffer`
   * included) or `ArrayBuffer`. Not a parsed object — see the `parsed_body` error.
   */
  body: WebhookBody;
  /**
   * The `Ordergroove-Signature` header's value, or the request's headers (a Fetch
   * `Headers`, or a plain object like Node's `req.headers`, matched case-insensitively).
   */
  header: WebhookHeaders;
  /**
   * The verification key, or several keys: a signature made with any of them is accepted
   * (keep the old and the new key here while rotating).
   */
  secrets: WebhookSecrets;
  /**
   * How far, in seconds, the signed timestamp may be from this server's clock, in the past
   * or in the future. Default `300` (five minutes). `0` demands the same
   * second; `Infinity` turns the check off (replays are then accepted: tests only).
   */
  toleranceSeconds?: number;
  /** The receiver's clock: a `Date` or epoch milliseconds. Default `Date.now()`. */
  now?: Date | number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Reads `now` as whole unix seconds; programmer errors throw `TypeError`/`RangeError`. */
const nowSeconds = (now: unknown): number => {
  let millis: number;
  if (now === undefined) millis = Date.now();
  else if (now instanceof Date) millis = now.getTime();
  else if (typeof now === 'number') millis = now;
  else
    throw new TypeError(
      `verifyWebhook: now must be a Date or epoch milliseconds, but got ${typeof now}.`,
    );
  if (!Number.isFinite(millis)) throw new RangeError('verifyWebhook: now is not a valid time.');
  return Math.floor(millis / 1000);
};

/** Reads `toleranceSeconds`; programmer errors throw `TypeError`/`RangeError`. */
export const tolerance = (
  value: unknown,
  caller = 'verifyWebhook',
  fallback = DEFAULT_TOLERANCE_SECONDS,
): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`${caller}: toleranceSeconds must be a number, but got ${typeof value}.`);
  }
  if (Number.isNaN(value) || value < 0) {
    throw new RangeError(`${caller}: toleranceSeconds must be 0 or more.`);
  }
  return value;
};

/** `412` → `"412 s (about 7 min)"`. */
const duration = (seconds: number): string => {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'h'],
    [60, 'min'],
  ];
  for (const [size, unit] of units) {
    if (seconds >= size) {
      const count = Math.round(seconds / size);
      const label = unit === 'day' && count !== 1 ? 'days' : unit;
      return `${seconds} s (about ${count} ${label})`;
    }
  }
  return `${seconds} s`;
};

const isoOf = (seconds: number): string => {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `unix ${seconds}` : date.toISOString();
};

const mismatch = (signatures: number, secrets: readonly string[]): WebhookVerificationError => {
  const spaced = secrets
    .map((secret, index) => (secret.trim() !== secret ? index + 1 : 0))
    .filter((index) => index > 0);
  const whitespace =
    spaced.length === 0
      ? ''
      : ` Note: secret #${spaced.join(', #')} has leading or trailing whitespace (often a stray newline from a .env file or a copy-paste); trim it.`;
  return new WebhookVerificationError(
    'signature_mismatch',
    `None of the ${signatures} signature(s) in the ${SIGNATURE_HEADER} header matches this body ` +
      `with any of the ${secrets.length} secret(s). Check that body is the exact raw request body ` +
      '(not parsed and re-serialized, not re-encoded, not modified by a proxy) and that the secret ' +
      'is the current verification key; while Ordergroove rotates keys, pass both the old and the new one.' +
      whitespace,
  );
};

/**
 * Verifies a signed Ordergroove webhook and returns its parsed JSON.
 *
 * Steps, in order: take the raw body (bytes are read before the call returns its promise,
 * or copied first where the HMAC is asynchronous, so a caller that reuses its buffer cannot
 * change what was verified); find and parse `Ordergroove-Signature`; compute
 * HMAC-SHA256 of `` `${ts}.${rawBody}` `` with every secret and compare it, in constant
 * time, with every `sig` (one match is enough); check that `ts` is within
 * `toleranceSeconds` of `now` in either direction; decode the body as UTF-8 and parse it
 * as a JSON object. The body is parsed only after the signature is known to be good.
 *
 * @typeParam T - the event type to return; defaults to {@link OrdergrooveEvent}. It is not
 * checked at run time beyond "a JSON object".
 * @param options - see {@link VerifyWebhookOptions}
 * @returns the parsed event
 * @throws {WebhookVerificationError} (as a rejection) when the request cannot be trusted or
 * read; its `code` says why. Answer with HTTP 400.
 * @throws {TypeError | RangeError} (as a rejection) for programmer errors in the options:
 * missing or empty `secrets`, a bad `toleranceSeconds` or `now`.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook({ body: await req.text(), header: req.headers, secrets: env.OG_WEBHOOK_KEY });
 * const token = actionTokenOf(event);
 * ```
 */
export async function verifyWebhook<T = OrdergrooveEvent>(
  options: VerifyWebhookOptions,
): Promise<T> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('verifyWebhook: pass an options object { body, header, secrets }.');
  }
  const body = takeBody(options.body);
  const secrets = secretList(options.secrets, 'verifyWebhook');
  const maxSkew = tolerance(options.toleranceSeconds);
  const now = nowSeconds(options.now);
  if (isBodyProblem(body)) throw new WebhookVerificationError(body.code, body.message);
  const delivery = verifyTaken(body, options.header, secrets, maxSkew, now);
  return (delivery instanceof Promise ? await delivery : delivery).event as T;
}

/** A verified delivery: its event and the raw body it was read from. */
export interface VerifiedDelivery {
  /** The parsed JSON object. */
  event: Record<string, unknown>;
  /** The body as taken (a string, or the bytes of the private copy). */
  raw: string | Uint8Array;
}

/** True when `text` has no lone surrogate (`String#isWellFormed` where it exists). */
const wellFormed = (text: string): boolean => {
  const check = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return check ? check.call(text) : !/[\uD800-\uDFFF]/.test(text);
};

/** The text a string body decodes to, exactly as if its UTF-8 bytes had been decoded. */
const textOf = (body: string): string => {
  if (!wellFormed(body)) return utf8.decode(encoder.encode(body));
  return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
};

/**
 * The checks of {@link verifyWebhook} after the options: header, signature, clock, JSON.
 * Shared with the delivery handler. Synchronous where the HMAC is (node:crypto), so that
 * no promise is made for nothing.
 *
 * @throws {WebhookVerificationError}
 */
export const verifyTaken = (
  body: TakenBody,
  headers: unknown,
  secrets: readonly string[],
  maxSkew: number,
  now: number,
): VerifiedDelivery | Promise<VerifiedDelivery> => {
  const header = parseSignatureHeader(findSignatureHeader(headers));
  const accept = ({ matched, raw }: Match): VerifiedDelivery => {
    if (!matched) throw mismatch(header.signatures.length, secrets);
    checkClock(header.timestamp, now, maxSkew);
    return { event: parseEvent(raw), raw };
  };
  const match: Match | Promise<Match> = matchSignatures(
    secrets,
    `${header.ts}.`,
    body,
    header.signatures,
  );
  return match instanceof Promise ? match.then(accept) : accept(match);
};

const checkClock = (timestamp: number, now: number, maxSkew: number): void => {
  const skew = now - timestamp;
  if (Math.abs(skew) <= maxSkew) return;
  const direction = skew > 0 ? 'older than' : 'ahead of';
  throw new WebhookVerificationError(
    'timestamp_out_of_tolerance',
    `The webhook is correctly signed, but its timestamp (${isoOf(timestamp)}) is ` +
      `${duration(Math.abs(skew))} ${direction} this server's clock (${isoOf(now)}); the ` +
      `tolerance is ${maxSkew} s. Either the delivery was delayed or replayed, or a clock is ` +
      'wrong (check NTP on this server).',
  );
};

const parseEvent = (raw: string | Uint8Array): Record<string, unknown> => {
  let text: string;
  try {
    text = typeof raw === 'string' ? textOf(raw) : utf8.decode(raw);
  } catch {
    throw new WebhookVerificationError(
      'invalid_json',
      'The webhook body is correctly signed but is not valid UTF-8.',
    );
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold a token: keep it out of logs.
    throw new WebhookVerificationError(
      'invalid_json',
      'The webhook body is correctly signed but is not valid JSON.',
    );
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    const kind = event === null ? 'null' : Array.isArray(event) ? 'an array' : `a ${typeof event}`;
    throw new WebhookVerificationError(
      'invalid_json',
      `The webhook body is correctly signed JSON, but it is ${kind}, not an object.`,
    );
  }
  return event as Record<string, unknown>;
};
