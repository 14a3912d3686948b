// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/webhooks';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-05T12:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('memoryStore', () => {
  it('claims a free key once; the others see busy, then done', async () => {
    const store = memoryStore();
    expect(await store.claim('id:1', 'a', 2 * MINUTE)).toBe('claimed');
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('busy');
    await store.complete('id:1', DAY);
    expect(await store.claim('id:1', 'c', 2 * MINUTE)).toBe('done');
    expect(await store.claim('id:2', 'c', 2 * MINUTE)).toBe('claimed');
  });

  it('releases a claim only for its owner', async () => {
    const store = memoryStore();
    await store.claim('id:1', 'a', 2 * MINUTE);
    await store.release('id:1', 'b');
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('busy');
    await store.release('id:1', 'a');
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('claimed');
    await store.complete('id:1', DAY);
    await store.release('id:1', 'b'); // a done marker is nobody's claim
    expect(await store.claim('id:1', 'c', 2 * MINUTE)).toBe('done');
  });

  it('lets a claim expire after its lease (a handler that never finished), but not before', async () => {
    const store = memoryStore();
    await store.claim('id:1', 'a', 2 * MINUTE);
    vi.advanceTimersByTime(2 * MINUTE - 1);
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('busy');
    vi.advanceTimersByTime(1);
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('claimed');
    await store.release('id:1', 'a'); // the first owner's late release leaves the new claim alone
    expect(await store.claim('id:1', 'c', 2 * MINUTE)).toBe('busy');
  });

  it('renews a claim only for its owner and only while it holds: the lease then runs from the renewal', async () => {
    const store = memoryStore();
    await store.claim('id:1', 'a', 2 * MINUTE);
    vi.advanceTimersByTime(MINUTE);
    expect(await store.renew('id:1', 'b', 2 * MINUTE)).toBe(false);
    expect(await store.renew('id:1', 'a', 2 * MINUTE)).toBe(true);
    vi.advanceTimersByTime(2 * MINUTE - 1); // three minutes after the claim, still held
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('busy');
    vi.advanceTimersByTime(1);
    expect(await store.renew('id:1', 'a', 2 * MINUTE)).toBe(false); // lapsed: too late
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('claimed');
    await store.complete('id:1', DAY);
    expect(await store.renew('id:1', 'b', 2 * MINUTE)).toBe(false); // a done marker stays done
    expect(await store.claim('id:1', 'c', 2 * MINUTE)).toBe('done');
  });

  it('remembers a done marker for its keep time', async () => {
    const store = memoryStore();
    await store.claim('id:1', 'a', 2 * MINUTE);
    await store.complete('id:1', DAY);
    vi.advanceTimersByTime(DAY - 1);
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('done');
    vi.advanceTimersByTime(1);
    expect(await store.claim('id:1', 'b', 2 * MINUTE)).toBe('claimed');
  });

  it('when full, drops expired entries first, then the oldest done marker, never a running claim', async () => {
    const store = memoryStore({ maxEntries: 3 });
    await store.claim('running', 'r', 10 * MINUTE);
    for (const key of ['done-1', 'done-2']) {
      await store.claim(key, 'o', MINUTE);
      await store.complete(key, DAY);
    }
    // Full: done-1, the oldest done marker, makes room; the running claim stays.
    expect(await store.claim('new-1', 'o', MINUTE)).toBe('claimed');
    expect(await store.claim('done-2', 'x', MINUTE)).toBe('done');
    expect(await store.claim('running', 'x', MINUTE)).toBe('busy');
    expect(await store.claim('done-1', 'o', MINUTE)).toBe('claimed'); // forgotten: handled again
  });

  it('drops an expired claim before any done marker', async () => {
    const store = memoryStore({ maxEntries: 2 });
    await store.claim('stale', 'o', MINUTE);
    await store.claim('done', 'o', MINUTE);
    await store.complete('done', DAY);
    vi.advanceTimersByTime(MINUTE);
    expect(await store.claim('new', 'o', MINUTE)).toBe('claimed');
    expect(await store.claim('done', 'x', MINUTE)).toBe('done');
  });

  it('answers busy when every place holds a running claim, and frees places as claims expire', async () => {
    const store = memoryStore({ maxEntries: 2 });
    await store.claim('a', 'o', MINUTE);
    await store.claim('b', 'o', 2 * MINUTE);
    expect(await store.claim('c', 'o', MINUTE)).toBe('busy');
    vi.advanceTimersByTime(MINUTE);
    expect(await store.claim('c', 'o', MINUTE)).toBe('claimed');
    expect(await store.claim('b', 'x', MINUTE)).toBe('busy');
  });

  it('holds maxEntries at most', async () => {
    const store = memoryStore({ maxEntries: 50 });
    for (let i = 0; i < 500; i++) {
      await store.claim(`id:${i}`, 'o', MINUTE);
      await store.complete(`id:${i}`, DAY);
    }
    // The last 50 are remembered, the ones before were dropped.
    expect(await store.claim('id:499', 'x', MINUTE)).toBe('done');
    expect(await store.claim('id:450', 'x', MINUTE)).toBe('done');
    expect(await store.claim('id:449', 'x', MINUTE)).toBe('claimed');
  });

  it('refuses a maxEntries that is not a whole number of at least 1', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => memoryStore({ maxEntries })).toThrow(RangeError);
    }
  });
});
