/**
 * The one HMAC-SHA256 (and SHA-256) routine behind {@link verifyWebhook},
 * {@link signWebhook} and the delivery handler, plus the hex and comparison helpers.
 *
 * Where the runtime has `node:crypto` (Node ≥ 20.16, Bun, Deno, workers with Node
 * compatibility) it is reached through `process.getBuiltinModule`, never a static import,
 * so this module still loads on runtimes without it; everywhere else Web Crypto is used.
 * Either way each secret's key is prepared once and cached (at most {@link KEY_CACHE_SIZE}
 * secrets).
 */

const encoder = new TextEncoder();

/** Length in bytes of an HMAC-SHA256 digest (64 hex digits). */
export const SIGNATURE_BYTES = 32;

/** How many secrets keep a prepared key; the oldest one is dropped past this. */
export const KEY_CACHE_SIZE = 16;

/** What is used of `node:crypto`, typed here so that no Node types are imported. */
interface NodeHash {
  update(data: string | Uint8Array): NodeHash;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
}
interface NodeCrypto {
  createHmac(algorithm: 'sha256', key: unknown): NodeHash;
  createHash(algorithm: 'sha256'): NodeHash;
  createSecretKey(key: Uint8Array): unknown;
}

/** Where `node:crypto` can be found without importing it (Node ≥ 20.16, Bun, Deno…). */
interface Host {
  process?: { getBuiltinModule?: (id: string) => Partial<NodeCrypto> | undefined };
}

/** Returns `node:crypto` when the runtime offers it without a static import, else `undefined`. */
const findNodeCrypto = (): NodeCrypto | undefined => {
  try {
    const found = (globalThis as Host).process?.getBuiltinModule?.('node:crypto');
    return typeof found?.createHmac === 'function' &&
      typeof found.createHash === 'function' &&
      typeof found.createSecretKey === 'function'
      ? (found as NodeCrypto)
      : undefined;
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

/** Prepared keys by secret: a `KeyObject` (node:crypto) or a pending `CryptoKey`. */
const keys = new Map<string, unknown>();

const cachedKey = <K>(secret: string, make: () => K): K => {
  if (keys.has(secret)) return keys.get(secret) as K;
  if (keys.size >= KEY_CACHE_SIZE) keys.delete(keys.keys().next().value as string);
  const key = make();
  keys.set(secret, key);
  return key;
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
 * The bytes Web Crypto signs: strings are encoded as UTF-8. (og-oca's byte messages are its
 * own copies, always over an `ArrayBuffer`; declarations stay plain `Uint8Array` so that
 * they read the same in older TypeScript versions.)
 */
const bytesOf = (message: string | Uint8Array): Uint8Array<ArrayBuffer> =>
  typeof message === 'string' ? encoder.encode(message) : (message as Uint8Array<ArrayBuffer>);

/**
 * HMAC-SHA256 of `message` followed by `tail`, keyed with the UTF-8 bytes of `secret`
 * (used as-is, no trimming). Strings are hashed as their UTF-8 bytes. Synchronous with
 * `node:crypto` (which hashes the two parts without joining them), a promise with Web
 * Crypto.
 *
 * @param secret - the verification key
 * @param message - `` `${ts}.` `` followed by the raw body, or just `` `${ts}.` `` when the
 * body is given as `tail`
 * @param tail - the raw body as a string, when `message` is only its prefix
 * @returns the 32-byte digest
 */
export const hmacSha256 = (
  secret: string,
  message: string | Uint8Array,
  tail = '',
): Uint8Array | Promise<Uint8Array> => {
  const crypto = node();
  if (crypto) {
    const key = cachedKey(secret, () => crypto.createSecretKey(encoder.encode(secret)));
    const hmac = crypto.createHmac('sha256', key).update(message);
    return (tail === '' ? hmac : hmac.update(tail)).digest();
  }
  const data = tail === '' ? bytesOf(message) : bytesOf(`${message}${tail}`);
  return webKey(secret)
    .then((key) => subtle().sign('HMAC', key, data))
    .then((digest) => new Uint8Array(digest));
};

/** Lowercase hex SHA-256 of `message` (a string is hashed as its UTF-8 bytes). */
export const sha256Hex = async (message: string | Uint8Array): Promise<string> => {
  const crypto = node();
  if (crypto) return crypto.createHash('sha256').update(message).digest('hex');
  return toHex(new Uint8Array(await subtle().digest('SHA-256', bytesOf(message))));
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
  if (hex.length !== 2 * SIGNATURE_BYTES) return undefined;
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  for (let i = 0; i < SIGNATURE_BYTES; i++) {
    const high = hexDigit(hex.charCodeAt(2 * i));
    const low = hexDigit(hex.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return undefined;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
};

/** The value of one hex digit's character code (either case), or -1. */
const hexDigit = (code: number): number =>
  code >= 48 && code <= 57
    ? code - 48
    : code >= 97 && code <= 102
      ? code - 87
      : code >= 65 && code <= 70
        ? code - 55
        : -1;

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
