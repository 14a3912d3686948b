import type { Result } from './run.js';

/** A run as the registry keeps it: its outcome so far (a "Try again" replaces it). */
export interface Entry {
  readonly result: Promise<Result>;
}

/**
 * One registry per page, shared through a global symbol by every copy of og-oca on it (two
 * script tags, or the script tag and the npm build): the page's own link is read once, and
 * each token gets one run, so nothing sends an action twice. Runs are filed under
 * {@link keyOf} their token, never under the token itself: any script can reach this object.
 */
export interface Registry {
  /** The run of the page's own address (`run()` without `url`). */
  page?: Entry;
  /** Runs by {@link keyOf} their token. */
  runs: Map<string, Entry>;
}

export const registry = (): Registry => {
  const scope = globalThis as { [key: symbol]: Registry };
  const key = Symbol.for('og-oca');
  scope[key] ??= { runs: new Map() };
  return scope[key];
};

/**
 * A short one-way digest of a token (cyrb53, 53 bits) that names its run — here, and as the
 * name of the Web Lock and BroadcastChannel that tabs share — without revealing the token.
 */
export const keyOf = (token: string): string => {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (4294967296 * (2097151 & b) + (a >>> 0)).toString(36);
};
