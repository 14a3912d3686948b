/** Turning a webhook body into the exact bytes that were signed. */

/**
 * A raw webhook body: the request body exactly as received. Node's `Buffer` is a
 * `Uint8Array` and is accepted too, as is any other `ArrayBuffer` view.
 */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** Why a value cannot be used as a raw body. */
export interface BodyProblem {
  /** `parsed_body` for an already-parsed JSON value, `invalid_body` for anything else. */
  code: 'parsed_body' | 'invalid_body';
  /** What is wrong and how to fix it. */
  message: string;
}

const RAW_BODY_HINT =
  "Pass the raw request body: in Express, use express.raw({ type: 'application/json' }) on this " +
  'route (before any express.json()); in a Fetch-style handler (Next.js App Router, Cloudflare ' +
  'Workers, Deno, Bun), use await req.text().';

/** A short, safe description of a value's type (never its content). */
const typeName = (value: unknown): string => {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'object';
  } catch {
    return 'object';
  }
};

/** True for what `JSON.parse` returns for an object or array, from any realm. */
const isParsedJson = (value: object): boolean => {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * Free bytes kept before a copied body: one SHA-256 block (64 bytes) for HMAC's inner key
 * pad, then `` `${ts}.` `` (a `ts` has at most 12 digits). The signed message is built in
 * this room, around the one copy, instead of in a second one.
 */
export const HEADROOM = 64 + 13;

/**
 * A body taken over by og-oca: a string (immutable), or a private copy of the bytes at
 * `[HEADROOM, length)` with free room before them. Nothing the caller does afterwards
 * can change it.
 */
export type TakenBody = string | Uint8Array;

/** Copies `bytes` once, after {@link HEADROOM} free bytes. */
export const copyBytes = (bytes: Uint8Array): Uint8Array => {
  const copy = new Uint8Array(HEADROOM + bytes.length);
  copy.set(bytes, HEADROOM);
  return copy;
};

/** The raw body bytes (or string) of a taken body, without the free room. */
export const rawOf = (body: TakenBody): string | Uint8Array =>
  typeof body === 'string' ? body : body.subarray(HEADROOM);

/** True for what {@link takeBody} returns when it cannot use a value. */
export const isBodyProblem = (body: TakenBody | BodyProblem): body is BodyProblem =>
  typeof body === 'object' && !(body instanceof Uint8Array);

/**
 * Takes `body` over: strings as they are, bytes (any `ArrayBuffer` view, `ArrayBuffer`,
 * `SharedArrayBuffer`) copied exactly once (see {@link TakenBody}); or a
 * {@link BodyProblem} for anything else.
 */
export const takeBody = (body: unknown): TakenBody | BodyProblem => {
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body))
    return copyBytes(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  const tag = Object.prototype.toString.call(body);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') {
    return copyBytes(new Uint8Array(body as ArrayBuffer));
  }
  if (body === undefined || body === null) {
    return {
      code: 'invalid_body',
      message: `No webhook body was given (got ${body}). ${RAW_BODY_HINT}`,
    };
  }
  if (typeof body === 'object' && isParsedJson(body)) {
    return {
      code: 'parsed_body',
      message:
        'The webhook body is an already-parsed object, but the signature covers the exact bytes ' +
        'Ordergroove sent, which parsing and re-serializing do not preserve. ' +
        RAW_BODY_HINT,
    };
  }
  return {
    code: 'invalid_body',
    message: `The webhook body is a ${typeName(body)}, not a string, Uint8Array or ArrayBuffer. ${RAW_BODY_HINT}`,
  };
};
