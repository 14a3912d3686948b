/** What the delivery handler needs from a store to handle each event once. */

/**
 * The answer to {@link WebhookStore.claim}:
 * - `claimed`: nobody has this event; the caller now holds it and runs the handler;
 * - `busy`: another delivery of the same event holds it and its handler is still running;
 * - `done`: the event was handled already.
 */
export type ClaimResult = 'claimed' | 'busy' | 'done';

/**
 * Remembers which events are being handled and which were handled, so that each event is
 * handled once however many times, and on however many relay instances, it arrives.
 * {@link memoryStore} serves one process, {@link redisStore} several; any database with an
 * atomic "insert if absent, with an expiry" can implement it.
 *
 * Keys are the event's id, or the SHA-256 of its raw body when it has none (see
 * {@link createWebhookHandler}). Values are either a claim (held by one `owner`, a random
 * id per delivery, until it expires) or a done marker.
 */
export interface WebhookStore {
  /**
   * Atomically: when `key` is free (never seen, released, or its claim expired), claim it
   * for `owner` for `leaseMs` and answer `claimed`; otherwise answer `done` or `busy`.
   */
  claim(key: string, owner: string, leaseMs: number): Promise<ClaimResult>;
  /**
   * Atomically: if `owner` still holds the claim on `key`, extend it to `leaseMs` from now
   * and answer `true`; otherwise change nothing and answer `false`. Called every third of
   * the lease while the route runs.
   */
  renew(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Marks `key` handled for `keepMs` (replacing the claim, whoever holds it). */
  complete(key: string, keepMs: number): Promise<void>;
  /** Frees `key` if, and only if, `owner` still holds its claim (the handler failed). */
  release(key: string, owner: string): Promise<void>;
}
