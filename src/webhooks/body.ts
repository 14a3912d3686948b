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
export const isParsedJson = (value: object): boolean => {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** A usable body: a string, or a view of the caller's bytes (never a copy). */
export type TakenBody = string | Uint8Array;

/** True for what {@link takeBody} returns when it cannot use a value. */
export const isBodyProblem = (body: TakenBody | BodyProblem): body is BodyProblem =>
  typeof body === 'object' && !(body instanceof Uint8Array);

/**
 * Reads `body` as a string or a `Uint8Array` view of its bytes (any `ArrayBuffer` view,
 * `ArrayBuffer`, `SharedArrayBuffer`), or returns a {@link BodyProblem} for anything else.
 */
export const takeBody = (body: unknown): TakenBody | BodyProblem => {
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const tag = Object.prototype.toString.call(body);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') {
    return new Uint8Array(body as ArrayBuffer);
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
