// @vitest-environment node
// redisStore against a real redis-server (started here on a free loopback port; see
// redis-server.mjs): the store's answers, two relay instances sharing it, and a load run.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webhooks from '../../src/webhooks';
import { runLoad } from './load.mjs';
import { DEFAULT_REDIS_SERVER, redisServerPath, startRedis } from './redis-server.mjs';

const { createWebhookHandler, redisStore, signWebhook } = webhooks;
const SECRET = 'redis-test-key-0123456789abcdef';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Awaited<ReturnType<typeof startRedis>>;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startRedis();
  client = await createClient({ url: server.url }).connect();
}, 30_000);

afterAll(async () => {
  await client?.close();
  const left = await server?.stop();
  expect(left).toEqual([]); // no dump.rdb, no appendonly files
});

describe('redis-server helper', () => {
  it('names the package to install when the binary is missing', () => {
    const saved = process.env.REDIS_SERVER_PATH;
    process.env.REDIS_SERVER_PATH = '/nonexistent/redis-server';
    try {
      expect(() => redisServerPath()).toThrow(
        /\/nonexistent\/redis-server \(from REDIS_SERVER_PATH\).*apt-get install -y redis-server/,
      );
    } finally {
      if (saved === undefined) delete process.env.REDIS_SERVER_PATH;
      else process.env.REDIS_SERVER_PATH = saved;
    }
    expect(redisServerPath()).toBe(process.env.REDIS_SERVER_PATH || DEFAULT_REDIS_SERVER);
  });

  it('runs without persistence, on loopback', async () => {
    expect(await client.configGet('save')).toEqual({ save: '' });
    expect(await client.configGet('appendonly')).toEqual({ appendonly: 'no' });
    expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('redisStore', () => {
  it('claims once; others see busy, then done; the keys carry the prefix', async () => {
    const store = redisStore(client, { prefix: 'test-a:' });
    expect(await store.claim('id:1', 'claim:a', 60_000)).toBe('claimed');
    expect(await store.claim('id:1', 'claim:b', 60_000)).toBe('busy');
    expect(await client.get('test-a:id:1')).toBe('claim:a');
    expect(await client.pTTL('test-a:id:1')).toBeGreaterThan(59_000);
    await store.complete('id:1', 86_400_000);
    expect(await store.claim('id:1', 'claim:c', 60_000)).toBe('done');
    expect(await client.pTTL('test-a:id:1')).toBeGreaterThan(86_399_000);
    expect(await client.keys('test-a:*')).toEqual(['test-a:id:1']);
  });

  it('uses og-oca:webhook: as the default prefix', async () => {
    await redisStore(client).claim('id:default', 'claim:a', 60_000);
    expect(await client.get('og-oca:webhook:id:default')).toBe('claim:a');
  });

  it('releases a claim only for its owner, and never a done marker', async () => {
    const store = redisStore(client, { prefix: 'test-b:' });
    await store.claim('id:1', 'claim:a', 60_000);
    await store.release('id:1', 'claim:b');
    expect(await store.claim('id:1', 'claim:b', 60_000)).toBe('busy');
    await store.release('id:1', 'claim:a');
    expect(await store.claim('id:1', 'claim:b', 60_000)).toBe('claimed');
    await store.complete('id:1', 60_000);
    await store.release('id:1', 'claim:b');
    expect(await store.claim('id:1', 'claim:c', 60_000)).toBe('done');
  });

  it('lets a claim expire after its lease (a relay that died mid-handler), and a done marker after its keep time', async () => {
    const store = redisStore(client, { prefix: 'test-c:' });
    await store.claim('id:1', 'claim:a', 150);
    expect(await store.claim('id:1', 'claim:b', 150)).toBe('busy');
    await sleep(250);
    expect(await store.claim('id:1', 'claim:b', 60_000)).toBe('claimed');
    await store.release('id:1', 'claim:a'); // the dead relay's late release changes nothing
    expect(await store.claim('id:1', 'claim:c', 60_000)).toBe('busy');
    await store.complete('id:1', 150);
    expect(await store.claim('id:1', 'claim:c', 60_000)).toBe('done');
    await sleep(250);
    expect(await store.claim('id:1', 'claim:c', 60_000)).toBe('claimed');
  });

  it('renews a claim only for its owner, from now, and never a done marker', async () => {
    const store = redisStore(client, { prefix: 'test-r:' });
    await store.claim('id:1', 'claim:a', 1000);
    expect(await store.renew('id:1', 'claim:b', 60_000)).toBe(false);
    expect(await client.pTTL('test-r:id:1')).toBeLessThanOrEqual(1000);
    expect(await store.renew('id:1', 'claim:a', 60_000)).toBe(true);
    expect(await client.pTTL('test-r:id:1')).toBeGreaterThan(59_000);
    expect(await client.get('test-r:id:1')).toBe('claim:a');
    await store.complete('id:1', 86_400_000);
    expect(await store.renew('id:1', 'claim:a', 1000)).toBe(false);
    expect(await client.pTTL('test-r:id:1')).toBeGreaterThan(86_399_000);
    expect(await store.renew('id:none', 'claim:a', 1000)).toBe(false);
    expect(await client.exists('test-r:id:none')).toBe(0);
  });

  it('rounds leases up to whole milliseconds (Redis refuses 0 and fractions)', async () => {
    const store = redisStore(client, { prefix: 'test-d:' });
    expect(await store.claim('id:1', 'claim:a', 0.4)).toBe('claimed');
    await store.complete('id:2', 1500.2);
    expect(await client.pTTL('test-d:id:2')).toBeGreaterThan(1000);
  });

  it('is atomic: of 50 concurrent claims on one key from two connections, one wins', async () => {
    const other = await createClient({ url: server.url }).connect();
    try {
      const stores = [
        redisStore(client, { prefix: 'test-e:' }),
        redisStore(other, { prefix: 'test-e:' }),
      ];
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => stores[i % 2]!.claim('id:1', `claim:${i}`, 60_000)),
      );
      expect(answers.filter((answer) => answer === 'claimed')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'busy')).toHaveLength(49);
    } finally {
      await other.close();
    }
  });

  it('refuses something that is not a client, and reports an answer it does not know', async () => {
    expect(() => redisStore({} as never)).toThrow(/node-redis v5 client/);
    expect(() => redisStore(undefined as never)).toThrow(TypeError);
    expect(() => redisStore(client, { prefix: 5 as never })).toThrow(TypeError);
    const odd = redisStore({ eval: async () => 'OK' });
    await expect(odd.claim('k', 'claim:a', 1000)).rejects.toThrow(/unexpected answer/);
  });

  it('lets the handler answer 503 store_unavailable when Redis is gone, so Ordergroove retries', async () => {
    const gone = await createClient({ url: server.url }).connect();
    await gone.close();
    const handler = createWebhookHandler({
      secrets: SECRET,
      store: redisStore(gone),
      on: { '*': () => {} },
      onError: () => {},
    });
    const body = JSON.stringify({ id: 'gone-1', type: 'order.reminder' });
    const response = await handler(
      new Request('https://relay.example/', {
        method: 'POST',
        headers: { 'Ordergroove-Signature': await signWebhook({ body, secrets: SECRET }) },
        body,
      }),
    );
    expect(response.status).toBe(503);
    expect((await response.json()).error).toBe('store_unavailable');
  });
});

describe('several relay instances sharing Redis', () => {
  it('handles each event exactly once when the same deliveries reach two instances at once', async () => {
    const second = await createClient({ url: server.url }).connect();
    const handled = new Map<string, number>();
    const route = async (event: webhooks.OrdergrooveEvent) => {
      await sleep(5); // long enough for the other instance's copy to arrive meanwhile
      handled.set(String(event.id), (handled.get(String(event.id)) ?? 0) + 1);
    };
    const instances = [client, second].map((connection) =>
      createWebhookHandler({
        secrets: SECRET,
        store: redisStore(connection, { prefix: 'two-instances:' }),
        on: { 'order.reminder': route },
      }),
    );
    const ids = Array.from({ length: 40 }, (_, i) => `evt_pair_${i}`);
    const post = async (instance: number, id: string) => {
      const body = JSON.stringify({ id, type: 'order.reminder', data: { object: {} } });
      const header = await signWebhook({ body, secrets: SECRET });
      const request = new Request('https://relay.example/', {
        method: 'POST',
        headers: { 'Ordergroove-Signature': header },
        body,
      });
      const response = await instances[instance]!(request);
      const answer = await response.json();
      return [response.status, answer.status ?? answer.error] as const;
    };
    try {
      const first = await Promise.all(ids.flatMap((id) => [post(0, id), post(1, id)]));
      // Per event: one 200 handled; its copy got 200 duplicate or 503 in_progress.
      for (let i = 0; i < ids.length; i++) {
        const pair = [first[2 * i]!, first[2 * i + 1]!];
        expect(
          pair.filter(([status, outcome]) => status === 200 && outcome === 'handled'),
        ).toHaveLength(1);
        expect(pair.every(([status]) => status === 200 || status === 503)).toBe(true);
      }
      // Ordergroove retries the 503s: now duplicates.
      const retried = await Promise.all(ids.map((id, i) => post(i % 2, id)));
      expect(retried.every(([status, outcome]) => status === 200 && outcome === 'duplicate')).toBe(
        true,
      );
      expect([...handled.values()]).toEqual(ids.map(() => 1));
    } finally {
      await second.close();
    }
  });

  it('load: 1,000 deliveries (20 % duplicates, 5 % failing routes retried) through two instances → 0 lost, 0 handled twice', async () => {
    const result = await runLoad({
      webhooks,
      secret: SECRET,
      redisUrl: server.url,
      deliveries: 1000,
      duplicateRate: 0.2,
      failureRate: 0.05,
    });
    expect(result.deliveries).toBe(1000);
    expect(result.events).toBe(800);
    expect(result.lost).toBe(0);
    expect(result.twice).toBe(0);
    expect(result.overlapping).toBe(0);
    expect(result.unanswered).toBe(0);
    expect(result.failedRuns).toBeGreaterThan(20); // about 5 % of 800 really failed and were retried
    expect(result.answers['500']).toBe(result.failedRuns);
    expect(result.answers.handled).toBe(800);
    expect(result.answers.duplicate).toBeGreaterThanOrEqual(200);
  }, 120_000);
});
