// @vitest-environment node
// The handler with redisStore when Redis goes away and comes back, and when a relay dies:
// a real redis-server (started here on a free loopback port, see redis-server.mjs),
// stopped mid-run and restarted on the same port; node-redis 5 clients with their DEFAULT
// options (commands queue while offline), as a user who skipped the README's options has.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  type OrdergrooveEvent,
  redisStore,
  signWebhook,
  type WebhookHandlerOptions,
} from '../../src/webhooks';
import { startRedis } from './redis-server.mjs';

const SECRET = 'redis-outage-key-0123456789abcdef';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Awaited<ReturnType<typeof startRedis>>;
const clients: ReturnType<typeof createClient>[] = [];

/** A connected client with node-redis's default options, and the listener every client needs. */
const connect = async () => {
  const client = createClient({ url: server.url });
  client.on('error', () => {}); // reconnect failures while the server is down
  clients.push(client);
  return client.connect();
};

beforeAll(async () => {
  server = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  expect(await server?.stop()).toEqual([]);
});

/** A relay on `client` whose route counts runs per event id and waits for `gate` if given. */
const relay = (
  client: Awaited<ReturnType<typeof connect>>,
  options: Partial<WebhookHandlerOptions> = {},
  gate?: Promise<unknown>,
) => {
  const runs = new Map<string, number>();
  const errors: string[] = [];
  const handler = createWebhookHandler({
    secrets: SECRET,
    store: redisStore(client),
    on: {
      '*': async (event: OrdergrooveEvent) => {
        runs.set(String(event.id), (runs.get(String(event.id)) ?? 0) + 1);
        await gate;
      },
    },
    onError: (error, { stage }) => errors.push(`${stage}: ${(error as Error).message}`),
    ...options,
  });
  const post = async (id: string) => {
    const body = JSON.stringify({ id, type: 'order.reminder', data: { object: {} } });
    const started = performance.now();
    const response = await handler(
      new Request('https://relay.example/og', {
        method: 'POST',
        headers: { 'Ordergroove-Signature': await signWebhook({ body, secrets: SECRET }) },
        body,
      }),
    );
    const answer = await response.json();
    return {
      status: response.status,
      outcome: (answer.status ?? answer.error) as string,
      ms: performance.now() - started,
    };
  };
  return { post, runs, errors, client };
};

describe('redisStore while Redis is down, with a default node-redis client', () => {
  it('answers 503 store_unavailable within the 2 s deadline and runs nothing; after a restart the retry is handled exactly once', async () => {
    const client = await connect();
    const { post, runs } = relay(client);
    expect((await post('before')).outcome).toBe('handled');

    const { port } = server;
    await server.stop();
    const down = await post('during-outage');
    expect(down.status).toBe(503);
    expect(down.outcome).toBe('store_unavailable');
    expect(down.ms).toBeGreaterThanOrEqual(1990);
    expect(down.ms).toBeLessThan(3000);
    expect(runs.get('during-outage')).toBeUndefined();

    server = await startRedis({ port });
    await waitUntil(() => client.isReady);
    // Ordergroove retries: handled once; its next copy is a duplicate.
    expect((await post('during-outage')).outcome).toBe('handled');
    expect((await post('during-outage')).outcome).toBe('duplicate');
    expect(runs.get('during-outage')).toBe(1);
  }, 30_000);

  it('answers 200 handled when Redis stops while the route runs; the queued done marker lands after the restart, so a retry is a duplicate', async () => {
    const client = await connect();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { post, runs, errors } = relay(client, { storeTimeoutMs: 500 }, gate);
    const pending = post('mid-route');
    await waitUntil(() => runs.get('mid-route') === 1);
    const { port } = server;
    await server.stop();
    open();
    const answer = await pending;
    expect(answer.outcome).toBe('handled');
    expect(answer.ms).toBeLessThan(2500);
    expect(errors.some((line) => line.startsWith('store: '))).toBe(true);

    server = await startRedis({ port });
    await waitUntil(() => client.isReady);
    await waitUntil(async () => (await client.get('og-oca:webhook:id:mid-route')) === 'done');
    expect((await post('mid-route')).outcome).toBe('duplicate');
    expect(runs.get('mid-route')).toBe(1);
  }, 30_000);
});

describe('leases in Redis', () => {
  it('a route three leases long is handled once; copies to another instance meanwhile get 503 in_progress', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const one = relay(await connect(), { leaseMs: 300 }, gate);
    const two = relay(await connect(), { leaseMs: 300 });
    const first = one.post('long-route');
    const copies: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sleep(150); // 0.15 s … 0.9 s: three leases
      copies.push((await two.post('long-route')).outcome);
    }
    open();
    expect((await first).outcome).toBe('handled');
    expect(copies).toEqual(Array(6).fill('in_progress'));
    expect((await two.post('long-route')).outcome).toBe('duplicate');
    expect(one.runs.get('long-route')).toBe(1);
    expect(two.runs.get('long-route')).toBeUndefined();
    expect(one.errors).toEqual([]);
  }, 30_000);

  it('a relay process killed mid-route leaves a claim that lapses within one lease; the retry is handled', async () => {
    const leaseMs = 1000;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./relay-process.ts', import.meta.url)),
        server.url,
        String(leaseMs),
        SECRET,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout });
    const seen: string[] = [];
    lines.on('line', (line) => seen.push(line));
    try {
      await waitUntil(() => seen.some((line) => line.startsWith('listening ')), 20_000);
      const port = Number(seen.find((line) => line.startsWith('listening '))?.split(' ')[1]);
      const body = JSON.stringify({ id: 'killed', type: 'order.reminder', data: { object: {} } });
      const header = await signWebhook({ body, secrets: SECRET });
      fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'Ordergroove-Signature': header },
        body,
      }).catch(() => {}); // never answered: the process dies
      await waitUntil(() => seen.includes('running killed'));
      await sleep(2 * leaseMs); // it renews: the claim outlives its first lease
      const survivor = relay(await connect(), { leaseMs });
      expect((await survivor.post('killed')).outcome).toBe('in_progress');

      child.kill('SIGKILL');
      const killed = performance.now();
      // What is left of the dead relay's claim: at most one lease (it was renewed a third of a
      // lease at most before the kill).
      const left = await survivor.client.pTTL('og-oca:webhook:id:killed');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(leaseMs);
      const outcomes: string[] = [];
      while (outcomes.at(-1) !== 'handled' && performance.now() - killed < 5 * leaseMs) {
        outcomes.push((await survivor.post('killed')).outcome);
        if (outcomes.at(-1) !== 'handled') await sleep(50);
      }
      const lapsed = performance.now() - killed;
      expect(outcomes.at(-1)).toBe('handled');
      expect(outcomes.slice(0, -1).every((outcome) => outcome === 'in_progress')).toBe(true);
      expect(lapsed).toBeLessThanOrEqual(leaseMs + 1000); // polling on a busy machine
      expect(survivor.runs.get('killed')).toBe(1);
      expect((await survivor.post('killed')).outcome).toBe('duplicate');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

/** Polls `check` every 20 ms until it holds (or throws after `timeout` ms). */
async function waitUntil(check: () => boolean | Promise<boolean>, timeout = 10_000) {
  const until = performance.now() + timeout;
  while (!(await check())) {
    if (performance.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}
