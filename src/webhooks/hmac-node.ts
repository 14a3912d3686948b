/// <reference types="node" />
/**
 * HMAC-SHA256 and SHA-256 with `node:crypto`: the `node` build of og-oca/webhooks (chosen by
 * the `node` export condition: Node, Bun, Deno's npm support). Same functions as hmac.ts
 * (Web Crypto), which the `default` build uses; everything here is synchronous underneath,
 * so a body is checked and read before any other code can run.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Match } from './hmac.js';

export type { Match } from './hmac.js';

const hmac = (secret: string | Uint8Array, prefix: string, body: string | Uint8Array) =>
  createHmac('sha256', secret).update(prefix).update(body);

/** Lowercase hex HMAC-SHA256 of `prefix` followed by `body` (strings as UTF-8). */
export const hmacHex = async (
  secret: string | Uint8Array,
  prefix: string,
  body: string | Uint8Array,
): Promise<string> => hmac(secret, prefix, body).digest('hex');

/**
 * Checks every signature (64 lowercase hex digits each) against the HMAC of `prefix` +
 * `body` with every secret, each comparison with `timingSafeEqual`, all before returning.
 */
export const matchSignatures = (
  secrets: readonly string[],
  prefix: string,
  body: string | Uint8Array,
  signatures: readonly string[],
): Match => {
  const expected = signatures.map((signature) => Buffer.from(signature, 'hex'));
  let matched = false;
  for (const secret of secrets) {
    const digest = hmac(secret, prefix, body).digest();
    // No short-circuit: every pair is compared.
    for (const signature of expected) matched = timingSafeEqual(digest, signature) || matched;
  }
  return { matched, raw: body };
};

/** Lowercase hex SHA-256 of `message` (a string as its UTF-8 bytes). */
export const sha256Hex = async (message: string | Uint8Array): Promise<string> =>
  createHash('sha256').update(message).digest('hex');
