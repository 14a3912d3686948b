// @ts-check
/**
 * The delivery load run shared by test/webhooks/redis.test.ts (1,000 deliveries) and
 * bench/webhooks.mjs (10,000): two relay instances, each an HTTP server running
 * `createWebhookHandler` through `toNodeListener` with its own Redis connection, and a
 * sender that behaves like Ordergroove, compressed in time:
 *
 * - a share of the deliveries are duplicates of an event, sent to the other instance at
 *   the same moment or a little later;
 * - a share of the events make the route throw on its first run (the ESP was down);
 * - any answer other than 2xx, or a broken connection, is retried after a short delay, on
 *   either instance, up to `maxAttempts` times.
 *
 * The routes keep a ledger of completed runs per event: an event with none is lost, one
 * with more than one was handled twice. The webhooks module is passed in (src/ for the
 * tests, dist/ for the bench).
 */
import { createServer } from 'node:http';
import { createClient } from 'redis';

/** @param {number} seed @returns {() => number} a seeded PRNG in [0, 1) (mulberry32) */
export const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * @typedef {object} Ledger
 * @property {Map<string, number>} completed runs that settled successfully, per event id
 * @property {Map<string, number>} failed runs that threw, per event id
 * @property {number} overlapping runs that started while another run of the same event was going
 */

/**
 * @typedef {object} Relays
 * @property {string[]} urls one per instance
 * @property {Ledger} ledger
 * @property {() => Promise<void>} close
 */

/**
 * Starts `instances` relays sharing one Redis.
 * @param {object} options
 * @param {any} options.webhooks the og-oca/webhooks module
 * @param {string} options.redisUrl
 * @param {string} options.secret
 * @param {Set<string>} options.failFirst ids of events whose first run throws
 * @param {number} [options.instances]
 * @returns {Promise<Relays>}
 */
export async function startRelays({ webhooks, redisUrl, secret, failFirst, instances = 2 }) {
  /** @type {Ledger} */
  const ledger = { completed: new Map(), failed: new Map(), overlapping: 0 };
  const running = new Set();
  /** @param {{ id: string }} event */
  const route = async (event) => {
    if (running.has(event.id)) ledger.overlapping++;
    running.add(event.id);
    try {
      await new Promise((resolve) => setImmediate(resolve)); // the ESP call
      if (failFirst.has(event.id) && !ledger.failed.has(event.id)) {
        ledger.failed.set(event.id, 1);
        throw new Error('ESP unavailable');
      }
      ledger.completed.set(event.id, (ledger.completed.get(event.id) ?? 0) + 1);
    } finally {
      running.delete(event.id);
    }
  };
  /** @type {any[]} */
  const clients = [];
  /** @type {any[]} */
  const servers = [];
  const urls = [];
  for (let i = 0; i < instances; i++) {
    const client = await createClient({ url: redisUrl }).connect();
    clients.push(client);
    const handler = webhooks.createWebhookHandler({
      secrets: secret,
      store: webhooks.redisStore(client),
      on: { 'order.reminder': route },
      onError: () => {},
    });
    const server = createServer({ keepAliveTimeout: 30_000 }, webhooks.toNodeListener(handler));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = server.address();
    urls.push(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
    servers.push(server);
  }
  return {
    urls,
    ledger,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(() => resolve(undefined)));
      }
      for (const client of clients) await client.close();
    },
  };
}

/**
 * @typedef {object} LoadResult
 * @property {number} deliveries deliveries sent (each retried until answered 2xx)
 * @property {number} events distinct events
 * @property {number} attempts HTTP requests made, retries included
 * @property {Record<string, number>} answers attempts per status (`handled`, `duplicate`, `503`, …)
 * @property {number} lost events never handled
 * @property {number} twice events handled more than once
 * @property {number} overlapping runs of one event that overlapped
 * @property {number} failedRuns route runs that threw (and were retried)
 * @property {number} unanswered deliveries still without a 2xx after maxAttempts
 * @property {number} seconds wall time
 * @property {number} p50 median attempt latency, ms
 * @property {number} p99 99th percentile attempt latency, ms
 */

/**
 * Sends the deliveries and waits until every one is answered 2xx (or gave up).
 * @param {object} options
 * @param {any} options.webhooks the og-oca/webhooks module (for signWebhook)
 * @param {string} options.secret
 * @param {number} options.deliveries
 * @param {number} [options.duplicateRate] share of the deliveries that are duplicates
 * @param {number} [options.failureRate] share of the events whose first run throws
 * @param {number} [options.concurrency] deliveries in flight at once
 * @param {number} [options.retryDelayMs]
 * @param {number} [options.maxAttempts] Ordergroove's ~60
 * @param {number} [options.seed]
 * @param {string} options.redisUrl
 * @returns {Promise<LoadResult>}
 */
export async function runLoad({
  webhooks,
  secret,
  deliveries,
  duplicateRate = 0.2,
  failureRate = 0.05,
  concurrency = 32,
  retryDelayMs = 5,
  maxAttempts = 60,
  seed = 12,
  redisUrl,
}) {
  const next = random(seed);
  const events = Math.round(deliveries * (1 - duplicateRate));
  const ids = Array.from({ length: events }, (_, i) => `evt_${seed}_${i.toString(36)}`);
  const failFirst = new Set(ids.filter(() => next() < failureRate));
  const relays = await startRelays({ webhooks, redisUrl, secret, failFirst });
  const { urls } = relays;

  // One delivery per event on a random instance, then the duplicates: each one is sent
  // with its original (concurrently, on the other instance) or a little after it.
  /** @type {{ id: string, body: string, header: string, instance: number, delayMs: number }[][]} */
  const groups = [];
  for (const id of ids) {
    const body = JSON.stringify({
      id,
      type: 'order.reminder',
      created: 1_750_000_000,
      data: { object: { type: 'order', one_click_token: `tok.${id}.sig` } },
    });
    const header = await webhooks.signWebhook({ body, secrets: secret });
    const instance = Math.floor(next() * urls.length);
    groups.push([{ id, body, header, instance, delayMs: 0 }]);
  }
  for (let d = 0; d < deliveries - events; d++) {
    const group = groups[Math.floor(next() * groups.length)] ?? [];
    const first = group[0];
    if (!first) continue;
    group.push({
      ...first,
      instance: (first.instance + 1 + group.length) % urls.length,
      delayMs: next() < 0.5 ? 0 : Math.floor(next() * 20),
    });
  }

  /** @type {number[]} */
  const latencies = [];
  /** @type {Record<string, number>} */
  const answers = {};
  let attempts = 0;
  let unanswered = 0;
  /** @param {{ body: string, header: string, instance: number, delayMs: number }} delivery */
  const deliver = async ({ body, header, instance, delayMs }) => {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const url = urls[attempt === 1 ? instance : Math.floor(next() * urls.length)] ?? '';
      const started = performance.now();
      let outcome;
      try {
        attempts++;
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'Ordergroove-Signature': header },
          body,
        });
        const answer = await response.json();
        outcome = response.ok ? answer.status : String(response.status);
      } catch {
        outcome = 'network';
      }
      latencies.push(performance.now() - started);
      answers[outcome] = (answers[outcome] ?? 0) + 1;
      if (outcome === 'handled' || outcome === 'duplicate') return;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
    unanswered++;
  };

  const started = performance.now();
  let index = 0;
  const worker = async () => {
    while (index < groups.length) {
      const group = groups[index++] ?? [];
      await Promise.all(group.map(deliver));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await relays.close();

  const { ledger } = relays;
  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    deliveries: groups.reduce((sum, group) => sum + group.length, 0),
    events,
    attempts,
    answers,
    lost: ids.filter((id) => !ledger.completed.has(id)).length,
    twice: [...ledger.completed.values()].filter((count) => count > 1).length,
    overlapping: ledger.overlapping,
    failedRuns: ledger.failed.size,
    unanswered,
    seconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}
