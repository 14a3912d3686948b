// @vitest-environment node
// The fake Ordergroove's webhook sender (src/testing/webhooks.ts) against a real
// HTTP relay: retries on Ordergroove's schedule (compressed in time), the attempt timeout,
// duplicates, out-of-order arrivals, disabling, and the five token-carrying event types.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeOrdergroove,
  type DeliveryOptions,
  EVENT_TYPES,
  type FakeOrdergroove,
  ORDERGROOVE_RETRY_SCHEDULE,
  WebhookTarget as Target,
  type WebhookTarget,
} from '../../src/testing/index.ts';
import { actionTokenOf, verifyWebhook } from '../../src/webhooks/index.ts';

interface Received {
  id: string;
  type: string;
  header: string;
  body: string;
  at: number;
}

/** A relay on a real port: records every POST, answers with `answer(n)` (n = 1, 2, …). */
let relay: {
  url: string;
  received: Received[];
  answer: (n: number, request: IncomingMessage) => Promise<number> | number;
  close: () => Promise<void>;
};

beforeEach(async () => {
  const received: Received[] = [];
  const state = { answer: (_n: number, _r: IncomingMessage): Promise<number> | number => 200 };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const event = JSON.parse(body) as { id: string; type: string };
    const header = String(request.headers['ordergroove-signature']);
    received.push({ id: event.id, type: event.type, header, body, at: Date.now() });
    const status = await state.answer(received.length, request);
    if (!response.destroyed) response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  relay = {
    url: `http://127.0.0.1:${port}/relay`,
    received,
    get answer() {
      return state.answer;
    },
    set answer(next) {
      state.answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});

let targets: WebhookTarget[] = [];
afterEach(async () => {
  for (const target of targets) target.close();
  targets = [];
  await relay.close();
});

/** A target at the relay; waits are 3,000 times shorter than real (1 min → 20 ms). */
const target = (options: DeliveryOptions & { now?: () => number; fake?: FakeOrdergroove } = {}) => {
  const made = new Target({
    fake: createFakeOrdergroove(),
    url: relay.url,
    timeScale: 1 / 3000,
    ...options,
  });
  targets.push(made);
  return made;
};

/** `random()` answering these numbers in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('Ordergroove’s retry schedule', () => {
  it('is 60 attempts over 9 to 10 hours: the first retry after a minute, then growing to 10 minutes', () => {
    const minutes = ORDERGROOVE_RETRY_SCHEDULE.map((ms) => ms / 60_000);
    expect(minutes.length + 1).toBe(60);
    expect(minutes.slice(0, 6)).toEqual([1, 2, 4, 8, 10, 10]);
    expect(Math.max(...minutes)).toBe(10);
    const hours = minutes.reduce((sum, m) => sum + m, 0) / 60;
    expect(hours).toBeGreaterThanOrEqual(9);
    expect(hours).toBeLessThanOrEqual(10);
  });
});

describe('delivery', () => {
  it('retries a failing relay on the schedule until a 2xx, with the same event id and body', async () => {
    relay.answer = (n) => (n <= 3 ? 500 : 200);
    const sender = target();
    const event = sender.emit('order.reminder');
    expect(event.state).toBe('pending');
    await sender.settled(event);
    expect(event.state).toBe('delivered');
    expect(event.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    expect(new Set(relay.received.map((r) => r.id))).toEqual(new Set([event.id]));
    expect(new Set(relay.received.map((r) => r.body)).size).toBe(1);
    // 1, 2 and 4 minutes apart, compressed 3,000 times: 20, 40, 80 ms.
    const gaps = event.attempts.slice(1).map((a, i) => a.at - (event.attempts[i]?.at ?? 0));
    [20, 40, 80].forEach((wait, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(wait - 2);
    });
  });

  it('marks the event failed after its last attempt and tries no more', async () => {
    relay.answer = () => 503;
    const sender = target({ schedule: [30, 30, 30] });
    const event = sender.emit();
    await sender.settled(event);
    expect(event.state).toBe('failed');
    expect(event.attempts).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(relay.received).toHaveLength(4);
    expect(sender.enabled).toBe(true);
  });

  it('fails an attempt the relay answers too late; the retry is a duplicate for the relay', async () => {
    relay.answer = async (n) => {
      if (n === 1) await new Promise((resolve) => setTimeout(resolve, 300));
      return 200;
    };
    const sender = target({ attemptTimeoutMs: 100 });
    const event = sender.emit();
    await sender.settled(event);
    expect(event.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 0, 'no answer within 100 ms'],
      [2, 200, undefined],
    ]);
    // The relay got the event twice: it must dedupe by the event's id.
    expect(relay.received.map((r) => r.id)).toEqual([event.id, event.id]);
  });

  it('waits 5 seconds for an answer unless told otherwise', async () => {
    relay.answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5200));
      return 200;
    };
    const sender = target({ schedule: [] });
    const started = Date.now();
    const first = await sender.attempt(sender.emit());
    expect(first?.error).toBe('no answer within 5000 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(Date.now() - started).toBeLessThan(5200);
  }, 10_000);

  it('sometimes delivers a delivered event again: same id and body, marked duplicate', async () => {
    const sender = target({ duplicateRate: 0.5, random: sequence(0.1) });
    const event = sender.emit();
    await sender.settled(event);
    await sender.attempt(event, 2);
    expect(event.attempts.map((a) => [a.attempt, a.duplicate, a.status])).toEqual([
      [1, false, 200],
      [2, true, 200],
    ]);
    expect(relay.received.map((r) => r.id)).toEqual([event.id, event.id]);
    expect(relay.received[0]?.body).toBe(relay.received[1]?.body);
  });

  it('delivers an event twice when asked to: the copy repeats its id and body', async () => {
    const sender = target();
    const event = sender.emit('order.reminder', { twice: true });
    await sender.attempt(event, 2);
    expect(event.attempts.map((a) => [a.attempt, a.duplicate])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(new Set(relay.received.map((r) => `${r.id} ${r.body}`)).size).toBe(1);
  });

  it('delivers out of order when an event misses its delivery run', async () => {
    const sender = target({ reorderRate: 0.5, random: sequence(0.1, 0.9) });
    const first = sender.emit('order.reminder');
    const second = sender.emit('order.refresh_one_click_token');
    await Promise.all([sender.settled(first), sender.settled(second)]);
    expect(relay.received.map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('disables a target that keeps failing; later events are dropped until it is enabled again', async () => {
    relay.answer = () => 500;
    const sender = target({ schedule: [30, 30, 30, 30, 30], disableAfter: 3 });
    const event = sender.emit();
    await sender.settled(event);
    expect([event.state, event.attempts.length, sender.enabled]).toEqual(['failed', 3, false]);
    const dropped = sender.emit();
    expect(dropped.state).toBe('dropped');
    expect(await sender.attempt(dropped)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(relay.received).toHaveLength(3);

    relay.answer = () => 200;
    sender.enable();
    const later = sender.emit();
    await sender.settled(later);
    expect([later.state, sender.enabled]).toEqual(['delivered', true]);
  });

  it('counts failures in a row: a success in between starts the count again', async () => {
    relay.answer = (n) => (n === 3 ? 200 : 500);
    const sender = target({ schedule: [30, 30, 30, 30], disableAfter: 3 });
    const one = sender.emit();
    await sender.settled(one);
    const two = sender.emit();
    await sender.attempt(two, 2);
    expect(sender.enabled).toBe(true);
  });

  it('signs every attempt afresh, or repeats the first header when resign is false', async () => {
    relay.answer = (n) => (n < 3 ? 500 : 200);
    let clock = Date.UTC(2026, 0, 5, 12);
    const now = () => {
      clock += 10 * 60_000; // every attempt 10 minutes later
      return clock;
    };
    const fresh = target({ now });
    await fresh.settled(fresh.emit());
    const ts = (header: string) => Number(/^ts=(\d+)/.exec(header)?.[1]);
    const fresher = relay.received.map((r) => ts(r.header));
    expect(new Set(fresher).size).toBe(3);

    relay.received.length = 0;
    const stale = target({ now, resign: false });
    await stale.settled(stale.emit());
    expect(new Set(relay.received.map((r) => r.header)).size).toBe(1);
  });
});

describe('events', () => {
  it('sends all five token-carrying event types, each with its own id and the token where relays read it', async () => {
    const sender = target();
    const events = EVENT_TYPES.map((type) => sender.emit(type));
    await Promise.all(events.map((event) => sender.settled(event)));
    expect(relay.received.map((r) => r.type).sort()).toEqual([...EVENT_TYPES].sort());
    for (const received of relay.received) {
      const event = await verifyWebhook<Record<string, unknown>>({
        body: received.body,
        header: received.header,
        secrets: sender.signingSecrets(),
      });
      const sent = events.find((e) => e.id === event.id);
      expect(sent?.type).toBe(event.type);
      expect(event.id).toMatch(/^[0-9a-f]{20}$/);
      expect(actionTokenOf(event)).toBe(sent?.token);
      expect(event).toMatchObject({ data: { object: { type: String(event.type).split('.')[0] } } });
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
  });

  it('refreshes a used token once, for the same order, with a new token', async () => {
    const fake = createFakeOrdergroove();
    const sender = target({ fake });
    const reminder = sender.emit('order.reminder');
    await sender.settled(reminder);
    expect(await sender.refreshUsed()).toEqual([]);
    await fake.handle({ path: '/one_click/skip', query: { token: reminder.token } });
    const [refresh] = await sender.refreshUsed();
    expect(refresh).toMatchObject({ type: 'order.refresh_one_click_token', status: 200 });
    expect(refresh?.token).not.toBe(reminder.token);
    expect(fake.inspect(refresh?.token ?? '')).toMatchObject({ state: 'valid' });
    const objects = relay.received.map((r) => JSON.parse(r.body).data.object);
    expect(objects.map((o) => o.public_id)).toEqual([reminder.about, reminder.about]);
    expect(objects.map((o) => o.one_click_token)).toEqual([reminder.token, refresh?.token]);
    expect(await sender.refreshUsed()).toEqual([]);
  });

  it('a cancellation or refresh is about the latest subscription; a reminder about a new order', () => {
    const sender = target();
    const created = sender.emit('subscription.create');
    const cancelled = sender.emit('subscription.cancel');
    const refreshed = sender.emit('subscription.refresh_one_click_token');
    const [first, second] = [sender.emit('order.reminder'), sender.emit('order.reminder')];
    expect([cancelled.about, refreshed.about]).toEqual([created.about, created.about]);
    expect(new Set([created.about, first.about, second.about]).size).toBe(3);
    expect(sender.emit('order.refresh_one_click_token', { about: first.about }).about).toBe(
      first.about,
    );
  });

  it('a cancelled subscription says so; a created one is live', async () => {
    const sender = target();
    await Promise.all(
      (['subscription.create', 'subscription.cancel'] as const).map((type) =>
        sender.settled(sender.emit(type)),
      ),
    );
    const objects = Object.fromEntries(
      relay.received.map((r) => {
        const event = JSON.parse(r.body) as { type: string; data: { object: { live: boolean } } };
        return [event.type, event.data.object.live];
      }),
    );
    expect(objects).toEqual({ 'subscription.create': true, 'subscription.cancel': false });
  });
});
