/**
 * The one HMAC-SHA256 routine behind both {@link verifyWebhook} and {@link signWebhook},
 * plus the hex and comparison helpers around it. Web Crypto only.
 */

const encoder = new TextEncoder();

/** Length in bytes of an HMAC-SHA256 digest (64 hex digits). */
export const SIGNATURE_BYTES = 32;

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

/**
 * Computes the Ordergroove webhook signature: HMAC-SHA256 keyed with the UTF-8 bytes of
 * `secret`, over the bytes of `` `${ts}.` `` followed by the exact bytes of the body.
 *
 * @param secret - the verification key, used as-is (no trimming)
 * @param ts - the timestamp exactly as it appears in the header
 * @param body - the raw body bytes
 * @returns the 32-byte digest
 */
export const signatureOf = async (
  secret: string,
  ts: string,
  body: Uint8Array,
): Promise<Uint8Array> => {
  const prefix = encoder.encode(`${ts}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const crypto = subtle();
  const key = await crypto.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.sign('HMAC', key, message));
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
  if (!/^[0-9a-f]{64}$/i.test(hex)) return undefined;
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  for (let i = 0; i < SIGNATURE_BYTES; i++)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
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
