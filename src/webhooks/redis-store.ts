/** A {@link WebhookStore} in Redis, shared by several relay instances. */

import type { ClaimResult, WebhookStore } from './store.js';

/**
 * The one method {@link redisStore} uses of a node-redis v5 client (`createClient()` or
 * `createCluster()` from the `redis` package). Written out here so that og-oca does not
 * depend on `redis`, and its types do not import it; any client with this `eval` works.
 */
export interface RedisEvalClient {
  /** Runs a Lua script atomically (`EVAL script numkeys keys… args…`). */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Prefix of every key og-oca writes. Default `og-oca:webhook:`. */
  prefix?: string;
}

/** A done marker's value; claims hold their owner id, which is never `done`. */
const DONE = 'done';

// Each script is one atomic step on one key, so it also runs on a Redis Cluster.
const CLAIM = `local value = redis.call('GET', KEYS[1])
if not value then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if value == '${DONE}' then return 'done' end
return 'busy'`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const COMPLETE = `redis.call('SET', KEYS[1], '${DONE}', 'PX', ARGV[1]) return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Redis wants whole, positive milliseconds. */
const millis = (ms: number): string => String(Math.max(1, Math.ceil(ms)));

class RedisStore implements WebhookStore {
  readonly #client: RedisEvalClient;
  readonly #prefix: string;

  constructor(client: RedisEvalClient, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async claim(key: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    const answer = await this.#client.eval(CLAIM, {
      keys: [this.#prefix + key],
      arguments: [owner, millis(leaseMs)],
    });
    if (answer === 'claimed' || answer === 'busy' || answer === 'done') return answer;
    throw new Error(`redisStore: unexpected answer from Redis to a claim (${typeof answer}).`);
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const answer = await this.#client.eval(RENEW, {
      keys: [this.#prefix + key],
      arguments: [owner, millis(leaseMs)],
    });
    return answer === 1;
  }

  async complete(key: string, keepMs: number): Promise<void> {
    await this.#client.eval(COMPLETE, { keys: [this.#prefix + key], arguments: [millis(keepMs)] });
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#client.eval(RELEASE, { keys: [this.#prefix + key], arguments: [owner] });
  }
}

/**
 * A {@link WebhookStore} in Redis (≥ 2.6; Redis Cluster too), for several relay instances
 * behind one webhook URL. Claims are keys with a lease (`SET … PX`), renewed while the
 * route runs: a relay that dies while handling leaves a claim that lapses within one lease,
 * after which Ordergroove's next retry is handled. Done markers expire after the handler's
 * keep time (a day by default).
 *
 * Give the client `disableOfflineQueue: true` so that commands fail at once while Redis is
 * unreachable, and an `error` listener (node-redis emits `error` on every failed reconnect,
 * and an `error` event without a listener ends a Node process). A default client queues
 * commands while disconnected instead; the handler's `storeTimeoutMs` deadline still
 * answers 503 in time, and the queued claim is released when it lands.
 *
 * @param client - a connected node-redis v5 client (`await createClient({ url }).connect()`),
 * or anything with the same `eval` (see {@link RedisEvalClient})
 * @param options - see {@link RedisStoreOptions}
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * redis.on('error', (error) => console.error('redis:', error.message));
 * await redis.connect();
 * const handler = createWebhookHandler({ secrets, on, store: redisStore(redis) });
 * ```
 */
export const redisStore = (
  client: RedisEvalClient,
  options: RedisStoreOptions = {},
): WebhookStore => {
  if (typeof client?.eval !== 'function') {
    throw new TypeError(
      'redisStore: pass a connected node-redis v5 client (createClient() from the redis package).',
    );
  }
  const prefix = options.prefix ?? 'og-oca:webhook:';
  if (typeof prefix !== 'string') throw new TypeError('redisStore: prefix must be a string.');
  return new RedisStore(client, prefix);
};
