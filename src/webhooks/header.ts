/** Finding and parsing the `Ordergroove-Signature` header. */

import { WebhookVerificationError } from './WebhookVerificationError.js';

/** Name of the header that carries the signature (matched case-insensitively). */
export const SIGNATURE_HEADER = 'Ordergroove-Signature';

/** Longest header value that is parsed; anything longer is `malformed_header`. */
const MAX_HEADER_LENGTH = 8192;

/** What a `sig` must be: an HMAC-SHA256 digest in hex, either case. */
const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/i;

/** Anything with a `get(name)` like the Fetch API's `Headers`. */
export interface HeadersLike {
  /** Returns the value of the named header, or `null`. */
  get(name: string): string | null;
}

/**
 * Where {@link verifyWebhook} finds the signature:
 * - the header's value (`string`), or its values (`string[]`, joined like `Headers` does);
 * - a Fetch `Headers` (or anything with `get(name)`);
 * - a plain object such as Node's `req.headers`, whose keys are matched case-insensitively
 *   and whose values may be `string | string[] | undefined`.
 */
export type WebhookHeaders =
  | string
  | readonly string[]
  | HeadersLike
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | null
  | undefined;

/** A parsed `Ordergroove-Signature` header. */
export interface ParsedSignatureHeader {
  /** The timestamp exactly as written (it is part of the signed message). */
  ts: string;
  /** The timestamp in unix seconds. */
  timestamp: number;
  /** Every `sig=` value (64 hex digits), lowercased, in header order. */
  signatures: string[];
}

const FORMAT = `Expected "ts=<unix seconds>,sig=<64 hex digits>" (with one more ",sig=…" during a key rotation).`;

const malformed = (problem: string): WebhookVerificationError =>
  new WebhookVerificationError(
    'malformed_header',
    `The ${SIGNATURE_HEADER} header ${problem}. ${FORMAT}`,
  );

const missing = (detail: string): WebhookVerificationError =>
  new WebhookVerificationError(
    'missing_header',
    `${detail} Ordergroove signs every webhook; a request without the header did not come from Ordergroove, or a proxy dropped the header.`,
  );

/** Joins repeated header values the way `Headers.get` does; rejects non-strings. */
const joinValues = (values: readonly unknown[]): string | undefined => {
  const strings: string[] = [];
  for (const value of values) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string')
      throw malformed(`has a value of type ${typeof value}, not a string`);
    strings.push(value);
  }
  return strings.length === 0 ? undefined : strings.join(', ');
};

/**
 * Picks the signature header's value out of any accepted {@link WebhookHeaders} shape.
 *
 * @throws {WebhookVerificationError} `missing_header` when it is absent or empty,
 * `malformed_header` when the input is of an unusable type
 */
export const findSignatureHeader = (headers: unknown): string => {
  let value: string | undefined;
  if (headers === undefined || headers === null) {
    value = undefined;
  } else if (typeof headers === 'string') {
    value = headers;
  } else if (Array.isArray(headers)) {
    value = joinValues(headers);
  } else if (typeof headers === 'object' && typeof (headers as HeadersLike).get === 'function') {
    value = joinValues([(headers as HeadersLike).get(SIGNATURE_HEADER)]);
  } else if (typeof headers === 'object') {
    const wanted = SIGNATURE_HEADER.toLowerCase();
    const record = headers as Record<string, unknown>;
    const values: unknown[] = [];
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() !== wanted) continue;
      const found = record[key];
      if (Array.isArray(found)) values.push(...found);
      else values.push(found);
    }
    value = joinValues(values);
    if (value === undefined) {
      const hint =
        'headers' in record && typeof record.headers === 'object'
          ? ' (This object has a "headers" property: pass request.headers, not the request.)'
          : '';
      throw missing(`The request has no ${SIGNATURE_HEADER} header.${hint}`);
    }
  } else {
    throw malformed(
      `was given as a ${typeof headers}; pass its string value or the request's headers`,
    );
  }
  if (value === undefined) throw missing(`The request has no ${SIGNATURE_HEADER} header.`);
  if (value.trim() === '') throw missing(`The ${SIGNATURE_HEADER} header is empty.`);
  return value;
};

/**
 * True for what `String#trim` removes: ECMAScript's WhiteSpace and LineTerminator
 * characters (tab, vertical tab, form feed, space, no-break space, the other Unicode `Zs`
 * spaces, the byte-order mark, LF, CR, line and paragraph separators).
 */
const isTrimmed = (code: number): boolean =>
  code === 32 ||
  (code >= 9 && code <= 13) ||
  (code >= 160 &&
    (code === 160 ||
      code === 5760 ||
      (code >= 8192 && code <= 8202) ||
      code === 8232 ||
      code === 8233 ||
      code === 8239 ||
      code === 8287 ||
      code === 12288 ||
      code === 65279));

/** True when `value[start, end)` is `name` (lowercase ASCII) in any letter case. */
const isKey = (value: string, start: number, end: number, name: string): boolean => {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    if ((value.charCodeAt(start + i) | 0x20) !== name.charCodeAt(i)) return false;
  }
  return true;
};

/**
 * Parses `ts=<unix seconds>,sig=<hex>[,sig=<hex>…]`.
 *
 * Lenient where it is harmless, strict where it matters:
 * - spaces around `,` and `=` (what `String#trim` removes) and empty parts (`,,`, a
 *   trailing comma) are ignored;
 * - keys are case-insensitive; unknown keys are ignored (room for future additions);
 * - `sig` hex digits may be upper- or lowercase;
 * - a value longer than 8,192 characters, a part without `=`, a missing or repeated
 *   `ts`, a `ts` that is not 1–12 decimal digits, or a `sig` that is not exactly 64 hex
 *   digits are `malformed_header`; a header with a `ts` and no `sig` is `no_signature`.
 *
 * One pass over the value by index, without splitting it into strings; the few
 * characters looked at one by one are those around `,` and `=` and the keys.
 * Messages describe the problem without echoing header content (it is attacker-controlled
 * and could forge log lines).
 *
 * @throws {WebhookVerificationError}
 */
export const parseSignatureHeader = (value: string): ParsedSignatureHeader => {
  if (value.length > MAX_HEADER_LENGTH) {
    throw malformed(
      `is ${value.length} characters long; more than ${MAX_HEADER_LENGTH} is refused unread`,
    );
  }
  let ts: string | undefined;
  const signatures: string[] = [];
  for (let part = 1, next = 0; next <= value.length; part++) {
    let start = next;
    let end = value.indexOf(',', start);
    if (end === -1) end = value.length;
    next = end + 1;
    while (start < end && isTrimmed(value.charCodeAt(start))) start++;
    while (end > start && isTrimmed(value.charCodeAt(end - 1))) end--;
    if (start === end) continue;
    const equals = value.indexOf('=', start);
    if (equals === -1 || equals >= end) throw malformed(`has a part (#${part}) without "="`);
    let keyEnd = equals;
    while (keyEnd > start && isTrimmed(value.charCodeAt(keyEnd - 1))) keyEnd--;
    let text = equals + 1;
    while (text < end && isTrimmed(value.charCodeAt(text))) text++;
    if (isKey(value, start, keyEnd, 'ts')) {
      if (ts !== undefined) throw malformed('has more than one ts');
      ts = value.slice(text, end);
      if (!/^\d{1,12}$/.test(ts)) {
        const hint = /^\d{13}$/.test(ts) ? ' (13 digits: milliseconds instead of seconds?)' : '';
        throw malformed(`has a ts that is not a whole number of unix seconds${hint}`);
      }
    } else if (isKey(value, start, keyEnd, 'sig')) {
      const signature = value.slice(text, end);
      if (!SIGNATURE_PATTERN.test(signature)) {
        throw malformed(
          `has a sig (#${signatures.length + 1}) that is not 64 hex digits (it has ${end - text} characters)`,
        );
      }
      signatures.push(signature.toLowerCase());
    }
  }
  if (ts === undefined) throw malformed('has no ts');
  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'no_signature',
      `The ${SIGNATURE_HEADER} header has a ts but no sig. ${FORMAT}`,
    );
  }
  return { ts, timestamp: Number(ts), signatures };
};
