// One request per token per browser while it is in flight (src/tabs.ts), against an
// in-memory Web Locks manager and Node's BroadcastChannel (which, like a browser's, carries
// messages between every channel of the same name). Two `once()` calls stand for two tabs.
// The real thing — two pages of one Chromium context — is in e2e/tabs.spec.ts.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Answer } from '../../src/request';
import { once } from '../../src/tabs';

interface Request {
  name: string;
  grant: () => void;
}

/**
 * A LockManager with exclusive locks, `ifAvailable`, `signal` and `query()`, as the Web
 * Locks API describes them. `drop(name)` releases a held lock without its callback ending:
 * what a tab that closes does.
 */
const lockManager = () => {
  const held = new Map<string, { release: () => void }>();
  const pending: Request[] = [];
  const next = (name: string) => {
    const index = pending.findIndex((request) => request.name === name);
    if (index >= 0) pending.splice(index, 1)[0]!.grant();
  };
  const manager = {
    request(
      name: string,
      options: { ifAvailable?: boolean; signal?: AbortSignal },
      callback: (lock: { name: string } | null) => Promise<unknown> | unknown,
    ) {
      return new Promise((resolve, reject) => {
        // Granting takes the lock at once; the callback runs a task later, as in a browser.
        const grant = () => {
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            held.delete(name);
            next(name);
          };
          held.set(name, { release });
          setTimeout(() =>
            Promise.resolve()
              .then(() => callback({ name }))
              .then(resolve, reject)
              .finally(release),
          );
        };
        if (!held.has(name)) return grant();
        if (options.ifAvailable)
          return setTimeout(() => Promise.resolve(callback(null)).then(resolve, reject));
        if (options.signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
        const request = { name, grant };
        pending.push(request);
        options.signal?.addEventListener('abort', () => {
          const index = pending.indexOf(request);
          if (index >= 0) pending.splice(index, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
    async query() {
      return {
        held: [...held.keys()].map((name) => ({ name })),
        pending: pending.map(({ name }) => ({ name })),
      };
    },
    drop: (name: string) => held.get(name)?.release(),
    held,
    pending,
  };
  return manager;
};

let locks: ReturnType<typeof lockManager>;
beforeEach(() => {
  locks = lockManager();
  Object.defineProperty(navigator, 'locks', { configurable: true, value: locks });
});
afterEach(() => {
  Object.defineProperty(navigator, 'locks', { configurable: true, value: null });
});

/** A send that answers `answer` after `ms`, counting calls. */
const sender = (answer: Answer, ms = 30) => {
  const send = vi.fn(() => new Promise<Answer>((resolve) => setTimeout(() => resolve(answer), ms)));
  return send;
};
const KEY = 'k1';

describe('two tabs on the same link at the same moment', () => {
  test.each([
    ['a success', {}],
    ['an error', { code: 'expired_token', reason: 'token expired' }],
    ['an ambiguous outcome', { code: 'network' }],
  ] as [string, Answer][])('one request, both get %s', async (_, answer) => {
    const first = sender(answer);
    const second = sender({ code: 'server' });
    const [a, b] = await Promise.all([once(KEY, first), once(KEY, second)]);
    expect(first.mock.calls.length + second.mock.calls.length).toBe(1);
    expect(a).toEqual(answer.code ? answer : {});
    expect(b).toEqual(a.code ? a : { code: undefined });
    // Nothing is left behind: no lock held, no request waiting.
    await vi.waitFor(() => expect(locks.held.size + locks.pending.length).toBe(0));
  });

  test('three tabs: still one request, all get the answer', async () => {
    const sends = [sender({}), sender({}), sender({})];
    const answers = await Promise.all(sends.map((send) => once(KEY, send)));
    expect(sends.reduce((sum, send) => sum + send.mock.calls.length, 0)).toBe(1);
    expect(answers.every((answer) => !answer.code)).toBe(true);
  });

  test('the sender keeps the lock until the waiting tab has the answer', async () => {
    const waiterGotIt = vi.fn();
    const sending = once(KEY, sender({}, 50));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const waiting = once(KEY, sender({ code: 'server' })).then(waiterGotIt);
    await sending;
    // The waiter was answered by message, never by the lock coming free.
    await waiting;
    expect(waiterGotIt).toHaveBeenCalledWith({ code: undefined });
  });

  test('a different token is not held up', async () => {
    const slow = sender({}, 200);
    const other = sender({}, 1);
    const started = Date.now();
    await once('k2', other);
    expect(Date.now() - started).toBeLessThan(150);
    await Promise.all([once(KEY, slow)]);
    expect(other).toHaveBeenCalledTimes(1);
  });
});

describe('the sending tab closes mid-flight', () => {
  test('the waiting tab gets network (ambiguous), sends nothing, and its Try again may', async () => {
    const never = vi.fn(() => new Promise<Answer>(() => {}));
    void once(KEY, never);
    await vi.waitFor(() => expect(never).toHaveBeenCalledTimes(1));
    const waiterSend = sender({});
    const waiting = once(KEY, waiterSend);
    await vi.waitFor(() => expect(locks.pending).toHaveLength(1));
    locks.drop(`og-oca ${KEY}`); // the first tab is gone: its lock with it, no answer posted
    expect(await waiting).toEqual({ code: 'network' });
    expect(waiterSend).not.toHaveBeenCalled();
    // "Try again" in the remaining tab (a person's click, a moment later): it gets the lock and sends.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await once(KEY, waiterSend)).toEqual({});
    expect(waiterSend).toHaveBeenCalledTimes(1);
  });
});

describe('where tabs cannot share', () => {
  test('no Web Locks: each page sends for itself', async () => {
    Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined });
    const [a, b] = [sender({}), sender({})];
    await Promise.all([once(KEY, a), once(KEY, b)]);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });

  test('Web Locks refused (an opaque origin): the page sends for itself', async () => {
    Object.defineProperty(navigator, 'locks', {
      configurable: true,
      value: { request: () => Promise.reject(new DOMException('denied', 'SecurityError')) },
    });
    const send = sender({ code: 'used_token' });
    expect(await once(KEY, send)).toEqual({ code: 'used_token' });
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('messages from other tabs are outside data', () => {
  /** A waiting tab, and a forged answer posted on its channel while another tab holds the lock. */
  const forge = async (answer: unknown) => {
    const never = vi.fn(() => new Promise<Answer>(() => {}));
    void locks.request(`og-oca ${KEY}`, {}, () => new Promise(() => {}));
    const waiting = once(KEY, never);
    await vi.waitFor(() => expect(locks.pending).toHaveLength(1));
    const forger = new BroadcastChannel(`og-oca ${KEY}`);
    forger.postMessage({ answer });
    forger.close();
    const result = await waiting;
    expect(never).not.toHaveBeenCalled();
    return result;
  };

  test('an unknown code is read as network', async () => {
    expect(await forge({ code: '__proto__', reason: 'whatever' })).toEqual({ code: 'network' });
  });

  test('a known code keeps at most 200 characters of reason and nothing else', async () => {
    expect(await forge({ code: 'rejected', reason: 'x'.repeat(500), token: 'leak' })).toEqual({
      code: 'rejected',
      reason: 'x'.repeat(200),
    });
  });
});
