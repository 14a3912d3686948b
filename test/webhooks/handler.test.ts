// @vitest-environment node
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createWebhookHandler,
  memoryStore,
  type OrdergrooveEvent,
  signWebhook,
  type WebhookHandlerOptions,
  type WebhookStore,
} from '../../src/webhooks';

const KEY = 'handler-test-key-0123456789abcdef';
// The documented defaults (TSDoc of WebhookHandlerOptions).
const LEASE_MS = 120_000;
const KEEP_MS = 24 * 3600 * 1000;
const TOLERANCE_SECONDS = 12 * 3600;
const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN = 'eyJhbGciOiJFUzUxMiJ9.tok-abc.sig';

const reminder = (over: Record<string, unknown> = {}) => ({
  id: 'evt_0001',
  type: 'order.reminder',
  created: 1_750_000_000,
  data: { object: { type: 'order', one_click_token: TOKEN } },
  ...over,
});

const now = () => Math.floor(Date.now() / 1000);

/** A signed POST of `event` (an object, or the exact body text). */
const delivery = async (
  event: object | string,
  { secrets = KEY, ts = now(), headers = {} as Record<string, string> } = {},
): Promise<Request> => {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const header = await signWebhook({ body, secrets, ts });
  return new Request('https://relay.example/webhooks/ordergroove', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Ordergroove-Signature': header, ...headers },
    body,
  });
};

const read = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Record<string, string>,
});

/** A handler whose routes record what they got; `onError` calls are kept too. */
const setup = (options: Partial<WebhookHandlerOptions> = {}) => {
  const handled: OrdergrooveEvent[] = [];
  const errors: [unknown, unknown][] = [];
  const handler = createWebhookHandler({
    secrets: KEY,
    on: {
      'order.reminder': async (event) => {
        handled.push(event);
      },
    },
    onError: (error, context) => errors.push([error, context]),
    ...options,
  });
  return { handler, handled, errors };
};

/** A store that records every call and delegates to a memory store. */
const spyStore = (inner: WebhookStore = memoryStore()) => {
  const calls: [string, ...unknown[]][] = [];
  const store: WebhookStore = {
    claim: (...args) => {
      calls.push(['claim', ...args]);
      return inner.claim(...args);
    },
    renew: (...args) => {
      calls.push(['renew', ...args]);
      return inner.renew(...args);
    },
    complete: (...args) => {
      calls.push(['complete', ...args]);
      return inner.complete(...args);
    },
    release: (...args) => {
      calls.push(['release', ...args]);
      return inner.release(...args);
    },
  };
  return { store, calls };
};

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createWebhookHandler: handled and duplicate deliveries', () => {
  it('runs the route once with the verified event and answers 200 handled as JSON', async () => {
    const { handler, handled } = setup();
    const response = await handler(await delivery(reminder()));
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await read(response)).toEqual({ status: 200, body: { status: 'handled' } });
    expect(handled).toEqual([reminder()]);
  });

  it('answers 200 duplicate to the same event again, also re-signed later, without running the route', async () => {
    const { handler, handled } = setup();
    const ts = now();
    await handler(await delivery(reminder(), { ts }));
    expect(await read(await handler(await delivery(reminder(), { ts })))).toEqual({
      status: 200,
      body: { status: 'duplicate' },
    });
    // A retry signed again with a new ts, and a copy whose body differs but has the same id.
    await handler(await delivery(reminder(), { ts: ts + 600 }));
    await handler(await delivery(reminder({ created: 1 })));
    expect(handled).toHaveLength(1);
  });

  it('recognises events without an id by the SHA-256 of the raw body', async () => {
    const { store, calls } = spyStore();
    const { handler, handled } = setup({ store });
    const body = JSON.stringify(reminder({ id: undefined }));
    await handler(await delivery(body));
    await handler(await delivery(body));
    await handler(await delivery(`${body} `)); // other bytes: another event
    expect(handled).toHaveLength(2);
    const sha = createHash('sha256').update(body).digest('hex');
    expect(calls[0]).toEqual(['claim', `sha256:${sha}`, expect.any(String), LEASE_MS]);
    for (const id of ['', { a: 1 }, null, 'x'.repeat(257), 1.5]) {
      const calls2 = spyStore();
      await setup({ store: calls2.store }).handler(await delivery(reminder({ id })));
      expect(calls2.calls[0]?.[1]).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    const numeric = spyStore();
    await setup({ store: numeric.store }).handler(await delivery(reminder({ id: 42 })));
    expect(numeric.calls[0]?.[1]).toBe('id:42');
  });

  it('claims with a fresh owner per delivery, and keeps a done marker for a day by default', async () => {
    const { store, calls } = spyStore();
    const { handler } = setup({ store });
    await handler(await delivery(reminder({ id: 'a' })));
    await handler(await delivery(reminder({ id: 'b' })));
    const claims = calls.filter(([name]) => name === 'claim');
    expect(claims.map((call) => call[1])).toEqual(['id:a', 'id:b']);
    expect(claims[0]?.[2]).not.toBe(claims[1]?.[2]);
    expect(calls.filter(([name]) => name === 'complete')).toEqual([
      ['complete', 'id:a', KEEP_MS],
      ['complete', 'id:b', KEEP_MS],
    ]);
    const longer = spyStore();
    await setup({ store: longer.store, toleranceSeconds: 86_400 }).handler(
      await delivery(reminder()),
    );
    expect(longer.calls.at(-1)).toEqual(['complete', 'id:evt_0001', 2 * 86_400 * 1000]);
  });
});

describe('createWebhookHandler: routes', () => {
  it("prefers the event type's own route, else '*', and types the event", async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({
      secrets: KEY,
      on: {
        'order.reminder': (event) => {
          const type: 'order.reminder' = event.type;
          seen.push(`reminder:${type}`);
        },
        'subscription.cancel': (event) => {
          seen.push(`cancel:${event.data?.object?.one_click_token}`);
        },
        '*': (event) => {
          seen.push(`*:${event.type}`);
        },
      },
    });
    await handler(await delivery(reminder({ id: '1' })));
    await handler(await delivery(reminder({ id: '2', type: 'subscription.cancel' })));
    await handler(await delivery(reminder({ id: '3', type: 'subscription.create' })));
    expect(seen).toEqual(['reminder:order.reminder', `cancel:${TOKEN}`, '*:subscription.create']);
  });

  it('answers 200 ignored to a type without a route, without touching the store', async () => {
    const { store, calls } = spyStore();
    const { handler, handled } = setup({ store });
    for (const type of ['subscription.cancel', undefined, 42]) {
      expect(await read(await handler(await delivery(reminder({ type }))))).toEqual({
        status: 200,
        body: { status: 'ignored' },
      });
    }
    expect(handled).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('ignores inherited properties: a type named after an Object.prototype member has no route', async () => {
    const { handler, handled } = setup();
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const { body } = await read(await handler(await delivery(reminder({ id: type, type }))));
      expect(body).toEqual({ status: 'ignored' });
    }
    expect(handled).toEqual([]);
    const star: string[] = [];
    const withStar = createWebhookHandler({
      secrets: KEY,
      on: { '*': (event) => void star.push(String(event.type)) },
    });
    await withStar(await delivery(reminder({ type: '__proto__' })));
    expect(star).toEqual(['__proto__']);
  });
});

describe('createWebhookHandler: requests refused before anything runs', () => {
  it('answers 405 with Allow: POST to any other method', async () => {
    const { handler, handled } = setup();
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await handler(new Request('https://relay.example/', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      if (method !== 'HEAD') expect((await response.json()).error).toBe('method_not_allowed');
    }
    expect(handled).toEqual([]);
  });

  it('answers 400 missing_header without reading the body', async () => {
    const { handler } = setup();
    for (const header of [undefined, '', '   ']) {
      const request = new Request('https://relay.example/', {
        method: 'POST',
        body: JSON.stringify(reminder()),
        headers: header === undefined ? {} : { 'Ordergroove-Signature': header },
      });
      const { status, body } = await read(await handler(request));
      expect(status).toBe(400);
      expect(body.error).toBe('missing_header');
      expect(body.message).toContain('Ordergroove-Signature');
      expect(request.bodyUsed).toBe(false);
    }
  });

  it('answers 400 naming the failed check, never the secret, and runs nothing', async () => {
    const { store, calls } = spyStore();
    const { handler, handled } = setup({ store });
    const body = JSON.stringify(reminder());
    const signed = await signWebhook({ body, secrets: KEY });
    const ts = now();
    const cases: [Request, string][] = [
      [await delivery(reminder(), { secrets: 'another-key' }), 'signature_mismatch'],
      [
        await delivery(reminder(), { ts: ts - TOLERANCE_SECONDS - 1 }),
        'timestamp_out_of_tolerance',
      ],
      [
        await delivery(reminder(), { ts: ts + TOLERANCE_SECONDS + 5 }),
        'timestamp_out_of_tolerance',
      ],
      [await delivery('not json'), 'invalid_json'],
      [await delivery('[1,2]'), 'invalid_json'],
    ];
    for (const [header, code] of [
      ['ts=1,sig=xyz', 'malformed_header'],
      [`ts=${ts}`, 'no_signature'],
      // The signature's first hex digit changed (to another digit, whatever it was).
      [signed.replace(/sig=(.)/, (_, d) => `sig=${d === '0' ? '1' : '0'}`), 'signature_mismatch'],
    ]) {
      cases.push([
        new Request('https://relay.example/', {
          method: 'POST',
          headers: { 'Ordergroove-Signature': header as string },
          body,
        }),
        code as string,
      ]);
    }
    for (const [request, code] of cases) {
      const response = await handler(request);
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(JSON.parse(text).error).toBe(code);
      expect(JSON.parse(text).message.length).toBeGreaterThan(20);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TOKEN);
    }
    expect(handled).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('does not refuse a late retry for its age alone: 12 hours by default, either way', async () => {
    const { handler, handled } = setup();
    const ts = now();
    const late = await handler(await delivery(reminder({ id: 'late' }), { ts: ts - 11 * 3600 }));
    expect(late.status).toBe(200);
    const ahead = await handler(await delivery(reminder({ id: 'ahead' }), { ts: ts + 3600 }));
    expect(ahead.status).toBe(200);
    expect(handled.map((event) => event.id)).toEqual(['late', 'ahead']);
    const strict = setup({ toleranceSeconds: 300 });
    const refused = await strict.handler(await delivery(reminder(), { ts: ts - 301 }));
    expect((await read(refused)).body.error).toBe('timestamp_out_of_tolerance');
  });

  it('answers 413 to a body over maxBodyBytes, declared or streamed, and accepts one at the limit', async () => {
    const body = JSON.stringify(reminder());
    const size = new TextEncoder().encode(body).length;
    const { handler, handled } = setup({ maxBodyBytes: size });
    expect((await handler(await delivery(body))).status).toBe(200);

    const padded = JSON.stringify(reminder({ pad: 'x' }));
    const declared = await delivery(padded, {
      headers: { 'content-length': String(padded.length) },
    });
    expect(await read(await setup({ maxBodyBytes: size }).handler(declared))).toMatchObject({
      status: 413,
      body: { error: 'body_too_large' },
    });
    expect(declared.bodyUsed).toBe(false);

    // No content-length: counted while streaming, and refused once past the limit.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1000).fill(32));
      },
    });
    const streamed = new Request('https://relay.example/', {
      method: 'POST',
      headers: { 'Ordergroove-Signature': await signWebhook({ body, secrets: KEY }) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await setup({ maxBodyBytes: 4500 }).handler(streamed);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(6);
    expect(handled).toHaveLength(1);
    // The default limit: 1 MiB.
    const limit = setup();
    const huge = await delivery('x', { headers: { 'content-length': String(MAX_BODY_BYTES + 1) } });
    expect((await limit.handler(huge)).status).toBe(413);
    const atLimit = await delivery('x', { headers: { 'content-length': String(MAX_BODY_BYTES) } });
    expect((await limit.handler(atLimit)).status).not.toBe(413);
  });

  it('answers 400 unreadable_body when the body breaks off', async () => {
    const { handler, handled } = setup();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
        controller.error(new Error('connection reset'));
      },
    });
    const request = new Request('https://relay.example/', {
      method: 'POST',
      headers: { 'Ordergroove-Signature': `ts=${now()},sig=${'0'.repeat(64)}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await read(await handler(request))).toMatchObject({
      status: 400,
      body: { error: 'unreadable_body' },
    });
    expect(handled).toEqual([]);
  });
});

describe('createWebhookHandler: failures are retried, never lost', () => {
  it('answers 500 when the route throws, releases the claim, and the retry runs it', async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const { store, calls } = spyStore();
    const handler = createWebhookHandler({
      secrets: KEY,
      store,
      on: {
        'order.reminder': async (event) => {
          attempts++;
          if (attempts === 1)
            throw new Error(`ESP down while sending ${event.data?.object?.one_click_token}`);
        },
      },
      onError: (error, context) => errors.push([(error as Error).message, context]),
    });
    const first = await handler(await delivery(reminder()));
    const text = await first.text();
    expect(first.status).toBe(500);
    expect(JSON.parse(text).error).toBe('handler_failed');
    expect(text).not.toContain(TOKEN);
    expect(errors).toEqual([
      [
        `ESP down while sending ${TOKEN}`,
        { stage: 'handler', type: 'order.reminder', key: 'id:evt_0001' },
      ],
    ]);
    expect(calls.map(([name]) => name)).toEqual(['claim', 'release']);
    expect(calls[1]?.[2]).toBe(calls[0]?.[2]); // released by its owner

    expect(await read(await handler(await delivery(reminder())))).toEqual({
      status: 200,
      body: { status: 'handled' },
    });
    expect((await read(await handler(await delivery(reminder())))).body.status).toBe('duplicate');
    expect(attempts).toBe(2);
  });

  it('answers 503 in_progress to a concurrent duplicate; if the first attempt fails, the next retry handles it', async () => {
    const gate = deferred();
    let runs = 0;
    const handler = createWebhookHandler({
      secrets: KEY,
      on: {
        'order.reminder': async () => {
          runs++;
          if (runs === 1) await gate.promise;
        },
      },
      onError: () => {},
    });
    const first = handler(await delivery(reminder()));
    await vi.waitFor(() => expect(runs).toBe(1));
    const concurrent = await handler(await delivery(reminder()));
    expect(concurrent.status).toBe(503);
    expect(concurrent.headers.get('retry-after')).toBe('60');
    expect((await concurrent.json()).error).toBe('in_progress');
    gate.reject(new Error('first attempt failed'));
    expect((await first).status).toBe(500);
    expect((await handler(await delivery(reminder()))).status).toBe(200);
    expect(runs).toBe(2);
  });

  it('answers a duplicate once the concurrent first attempt succeeds', async () => {
    const gate = deferred();
    const { handler, handled } = setup({
      on: {
        'order.reminder': async (event) => {
          await gate.promise;
          handled.push(event);
        },
      },
    });
    const first = handler(await delivery(reminder()));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await handler(await delivery(reminder()))).status).toBe(503);
    gate.resolve();
    expect((await first).status).toBe(200);
    expect((await read(await handler(await delivery(reminder())))).body.status).toBe('duplicate');
    expect(handled).toHaveLength(1);
  });

  it('answers 503 store_unavailable when the claim fails, without running the route', async () => {
    const down = new Error('ECONNREFUSED 127.0.0.1:6379');
    const store: WebhookStore = {
      claim: () => Promise.reject(down),
      renew: () => Promise.resolve(true),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const { handler, handled, errors } = setup({ store });
    expect(await read(await handler(await delivery(reminder())))).toMatchObject({
      status: 503,
      body: { error: 'store_unavailable' },
    });
    expect(handled).toEqual([]);
    expect(errors).toEqual([
      [down, { stage: 'store', type: 'order.reminder', key: 'id:evt_0001' }],
    ]);
  });

  it('still answers 200 handled when only the done marker fails to be written, and reports it', async () => {
    const inner = memoryStore();
    const down = new Error('Redis went away');
    const store: WebhookStore = {
      claim: (...args) => inner.claim(...args),
      renew: (...args) => inner.renew(...args),
      complete: () => Promise.reject(down),
      release: (...args) => inner.release(...args),
    };
    const { handler, handled, errors } = setup({ store });
    expect((await read(await handler(await delivery(reminder())))).body.status).toBe('handled');
    expect(handled).toHaveLength(1);
    expect(errors).toEqual([[down, expect.objectContaining({ stage: 'store' })]]);
    // The claim is still held: a duplicate meanwhile is not run again.
    expect((await handler(await delivery(reminder()))).status).toBe(503);
    expect(handled).toHaveLength(1);
  });

  it('answers 500 when the route fails even if the release fails too (the claim then expires)', async () => {
    const inner = memoryStore();
    const store: WebhookStore = {
      claim: (...args) => inner.claim(...args),
      renew: (...args) => inner.renew(...args),
      complete: (...args) => inner.complete(...args),
      release: () => Promise.reject(new Error('release failed')),
    };
    const { handler, errors } = setup({
      store,
      on: {
        '*': () => {
          throw new Error('boom');
        },
      },
    });
    expect((await handler(await delivery(reminder()))).status).toBe(500);
    expect(errors.map(([, context]) => (context as { stage: string }).stage)).toEqual([
      'store',
      'handler',
    ]);
  });
});

describe('createWebhookHandler: misuse', () => {
  it('refuses bad options at creation with TypeError/RangeError, never quoting the secret', () => {
    const on = { '*': () => {} };
    const cases: [unknown, ErrorConstructor][] = [
      [undefined, TypeError],
      [{ secrets: KEY }, TypeError],
      [{ secrets: KEY, on: {} }, TypeError],
      [{ secrets: KEY, on: { '*': undefined } }, TypeError],
      [{ secrets: KEY, on: { 'order.reminder': 'send' } }, TypeError],
      [{ secrets: KEY, on, store: {} }, TypeError],
      [{ secrets: KEY, on, store: { claim() {}, complete() {} } }, TypeError],
      [{ secrets: KEY, on, store: { claim() {}, complete() {}, release() {} } }, TypeError],
      [{ secrets: KEY, on, leaseMs: 0 }, RangeError],
      [{ secrets: KEY, on, leaseMs: Number.POSITIVE_INFINITY }, RangeError],
      [{ secrets: KEY, on, storeTimeoutMs: -1 }, RangeError],
      [{ secrets: KEY, on, storeTimeoutMs: '2000' }, RangeError],
      [{ secrets: KEY, on, toleranceSeconds: Number.POSITIVE_INFINITY }, RangeError],
      [{ secrets: KEY, on, toleranceSeconds: -1 }, RangeError],
      [{ secrets: KEY, on, toleranceSeconds: '300' }, TypeError],
      [{ secrets: KEY, on, maxBodyBytes: 0 }, RangeError],
      [{ secrets: KEY, on, maxBodyBytes: 1.5 }, RangeError],
      [{ secrets: KEY, on, onError: 'log' }, TypeError],
    ];
    for (const [options, type] of cases) {
      let error: unknown;
      try {
        createWebhookHandler(options as WebhookHandlerOptions);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(/^createWebhookHandler: /);
      expect((error as Error).message).not.toContain(KEY);
    }
  });

  it('answers 500 internal_error to something that is not a Fetch Request, and to a used body', async () => {
    const { handler, errors } = setup();
    const nodeLike = { method: 'POST', headers: { 'ordergroove-signature': 'x' } };
    expect((await read(await handler(nodeLike as never))).body.error).toBe('internal_error');
    const used = await delivery(reminder());
    await used.text();
    expect((await handler(used)).status).toBe(500);
    expect(errors.map(([error]) => (error as Error).message)).toEqual([
      expect.stringContaining('toNodeListener'),
      expect.stringContaining('already read'),
    ]);
  });

  it('by default logs a failed route without its error (it may quote a token)', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = createWebhookHandler({
      secrets: KEY,
      on: {
        '*': (event) => {
          throw new Error(`could not send ${event.data?.object?.one_click_token}`);
        },
      },
    });
    expect((await handler(await delivery(reminder()))).status).toBe(500);
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(log.mock.calls)).not.toContain(TOKEN);
    expect(String(log.mock.calls[0]?.[0])).toContain('onError');
  });

  it('a throwing onError does not change the answer', async () => {
    const { handler } = setup({
      on: {
        '*': () => {
          throw new Error('route');
        },
      },
      onError: () => {
        throw new Error('reporter');
      },
    });
    expect((await handler(await delivery(reminder()))).status).toBe(500);
  });
});

describe('createWebhookHandler: secrets read when a delivery arrives', () => {
  it('is created without a secret (module scope at build time), answers 500 invalid_secrets, and reports it once', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const routes: unknown[] = [];
    const env: { OG_WEBHOOK_KEY?: string } = {};
    // An unset environment variable, passed as a value and through a function.
    const handlers = [
      createWebhookHandler({
        secrets: env.OG_WEBHOOK_KEY,
        on: { '*': (e) => void routes.push(e) },
      }),
      createWebhookHandler({
        secrets: () => env.OG_WEBHOOK_KEY,
        on: { '*': (e) => void routes.push(e) },
      }),
    ];
    for (const handler of handlers) {
      for (let i = 0; i < 3; i++) {
        const { status, body } = await read(await handler(await delivery(reminder())));
        expect(status).toBe(500);
        expect(body.error).toBe('invalid_secrets');
        expect(body.message).toBe(
          'createWebhookHandler: secrets must be your Ordergroove webhook verification key (a string) or a list of keys, but got undefined. If it comes from an environment variable, check that it is set.',
        );
      }
    }
    expect(routes).toEqual([]);
    // Logged once per handler, with the same message.
    expect(log).toHaveBeenCalledTimes(2);
    for (const call of log.mock.calls) {
      expect(String(call[0])).toContain(
        'secrets must be your Ordergroove webhook verification key',
      );
    }
  });

  it('reads a secrets function on each delivery: a key set later, or rotated, is used without a restart', async () => {
    const env: { OG_WEBHOOK_KEY?: string } = {};
    const { handler, handled, errors } = setup({ secrets: () => env.OG_WEBHOOK_KEY });
    expect((await handler(await delivery(reminder({ id: 'a' })))).status).toBe(500);
    env.OG_WEBHOOK_KEY = KEY;
    expect((await handler(await delivery(reminder({ id: 'a' })))).status).toBe(200);
    env.OG_WEBHOOK_KEY = 'rotated-key-0123456789';
    expect((await handler(await delivery(reminder({ id: 'b' })))).status).toBe(400);
    const rotated = await delivery(reminder({ id: 'b' }), { secrets: 'rotated-key-0123456789' });
    expect((await handler(rotated)).status).toBe(200);
    expect(handled.map((event) => event.id)).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toEqual({ stage: 'secrets', type: '', key: '' });
  });

  it('answers 500 naming the problem for an empty key or a throwing secrets function, never quoting a key', async () => {
    const blank = setup({ secrets: ['  '] });
    const answer = await read(await blank.handler(await delivery(reminder())));
    expect(answer).toEqual({
      status: 500,
      body: {
        error: 'invalid_secrets',
        message: 'createWebhookHandler: secrets[0] is empty or only whitespace.',
      },
    });
    const failure = new Error('vault unreachable');
    const vault = setup({
      secrets: () => {
        throw failure;
      },
    });
    const message =
      "createWebhookHandler: the secrets function threw (its error is this error's cause).";
    for (let i = 0; i < 2; i++) {
      const text = await (await vault.handler(await delivery(reminder()))).text();
      expect(JSON.parse(text)).toEqual({ error: 'invalid_secrets', message });
    }
    // Reported once, with the function's error as the cause.
    expect(vault.errors).toHaveLength(1);
    const [reported, context] = vault.errors[0] as [Error, unknown];
    expect(reported.message).toBe(message);
    expect(reported.cause).toBe(failure);
    expect(context).toEqual({ stage: 'secrets', type: '', key: '' });
  });
});

describe('createWebhookHandler: store deadline', () => {
  /** A memory store whose chosen methods never answer (a client queueing while offline). */
  const hungStore = (hung: (keyof WebhookStore)[]) => {
    const inner = memoryStore();
    const calls: string[] = [];
    const store = {} as WebhookStore;
    for (const name of ['claim', 'renew', 'complete', 'release'] as const) {
      store[name] = ((...args: never[]) => {
        calls.push(name);
        if (hung.includes(name)) return new Promise(() => {});
        return (inner[name] as (...a: never[]) => Promise<unknown>)(...args);
      }) as never;
    }
    return { store, calls, inner };
  };

  it('answers 503 store_unavailable when the claim misses the deadline, runs nothing, and releases the claim', async () => {
    const { store, calls } = hungStore(['claim']);
    const { handler, handled, errors } = setup({ store, storeTimeoutMs: 100 });
    const started = performance.now();
    const { status, body } = await read(await handler(await delivery(reminder())));
    const waited = performance.now() - started;
    expect(status).toBe(503);
    expect(body.error).toBe('store_unavailable');
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(1000);
    expect(handled).toEqual([]);
    expect(calls).toEqual(['claim', 'release']); // in case the claim lands late
    expect(errors.map(([error]) => (error as Error).message)).toEqual([
      'The store did not answer within 100 ms.',
    ]);
  });

  it('waits 2 seconds for the store by default', async () => {
    const { store } = hungStore(['claim']);
    const { handler } = setup({ store });
    const started = performance.now();
    expect((await handler(await delivery(reminder()))).status).toBe(503);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1990);
    expect(waited).toBeLessThan(3500);
  });

  it('answers 503 and runs nothing when the claim throws synchronously', async () => {
    const store = {
      ...memoryStore(),
      claim: () => {
        throw new Error('not connected');
      },
    } as unknown as WebhookStore;
    const { handler, handled } = setup({
      store: {
        claim: store.claim,
        renew: async () => true,
        complete: async () => {},
        release: async () => {},
      },
    });
    expect((await handler(await delivery(reminder()))).status).toBe(503);
    expect(handled).toEqual([]);
  });

  it('answers 200 handled within the deadline when the done marker hangs after the route ran', async () => {
    const { store } = hungStore(['complete']);
    const { handler, handled, errors } = setup({ store, storeTimeoutMs: 100 });
    expect((await read(await handler(await delivery(reminder())))).body.status).toBe('handled');
    expect(handled).toHaveLength(1);
    expect(errors.map(([, context]) => (context as { stage: string }).stage)).toEqual(['store']);
  });
});

describe('createWebhookHandler: leases renewed while the route runs', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('renews the claim every third of the lease: a route three leases long is handled once, copies meanwhile get 503 in_progress', async () => {
    const { store, calls } = spyStore();
    const gate = deferred();
    let runs = 0;
    const { handler, errors } = setup({
      store,
      leaseMs: 150,
      on: {
        'order.reminder': async () => {
          runs++;
          await gate.promise; // ends once three leases have passed and the copies were answered
        },
      },
    });
    const started = performance.now();
    const first = handler(await delivery(reminder()));
    const copies: string[] = [];
    while (performance.now() - started < 3 * 150) {
      await sleep(80);
      copies.push((await read(await handler(await delivery(reminder())))).body.error ?? 'ok');
    }
    const ran = performance.now() - started;
    gate.resolve();
    expect((await read(await first)).body.status).toBe('handled');
    expect(copies.length).toBeGreaterThanOrEqual(3);
    expect(copies.every((answer) => answer === 'in_progress')).toBe(true);
    expect((await read(await handler(await delivery(reminder())))).body.status).toBe('duplicate');
    expect(runs).toBe(1);
    const renewals = calls.filter(([name]) => name === 'renew');
    // One every 50 ms (timers run late on a busy machine, never early).
    expect(renewals.length).toBeGreaterThanOrEqual(3);
    expect(renewals.length).toBeLessThanOrEqual(Math.ceil(ran / 50) + 1);
    expect(renewals[0]?.slice(1)).toEqual(['id:evt_0001', calls[0]?.[2], 150]);
    expect(errors).toEqual([]);
  });

  it('without renewals (the process died), the claim lapses within one lease and a retry handles the event', async () => {
    const inner = memoryStore();
    // The first relay's route never ends and its renewals never reach the store.
    const dead = createWebhookHandler({
      secrets: KEY,
      leaseMs: 200,
      store: { ...bind(inner), renew: () => new Promise(() => {}) },
      storeTimeoutMs: 50,
      on: { '*': () => new Promise(() => {}) },
      onError: () => {},
    });
    void dead(await delivery(reminder()));
    await sleep(20);
    const alive = setup({ store: inner, leaseMs: 200 });
    expect((await read(await alive.handler(await delivery(reminder())))).body.error).toBe(
      'in_progress',
    );
    await sleep(200);
    expect((await read(await alive.handler(await delivery(reminder())))).body.status).toBe(
      'handled',
    );
    expect(alive.handled).toHaveLength(1);
  });

  it('reports a renewal that finds the claim gone', async () => {
    const inner = memoryStore();
    const { handler, errors } = setup({
      store: { ...bind(inner), renew: async () => false },
      leaseMs: 90,
      on: { '*': () => sleep(60) },
    });
    expect((await handler(await delivery(reminder()))).status).toBe(200);
    expect(errors.map(([error, context]) => [(error as Error).message, context])).toEqual([
      [
        expect.stringContaining('lapsed while its route ran'),
        { stage: 'store', type: 'order.reminder', key: 'id:evt_0001' },
      ],
    ]);
  });
});

/** The methods of a store, bound, so that they can be spread into another object. */
function bind(store: WebhookStore): WebhookStore {
  return {
    claim: store.claim.bind(store),
    renew: store.renew.bind(store),
    complete: store.complete.bind(store),
    release: store.release.bind(store),
  };
}
