/** The default, single-process {@link WebhookStore}. */

import type { ClaimResult, WebhookStore } from './store.js';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most events remembered at once (claims and done markers). Default `100000` (a few tens
   * of MB at most). When it is reached, expired entries go first, then the
   * oldest done marker: a duplicate of that event arriving later would be handled again.
   * Claims of running handlers are never dropped: with every entry a running claim, a new
   * event is answered `busy` (and Ordergroove retries it). Size it above the events you
   * receive in a day, or use {@link redisStore}.
   */
  maxEntries?: number;
}

const MAX_ENTRIES = 100_000;

/** A claim (`owner` set) or a done marker (`owner` undefined), with its expiry (epoch ms). */
interface Entry {
  owner: string | undefined;
  expires: number;
}

class MemoryStore implements WebhookStore {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  async claim(key: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    const now = Date.now();
    const entry = this.#entries.get(key);
    if (entry && entry.expires > now) return entry.owner === undefined ? 'done' : 'busy';
    this.#entries.delete(key);
    if (!this.#makeRoom(now)) return 'busy';
    this.#entries.set(key, { owner, expires: now + leaseMs });
    return 'claimed';
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const entry = this.#entries.get(key);
    const now = Date.now();
    if (entry?.owner !== owner || entry.expires <= now) return false;
    entry.expires = now + leaseMs;
    return true;
  }

  async complete(key: string, keepMs: number): Promise<void> {
    // Re-inserted at the end: the map stays in (roughly) expiry order, oldest first.
    this.#entries.delete(key);
    this.#makeRoom(Date.now());
    this.#entries.set(key, { owner: undefined, expires: Date.now() + keepMs });
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.#entries.get(key)?.owner === owner) this.#entries.delete(key);
  }

  /** Frees one place if the store is full; false when every entry is a running claim. */
  #makeRoom(now: number): boolean {
    if (this.#entries.size < this.#max) return true;
    let oldestDone: string | undefined;
    for (const [key, entry] of this.#entries) {
      if (entry.expires <= now) this.#entries.delete(key);
      else if (entry.owner === undefined) oldestDone ??= key;
      if (this.#entries.size < this.#max) return true;
      if (oldestDone !== undefined) break;
    }
    if (oldestDone === undefined) return false;
    this.#entries.delete(oldestDone);
    return true;
  }
}

/**
 * A {@link WebhookStore} in this process's memory: the default of
 * {@link createWebhookHandler}. Right for one relay process; several instances (or a
 * serverless platform that starts many) need a shared store such as {@link redisStore}.
 * A restart forgets everything: a duplicate arriving after it is handled again.
 *
 * @param options - see {@link MemoryStoreOptions}
 */
export const memoryStore = (options: MemoryStoreOptions = {}): WebhookStore => {
  const max = options.maxEntries ?? MAX_ENTRIES;
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError('memoryStore: maxEntries must be a whole number of at least 1.');
  }
  return new MemoryStore(max);
};
