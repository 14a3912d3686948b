// Tabs on the same link share the true outcome (src/tabs.ts), over Node's BroadcastChannel,
// which like a browser's carries messages between every channel of the same name in the
// process. Each `joinTabs()` stands for one tab. The real thing — pages of one Chromium
// context, a hostile tab among them — is in e2e/tabs.spec.ts.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { GRACE, joinTabs } from '../../src/tabs';

const TOKEN = 'token-of-the-link';
const TIMEOUT = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The names of the channels og-oca opened in this test. */
let names: string[];
const Native = globalThis.BroadcastChannel;
beforeEach(() => {
  names = [];
  globalThis.BroadcastChannel = class extends Native {
    constructor(name: string) {
      super(name);
      names.push(name);
    }
  };
});
// (A tab that settled before it joined joins after its test, before the next: test/setup.ts.)
afterEach(() => {
  globalThis.BroadcastChannel = Native;
});

/** Resolves once `count` tabs of this test are on their channel (a tab joins as it sends). */
const joined = (count: number) => vi.waitFor(() => expect(names).toHaveLength(count));

/** Milliseconds `promise` takes, and its value. */
const timed = async <T>(promise: Promise<T>) => {
  const started = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - started };
};

describe('a tab answered "used"', () => {
  test('shows the success another tab got for the same token', async () => {
    const first = joinTabs(TOKEN, TIMEOUT);
    const second = joinTabs(TOKEN, TIMEOUT);
    expect(await first.settle(undefined)).toBe(false);
    const { value, ms } = await timed(second.settle('used_token'));
    expect(value).toBe(true);
    expect(ms).toBeLessThan(GRACE);
  });

  test('waits for a tab whose request is still out, and shows its success', async () => {
    const first = joinTabs(TOKEN, TIMEOUT);
    await joined(1);
    const second = joinTabs(TOKEN, TIMEOUT);
    const asked = second.settle('used_token');
    await sleep(GRACE + 200);
    void first.settle(undefined);
    expect(await asked).toBe(true);
  });

  test('keeps its "used" when the other tab ends in an error', async () => {
    const first = joinTabs(TOKEN, TIMEOUT);
    await joined(1);
    const second = joinTabs(TOKEN, TIMEOUT);
    const asked = timed(second.settle('used_token'));
    await sleep(GRACE + 200);
    void first.settle('expired_token');
    const { value, ms } = await asked;
    expect(value).toBe(false);
    // It waited for the sending tab's answer, past the grace, and no longer.
    expect(ms).toBeGreaterThanOrEqual(GRACE + 150);
    expect(ms).toBeLessThan(TIMEOUT);
  });

  test('alone, keeps its "used" after a short wait', async () => {
    const { value, ms } = await timed(joinTabs(TOKEN, TIMEOUT).settle('used_token'));
    expect(value).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(GRACE - 5);
    expect(ms).toBeLessThan(GRACE + 400);
  });

  test('keeps its "used" at the timeout when the sending tab closed mid-flight', async () => {
    joinTabs(TOKEN, 1_000); // sends, and never answers: the tab was closed
    await joined(1);
    const { value, ms } = await timed(joinTabs(TOKEN, 1_000).settle('used_token'));
    expect(value).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(995);
  });

  test('is not answered by a tab on another token', async () => {
    const other = joinTabs('another-token', TIMEOUT);
    await other.settle(undefined);
    expect(await joinTabs(TOKEN, TIMEOUT).settle('used_token')).toBe(false);
  });

  test('is not answered after the success was offered for `timeout` ms', async () => {
    await joinTabs(TOKEN, 300).settle(undefined);
    await sleep(400);
    expect(await joinTabs(TOKEN, 300).settle('used_token')).toBe(false);
  });

  test('an error is never turned into a success', async () => {
    await joinTabs(TOKEN, TIMEOUT).settle(undefined);
    expect(await joinTabs(TOKEN, TIMEOUT).settle('expired_token')).toBe(false);
    expect(await joinTabs(TOKEN, TIMEOUT).settle('network')).toBe(false);
  });
});

describe('a tab answered anything but "used"', () => {
  test('has its outcome at once, without waiting to join the other tabs', async () => {
    // Digests that never finish: the tab never gets onto the channel.
    vi.spyOn(crypto.subtle, 'digest').mockImplementation(() => new Promise(() => {}));
    for (const code of [undefined, 'expired_token', 'network', 'server'])
      expect(await timed(joinTabs(TOKEN, TIMEOUT).settle(code))).toMatchObject({ value: false });
    const { ms } = await timed(joinTabs(TOKEN, TIMEOUT).settle(undefined));
    expect(ms).toBeLessThan(50);
  });
});

describe('messages from other tabs are outside data', () => {
  test('the channel is named by a digest: neither the token nor a fixed name', async () => {
    // The tab joins as its request leaves; its answer does not wait for that.
    joinTabs(TOKEN, 100);
    await vi.waitFor(() => expect(names).toHaveLength(1));
    expect(names[0]).toMatch(/^og-oca [0-9a-f]{64}$/);
    expect(names[0]).not.toContain(TOKEN);
    joinTabs('another-token', 100);
    await vi.waitFor(() => expect(names).toHaveLength(2));
    expect(names[1]).not.toBe(names[0]);
  });

  test('a tab that knows the channel but not the token cannot make a success count', async () => {
    const alone = joinTabs(TOKEN, TIMEOUT);
    await sleep(50);
    // A hostile tab of the same origin, on the channel, answering every message it sees.
    const hostile = new Native(names[0]!);
    const forged = [
      { kind: 'success', from: 'x' },
      { proof: '', kind: 'success', from: 'x' },
      { proof: 'f'.repeat(64), kind: 'success', from: 'x' },
      { proof: null, kind: 'success', from: 'x', __proto__: { proof: 'x' } },
      'success',
      null,
    ];
    hostile.onmessage = () => {
      for (const message of forged) hostile.postMessage(message);
    };
    for (const message of forged) hostile.postMessage(message);
    expect(await alone.settle('used_token')).toBe(false);
    hostile.close();
  });

  test('a forged "sending" cannot hold a tab past the timeout', async () => {
    const alone = joinTabs(TOKEN, 1_000);
    await sleep(50);
    const hostile = new Native(names[0]!);
    hostile.onmessage = () => hostile.postMessage({ kind: 'sending', from: 'x' });
    const { value, ms } = await timed(alone.settle('used_token'));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(GRACE + 400);
    hostile.close();
  });
});

describe('where tabs cannot share', () => {
  test('no BroadcastChannel: a "used" stays "used", without waiting', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const { value, ms } = await timed(joinTabs(TOKEN, TIMEOUT).settle('used_token'));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(GRACE);
    vi.unstubAllGlobals();
  });

  test('no Web Crypto (a page not served over https): the same', async () => {
    vi.stubGlobal('crypto', {});
    const { value, ms } = await timed(joinTabs(TOKEN, TIMEOUT).settle('used_token'));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(GRACE);
    vi.unstubAllGlobals();
  });
});
