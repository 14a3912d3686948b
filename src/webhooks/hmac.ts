/**
 * HMAC-SHA256 and SHA-256 with Web Crypto (`crypto.subtle`): the `default` build of
 * og-oca/webhooks (Deno, Bun, edge workers, browsers). The `node` build swaps this module
 * for hmac-node.ts (`createHmac` + `timingSafeEqual`); both export the same functions.
 */

const encoder = new TextEncoder();

/** How many secrets keep their imported `CryptoKey`; the oldest is dropped past this. */
const KEYS_KEPT = 16;

const keys = new Map<string, Promise<CryptoKey>>();

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

const importKey = (secret: Uint8Array): Promise<CryptoKey> =>
  subtle().importKey(
    'raw',
    secret as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );

/** The `CryptoKey` of a secret: imported once per string secret and kept (see KEYS_KEPT). */
const cryptoKey = (secret: string | Uint8Array): Promise<CryptoKey> => {
  if (typeof secret !== 'string') return importKey(secret);
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= KEYS_KEPT) keys.delete(keys.keys().next().value as string);
    key = importKey(encoder.encode(secret)).catch((error: unknown) => {
      keys.delete(secret);
      throw error;
    });
    keys.set(secret, key);
  }
  return key;
};

/** `prefix` then `body`, as one new array of UTF-8 bytes (a private copy of the body). */
const messageOf = (prefix: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> => {
  if (typeof body === 'string') return encoder.encode(prefix + body);
  const head = encoder.encode(prefix);
  const message = new Uint8Array(head.length + body.length);
  message.set(head);
  message.set(body, head.length);
  return message;
};

const toHex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Lowercase hex HMAC-SHA256 of `prefix` followed by `body` (strings as UTF-8), keyed with
 * `secret` (a string as its UTF-8 bytes, used as-is).
 */
export const hmacHex = async (
  secret: string | Uint8Array,
  prefix: string,
  body: string | Uint8Array,
): Promise<string> => {
  const message = messageOf(prefix, body);
  return toHex(await subtle().sign('HMAC', await cryptoKey(secret), message));
};

/** What {@link matchSignatures} found. */
export interface Match {
  /** True when one of the signatures is the HMAC of the message with one of the secrets. */
  matched: boolean;
  /** The body that was checked: a string, or a private copy of the bytes. */
  raw: string | Uint8Array;
}

/**
 * Checks every signature (64 lowercase hex digits each) against the HMAC of `prefix` +
 * `body` with every secret, each comparison in constant time (`subtle.verify`). The bytes
 * of a byte body are copied before this returns, and only the copy is checked and returned,
 * so a caller that rewrites its buffer meanwhile cannot change what was verified.
 */
export const matchSignatures = async (
  secrets: readonly string[],
  prefix: string,
  body: string | Uint8Array,
  signatures: readonly string[],
): Promise<Match> => {
  const message = messageOf(prefix, body);
  const raw = typeof body === 'string' ? body : message.subarray(message.length - body.length);
  const checks: Promise<boolean>[] = [];
  for (const secret of secrets) {
    const key = cryptoKey(secret);
    for (const signature of signatures) {
      const bytes = Uint8Array.from(signature.match(/../g) ?? [], (pair) => parseInt(pair, 16));
      checks.push(key.then((k) => subtle().verify('HMAC', k, bytes, message)));
    }
  }
  return { matched: (await Promise.all(checks)).includes(true), raw };
};

/** Lowercase hex SHA-256 of `message` (a string as its UTF-8 bytes). */
export const sha256Hex = async (message: string | Uint8Array): Promise<string> =>
  toHex(await subtle().digest('SHA-256', messageOf('', message)));
