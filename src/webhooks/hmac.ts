/**
 * The one HMAC-SHA256 (and SHA-256) routine behind {@link verifyWebhook},
 * {@link signWebhook} and the delivery handler, plus the hex and comparison helpers.
 *
 * Where the runtime has `node:crypto`'s one-shot `hash` (Node ≥ 20.16, Bun, Deno, workers
 * with Node compatibility) it is reached through `process.getBuiltinModule`, never a static
 * import, so this module still loads on runtimes without it; everywhere else Web Crypto is
 * used. With `node:crypto` the HMAC is computed as RFC 2104 defines it, from two one-shot
 * SHA-256 digests, `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message))`: `createHmac` makes a native
 * object per call, which costs more than hashing a 1 KB body (bench/webhooks.mjs). Either
 * way each secret's key is prepared once and cached (at most {@link KEY_CACHE_SIZE}
 * secrets).
 */

import { HEADROOM } from './body.js';

const encoder = new TextEncoder();

/** Length in bytes of an HMAC-SHA256 digest (64 hex digits). */
export const SIGNATURE_BYTES = 32;

/** Length in bytes of a SHA-256 block, and so of HMAC's key pads. */
const BLOCK_BYTES = 64;

/** How many secrets keep a prepared key; the oldest one is dropped past this. */
export const KEY_CACHE_SIZE = 16;

/**
 * Largest buffer kept between calls to encode string messages into (a block, then up to
 * three bytes per UTF-16 unit); a longer message gets a buffer of its own.
 */
const KEPT_SCRATCH_BYTES = 256 * 1024;

/** What is used of `node:crypto`, typed here so that no Node types are imported. */
interface NodeCrypto {
  hash(algorithm: 'sha256', data: string | Uint8Array, encoding: 'hex'): string;
}

/** Where `node:crypto` can be found without importing it (Node ≥ 20.16, Bun, Deno…). */
interface Host {
  process?: { getBuiltinModule?: (id: string) => Partial<NodeCrypto> | undefined };
}

/** Returns `node:crypto` when the runtime offers it without a static import, else `undefined`. */
const findNodeCrypto = (): NodeCrypto | undefined => {
  try {
    const found = (globalThis as Host).process?.getBuiltinModule?.('node:crypto');
    return typeof found?.hash === 'function' ? (found as NodeCrypto) : undefined;
  } catch {
    return undefined;
  }
};

/** `node:crypto`, `null` for Web Crypto; looked up on first use. */
let nodeCrypto: NodeCrypto | null | undefined;
const node = (): NodeCrypto | null => {
  nodeCrypto ??= findNodeCrypto() ?? null;
  return nodeCrypto;
};

/** Returns Web Crypto's `SubtleCrypto`, or throws an error that says where it exists. */
const subtle = (): SubtleCrypto => {
  const found = globalThis.crypto?.subtle;
  if (!found) {
    throw new Error(
      'og-oca/webhooks needs Web Crypto (globalThis.crypto.subtle): Node ≥ 20, Deno, Bun, an edge ' +
        'runtime, or a browser page served over https or from localhost.',
    );
  }
  return found;
};

/** A secret's HMAC key pads for `node:crypto`. */
interface Pads {
  /** `K ⊕ 0x36…`, one block. */
  inner: Uint8Array;
  /** `K ⊕ 0x5c…`, one block, then room for the inner digest. */
  outer: Uint8Array;
}

/** Prepared keys by secret: {@link Pads} (node:crypto) or a pending `CryptoKey`. */
const keys = new Map<string, Pads | Promise<CryptoKey>>();

const cachedKey = <K extends Pads | Promise<CryptoKey>>(secret: string, make: () => K): K => {
  const found = keys.get(secret);
  if (found) return found as K;
  if (keys.size >= KEY_CACHE_SIZE) keys.delete(keys.keys().next().value as string);
  const key = make();
  keys.set(secret, key);
  return key;
};

/** The ASCII bytes of 64 hex digits, on their way to being decoded. */
const hexAscii = new Uint8Array(2 * SIGNATURE_BYTES);

/** A hex digit's value from its ASCII code, either case, computed without a branch. */
const nibble = (code: number): number => (code & 0xf) + 9 * (code >> 6);

/** -1 for the ASCII code of a hex digit (either case), else 0, computed without a branch. */
const hexMask = (code: number): number => {
  const lower = code | 0x20;
  return (((47 - code) & (code - 58)) | ((96 - lower) & (lower - 103))) >> 31;
};

/**
 * Decodes 64 hex digits (either case) into 32 bytes of `into` from `at`; returns false
 * when `hex` is anything else (what was written is then meaningless). No branch depends on
 * the digits: they may be a digest. They are read as ASCII bytes through
 * `TextEncoder#encodeInto`, not one `charCodeAt` call each: in a process where any code
 * subclasses `String` (node-redis does), `charCodeAt` runs several times slower (some 25 ns
 * a call on Node 20).
 */
const decodeHex = (hex: string, into: Uint8Array, at: number): boolean => {
  if (hex.length !== hexAscii.length) return false;
  // A character outside ASCII is written as bytes of 128 or more, or not at all if they do
  // not fit, leaving zeros (the buffer is wiped after each use): neither is a hex digit.
  encoder.encodeInto(hex, hexAscii);
  let valid = -1;
  for (let i = 0; i < SIGNATURE_BYTES; i++) {
    const high = hexAscii[2 * i] ?? 0;
    const low = hexAscii[2 * i + 1] ?? 0;
    valid &= hexMask(high) & hexMask(low);
    into[at + i] = (nibble(high) << 4) | nibble(low);
  }
  hexAscii.fill(0);
  return valid === -1;
};

/** A `node:crypto` SHA-256 digest of `data`, decoded into `into` from `at`. */
const digestInto = (
  crypto: NodeCrypto,
  data: Uint8Array,
  into: Uint8Array,
  at: number,
): Uint8Array => {
  decodeHex(crypto.hash('sha256', data, 'hex'), into, at);
  return into;
};

/** RFC 2104: a key longer than a block is replaced by its hash, then padded with zeros. */
const padsOf = (crypto: NodeCrypto, secret: string): Pads => {
  let key: Uint8Array = encoder.encode(secret);
  if (key.length > BLOCK_BYTES) {
    key = digestInto(crypto, key, new Uint8Array(SIGNATURE_BYTES), 0);
  }
  const inner = new Uint8Array(BLOCK_BYTES).fill(0x36);
  const outer = new Uint8Array(BLOCK_BYTES + SIGNATURE_BYTES).fill(0x5c, 0, BLOCK_BYTES);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] ?? 0) ^ (key[i] ?? 0);
    outer[i] = (outer[i] ?? 0) ^ (key[i] ?? 0);
  }
  return { inner, outer };
};

const webKey = (secret: string): Promise<CryptoKey> =>
  cachedKey(secret, () =>
    subtle()
      .importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      .catch((error: unknown) => {
        keys.delete(secret);
        throw error;
      }),
  );

/**
 * Writes `prefix` into the free room of a taken body, right before its bytes, and returns
 * where it starts: the message is the bytes from there on, with at least
 * {@link BLOCK_BYTES} free bytes still before it.
 */
const prefixBytes = (body: Uint8Array, prefix: string): number => {
  const start = HEADROOM - prefix.length;
  encoder.encodeInto(prefix, body.subarray(start, HEADROOM));
  return start;
};

/** Room for string messages, reused: node:crypto hashes synchronously, so calls never overlap. */
let scratch = new Uint8Array(0);

/**
 * `` `${prefix}${body}` `` as UTF-8 after {@link BLOCK_BYTES} free bytes, in a buffer that the
 * caller zeroes after use.
 */
const encodeMessage = (prefix: string, body: string): Uint8Array => {
  // UTF-8 needs at most three bytes per UTF-16 unit.
  const size = BLOCK_BYTES + prefix.length + 3 * body.length;
  let room = scratch;
  if (size > room.length) {
    room = new Uint8Array(size);
    if (size <= KEPT_SCRATCH_BYTES) scratch = room;
  }
  let end = BLOCK_BYTES + encoder.encodeInto(prefix, room.subarray(BLOCK_BYTES)).written;
  end += encoder.encodeInto(body, room.subarray(end)).written;
  return room.subarray(0, end);
};

/** HMAC with `node:crypto`'s one-shot `hash`; `message` starts with one free block. */
const nodeHmac = (crypto: NodeCrypto, pads: Pads, message: Uint8Array): Uint8Array => {
  message.set(pads.inner);
  digestInto(crypto, message, pads.outer, BLOCK_BYTES);
  message.fill(0, 0, BLOCK_BYTES); // no key material is left behind
  return digestInto(crypto, pads.outer, new Uint8Array(SIGNATURE_BYTES), 0);
};

/**
 * HMAC-SHA256 of `prefix` followed by the body, keyed with the UTF-8 bytes of `secret`
 * (used as-is, no trimming). Strings are hashed as their UTF-8 bytes. Synchronous with
 * `node:crypto`, a promise with Web Crypto. The body is never copied: a string is encoded
 * once (as `node:crypto` would encode it), a taken body is signed where it lies.
 *
 * @param secret - the verification key
 * @param prefix - `` `${ts}.` `` (ASCII, at most `HEADROOM - BLOCK_BYTES` characters)
 * @param body - the raw body: a string, or a taken body (bytes after `HEADROOM` free bytes,
 * into which the prefix and the inner key pad are written, then the pad wiped)
 * @returns the 32-byte digest
 */
export const hmacSha256 = (
  secret: string,
  prefix: string,
  body: string | Uint8Array,
): Uint8Array | Promise<Uint8Array> => {
  const crypto = node();
  if (crypto) {
    const pads = cachedKey(secret, () => padsOf(crypto, secret));
    if (typeof body !== 'string') {
      return nodeHmac(crypto, pads, body.subarray(prefixBytes(body, prefix) - BLOCK_BYTES));
    }
    const message = encodeMessage(prefix, body);
    try {
      return nodeHmac(crypto, pads, message);
    } finally {
      message.fill(0); // no body is left behind either
    }
  }
  const data =
    typeof body === 'string'
      ? encoder.encode(`${prefix}${body}`)
      : body.subarray(prefixBytes(body, prefix));
  return webKey(secret)
    .then((key) => subtle().sign('HMAC', key, data as Uint8Array<ArrayBuffer>))
    .then((digest) => new Uint8Array(digest));
};

/** Lowercase hex SHA-256 of `message` (a string is hashed as its UTF-8 bytes). */
export const sha256Hex = async (message: string | Uint8Array): Promise<string> => {
  const crypto = node();
  if (crypto) return crypto.hash('sha256', message, 'hex');
  const data = typeof message === 'string' ? encoder.encode(message) : message;
  return toHex(new Uint8Array(await subtle().digest('SHA-256', data as Uint8Array<ArrayBuffer>)));
};

/** Lowercase hex of `bytes`. */
export const toHex = (bytes: Uint8Array): string => {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
};

/**
 * Decodes a signature written as exactly 64 hex digits (either case).
 * Returns `undefined` for anything else.
 */
export const signatureFromHex = (hex: string): Uint8Array | undefined => {
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  return decodeHex(hex, bytes, 0) ? bytes : undefined;
};

/**
 * Compares two byte strings in time that depends only on their length: every byte is
 * XOR-accumulated, with no early exit at the first difference.
 */
export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
};
