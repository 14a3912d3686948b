// @vitest-environment node
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeOrdergroove,
  type FakeOrdergroove,
  ordergrooveHandlers,
  startFakeOrdergroove,
} from '../../src/testing/index.ts';

const TOKEN_PATTERN = /^[\w.~+/=-]{4,4096}$/;
const PROD = 'https://restapi.ordergroove.com';

/** Decodes one base64url JWT segment. */
const segment = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));

describe('model', () => {
  it('mints realistic, unique JWT-shaped tokens that match the SDK token pattern', () => {
    const fake = createFakeOrdergroove();
    const tokens = Array.from({ length: 50 }, () => fake.mint());
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(TOKEN_PATTERN);
      expect(token.startsWith('eyJ')).toBe(true);
      const parts = token.split('.');
      expect(parts).toHaveLength(3);
      expect(segment(parts[0])).toMatchObject({ alg: 'ES512', typ: 'JWT' });
      expect(segment(parts[1])).toMatchObject({ iss: 'fake-ordergroove' });
    }
  });

  it('mints old-style base64 tokens containing + / =', () => {
    const fake = createFakeOrdergroove();
    for (let i = 0; i < 20; i += 1) {
      const token = fake.mint({ format: 'base64' });
      expect(token).toMatch(TOKEN_PATTERN);
      expect(token).toMatch(/\+/);
      expect(token).toMatch(/\//);
      expect(token).toMatch(/=$/);
    }
  });

  it('rejects bad specs with a TypeError', () => {
    const fake = createFakeOrdergroove();
    expect(() => fake.mint({ action: 'pause' as never })).toThrow(TypeError);
    expect(() => fake.mint({ state: 'revoked' as never })).toThrow(/state/);
    expect(() => fake.mint({ fault: 'boom' as never })).toThrow(/fault/);
    expect(() => fake.mint({ fault: 'error500', faultTimes: -1 })).toThrow(/faultTimes/);
    expect(() => fake.mint({ fault: 'slow', delayMs: 1.5 })).toThrow(/delayMs/);
    expect(() => fake.mint(null as never)).toThrow(TypeError);
  });

  it('never trusts the payload: a re-signed token claiming another action is unknown', async () => {
    const fake = createFakeOrdergroove();
    const token = fake.mint({ action: 'skip' });
    const [header, payload, sig] = token.split('.');
    const claims = segment(payload);
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, debug: { action: '*' } })).toString('base64url')}.${sig}`;
    const answer = await fake.handle({ path: '/one_click/delay', query: { token: forged } });
    expect(answer).toMatchObject({ status: 400, body: '{"error":"invalid token"}' });
    expect(fake.inspect(token)?.state).toBe('valid');
  });

  it('accepts plain-object queries, array values and a ?query suffix on the path', async () => {
    const fake = createFakeOrdergroove();
    const a = fake.mint();
    const b = fake.mint();
    expect(
      await fake.handle({ path: '/one_click/skip', query: { token: [a, 'x'] } }),
    ).toMatchObject({
      status: 200,
    });
    expect(await fake.handle({ path: `/one_click/delay?token=${b}&days=30` })).toMatchObject({
      status: 200,
    });
    const c = fake.mint();
    const repeated = new URLSearchParams([
      ['token', c],
      ['token', 'junk'],
    ]);
    expect(await fake.handle({ path: '/one_click/skip', query: repeated })).toMatchObject({
      status: 200,
    });
    expect(fake.requests[1]).toMatchObject({
      path: '/one_click/delay',
      query: { token: b, days: '30' },
    });
    expect(fake.performed.map((p) => [p.action, p.params])).toEqual([
      ['skip', {}],
      ['delay', { days: '30' }],
      ['skip', {}],
    ]);
  });

  it('waits latencyMs on every answer through the transport-supplied sleep', async () => {
    const fake = createFakeOrdergroove({ latencyMs: 100 });
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await fake.handle({ method: 'OPTIONS', path: '/one_click/skip' }, { sleep });
    await fake.handle({ path: '/nope' }, { sleep });
    await fake.handle({ path: '/one_click/skip', query: { token: fake.mint() } }, { sleep });
    expect(waits).toEqual([100, 100, 100]);
  });

  it('carries a request out on arrival, then waits latency and slow before answering', async () => {
    const fake = createFakeOrdergroove({ latencyMs: 50 });
    const token = fake.mint({ fault: 'slow', delayMs: 200 });
    const seen: Array<[number, number]> = [];
    const sleep = async (ms: number) => {
      seen.push([ms, fake.performed.length]);
    };
    await fake.handle({ path: '/one_click/skip', query: { token } }, { sleep });
    expect(seen).toEqual([
      [50, 1],
      [200, 1],
    ]);
  });

  it('a client that aborts during the wait leaves the action carried out', async () => {
    const fake = createFakeOrdergroove();
    const token = fake.mint({ fault: 'slow', delayMs: 60_000 });
    const aborter = new AbortController();
    const pending = fake.handle(
      { path: '/one_click/skip', query: { token } },
      { signal: aborter.signal },
    );
    aborter.abort();
    await pending; // the wait ends early; nobody reads the answer
    expect(fake.inspect(token)?.state).toBe('used');
    expect(fake.performed).toEqual([{ action: 'skip', token, params: {} }]);
  });

  it('lost carries the request out and drops the answer; reset drops it before', async () => {
    const fake = createFakeOrdergroove();
    const lost = fake.mint({ fault: 'lost' });
    const reset = fake.mint({ fault: 'reset' });
    expect(await fake.handle({ path: '/one_click/skip', query: { token: lost } })).toEqual({
      fault: 'lost',
    });
    expect(await fake.handle({ path: '/one_click/skip', query: { token: reset } })).toEqual({
      fault: 'reset',
    });
    expect(fake.performed.map((p) => p.token)).toEqual([lost]);
    expect(fake.inspect(reset)?.state).toBe('valid');
  });

  it('reset() forgets tokens and clears both logs in place', async () => {
    const fake = createFakeOrdergroove();
    const { requests, performed } = fake;
    const token = fake.mint();
    await fake.handle({ path: '/one_click/skip', query: { token } });
    expect(requests).toHaveLength(1);
    expect(performed).toHaveLength(1);
    fake.reset();
    expect(requests).toHaveLength(0);
    expect(performed).toHaveLength(0);
    expect(fake.inspect(token)).toBeUndefined();
  });
});

interface Transport {
  name: string;
  /** Serves `fake`; returns the API base to call. */
  open(fake: FakeOrdergroove): Promise<string>;
  close(): Promise<void>;
}

const mswServer = setupServer();

const httpTransport = (): Transport => {
  let close = async () => {};
  return {
    name: 'real HTTP (startFakeOrdergroove)',
    async open(fake) {
      const running = await startFakeOrdergroove({ port: 0, fake });
      close = running.close;
      return running.url;
    },
    close: () => close(),
  };
};

const mswTransport = (): Transport => ({
  name: 'msw (ordergrooveHandlers + setupServer)',
  async open(fake) {
    mswServer.use(...(await ordergrooveHandlers(fake)));
    return PROD;
  },
  async close() {
    mswServer.resetHandlers();
  },
});

describe.each([httpTransport(), mswTransport()])('API through $name', (transport) => {
  let fake: FakeOrdergroove;
  let base: string;

  beforeAll(() => {
    if (transport.name.startsWith('msw')) mswServer.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => {
    if (transport.name.startsWith('msw')) mswServer.close();
  });
  beforeEach(async () => {
    fake = createFakeOrdergroove();
    base = await transport.open(fake);
  });
  afterEach(() => transport.close());

  const call = (action: string, params: Record<string, string>, init?: RequestInit) =>
    fetch(`${base}/one_click/${action}?${new URLSearchParams(params)}`, init);

  const expectError = async (response: Response, status: number, error: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error });
  };

  it.each([
    ['delay', { days: '21' }],
    ['delay', {}],
    ['skip', {}],
    ['reactivate', { winback_id: 'WB-SPRING-15' }],
    ['reactivate', {}],
    ['upsell', { product: 'SKU-COLDBREW-12', quantity: '2' }],
    ['upsell', { product: 'SKU-COLDBREW-12' }],
  ] as const)('%s %o succeeds with 200 {} and CORS, and is recorded', async (action, params) => {
    const token = fake.mint({ action });
    const response = await call(action, { token, ...params });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({});
    expect(fake.performed).toEqual([{ action, token, params }]);
    expect(fake.inspect(token)?.state).toBe('used');
  });

  it('tokens are single use: the second call gets "token already used"', async () => {
    const token = fake.mint();
    expect((await call('skip', { token })).status).toBe(200);
    await expectError(await call('skip', { token }), 400, 'token already used');
    await expectError(await call('delay', { token, days: '14' }), 400, 'token already used');
    expect(fake.performed).toHaveLength(1);
  });

  it('a token minted as used is rejected as used', async () => {
    await expectError(
      await call('skip', { token: fake.mint({ state: 'used' }) }),
      400,
      'token already used',
    );
  });

  it('an expired token is rejected and nothing is carried out', async () => {
    const token = fake.mint({ state: 'expired' });
    await expectError(await call('delay', { token }), 400, 'token expired');
    expect(fake.performed).toHaveLength(0);
  });

  it('an unknown token is rejected', async () => {
    await expectError(
      await call('skip', { token: 'eyJhbGciOiJub25lIn0.e30.c2ln' }),
      400,
      'invalid token',
    );
  });

  it('a missing or empty token is rejected', async () => {
    await expectError(await call('skip', {}), 400, 'missing token');
    await expectError(await call('skip', { token: '' }), 400, 'missing token');
  });

  it('a token minted for another action is rejected and stays usable for its own', async () => {
    const token = fake.mint({ action: 'skip' });
    await expectError(
      await call('delay', { token, days: '14' }),
      400,
      'token not valid for this action',
    );
    expect(fake.inspect(token)?.state).toBe('valid');
    expect((await call('skip', { token })).status).toBe(200);
  });

  it.each(['0', '366', '-1', '2.5', '1e3', 'abc', '', '14 '])(
    'days=%j is rejected without consuming the token',
    async (days) => {
      const token = fake.mint();
      await expectError(await call('delay', { token, days }), 400, 'invalid days');
      expect(fake.inspect(token)?.state).toBe('valid');
      expect((await call('delay', { token, days: '365' })).status).toBe(200);
    },
  );

  it('days 1 and 365 are accepted', async () => {
    expect((await call('delay', { token: fake.mint(), days: '1' })).status).toBe(200);
    expect((await call('delay', { token: fake.mint(), days: '365' })).status).toBe(200);
  });

  it('upsell needs a product and a sane quantity', async () => {
    const token = fake.mint();
    await expectError(await call('upsell', { token }), 400, 'invalid product');
    await expectError(await call('upsell', { token, product: '<b>' }), 400, 'invalid product');
    await expectError(
      await call('upsell', { token, product: 'SKU-1', quantity: '0' }),
      400,
      'invalid quantity',
    );
    await expectError(
      await call('upsell', { token, product: 'SKU-1', quantity: '1000' }),
      400,
      'invalid quantity',
    );
    expect((await call('upsell', { token, product: 'SKU-1', quantity: '999' })).status).toBe(200);
  });

  it('a bad winback id is rejected', async () => {
    await expectError(
      await call('reactivate', { token: fake.mint(), winback_id: 'a b' }),
      400,
      'invalid winback_id',
    );
  });

  it('an unknown path is a JSON 404 with CORS', async () => {
    const response = await fetch(`${base}/one_click/pause?token=${fake.mint()}`);
    await expectError(response, 404, 'not found');
    await expectError(await fetch(`${base}/v2/whatever`), 404, 'not found');
  });

  it('a POST to an action is refused and consumes nothing', async () => {
    const token = fake.mint();
    const response = await call('skip', { token }, { method: 'POST' });
    await expectError(response, 405, 'method not allowed');
    expect(fake.inspect(token)?.state).toBe('valid');
  });

  it('a base64 token with + / = works when URL-encoded, and not when + is sent raw', async () => {
    const token = fake.mint({ format: 'base64' });
    await expectError(await fetch(`${base}/one_click/skip?token=${token}`), 400, 'invalid token');
    expect((await call('skip', { token })).status).toBe(200);
  });

  it('error500 answers 500 JSON every time and never consumes the token', async () => {
    const token = fake.mint({ fault: 'error500' });
    for (let i = 0; i < 3; i += 1)
      await expectError(await call('skip', { token }), 500, 'internal error');
    expect(fake.inspect(token)?.state).toBe('valid');
    expect(fake.performed).toHaveLength(0);
  });

  it('error503 with faultTimes 1 fails once, then "Try again" succeeds', async () => {
    const token = fake.mint({ fault: 'error503', faultTimes: 1 });
    const first = await call('delay', { token, days: '14' });
    await expectError(first, 503, 'service unavailable');
    expect((await call('delay', { token, days: '14' })).status).toBe(200);
    await expectError(await call('delay', { token, days: '14' }), 400, 'token already used');
  });

  it('faults fire before the token is judged (a used token behind a failing server)', async () => {
    const token = fake.mint({ state: 'used', fault: 'error500', faultTimes: 2 });
    await expectError(await call('skip', { token }), 500, 'internal error');
    await expectError(await call('skip', { token }), 500, 'internal error');
    await expectError(await call('skip', { token }), 400, 'token already used');
  });

  it('html500 answers an HTML page with live markup', async () => {
    const token = fake.mint({ fault: 'html500' });
    const response = await call('skip', { token });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = await response.text();
    expect(body).toContain('<script>');
    expect(body).toMatch(/<img [^>]*onerror=/);
    expect(fake.inspect(token)?.state).toBe('valid');
  });

  it('nonjson answers a plain-text 200 "OK" that consumes the token', async () => {
    const token = fake.mint({ fault: 'nonjson' });
    const response = await call('skip', { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('OK');
    expect(fake.performed).toHaveLength(1);
    await expectError(await call('skip', { token }), 400, 'token already used');
  });

  it('nonjson does not rewrite rejections', async () => {
    const token = fake.mint({ fault: 'nonjson', action: 'skip' });
    await expectError(await call('delay', { token }), 400, 'token not valid for this action');
  });

  it('slow answers normally after delayMs, faultTimes times', async () => {
    const token = fake.mint({ fault: 'slow', delayMs: 200, faultTimes: 1 });
    let started = performance.now();
    const first = await call('skip', { token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(first.status).toBe(200);
    started = performance.now();
    await expectError(await call('skip', { token }), 400, 'token already used');
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('a slow request the client gives up on (timeout) is carried out; the retry hears "used"', async () => {
    const token = fake.mint({ fault: 'slow', delayMs: 400, faultTimes: 1 });
    await expect(
      call('skip', { token }, { signal: AbortSignal.timeout(50) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(fake.performed).toEqual([{ action: 'skip', token, params: {} }]);
    await expectError(await call('skip', { token }), 400, 'token already used');
    expect(fake.performed).toHaveLength(1);
  });

  it('a request the client aborts mid-wait is carried out; the retry hears "used"', async () => {
    const token = fake.mint({ fault: 'slow', delayMs: 60_000, faultTimes: 1 });
    const aborter = new AbortController();
    const pending = call('delay', { token, days: '21' }, { signal: aborter.signal });
    await expect.poll(() => fake.performed.length).toBe(1);
    aborter.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.performed).toEqual([{ action: 'delay', token, params: { days: '21' } }]);
    await expectError(await call('delay', { token, days: '21' }), 400, 'token already used');
  });

  it('lost carries the request out and drops the connection faultTimes times', async () => {
    const token = fake.mint({ fault: 'lost', faultTimes: 2 });
    await expect(call('skip', { token })).rejects.toBeInstanceOf(TypeError);
    expect(fake.performed).toEqual([{ action: 'skip', token, params: {} }]);
    // The retry is carried out too (and finds the token used), and its answer is lost again.
    await expect(call('skip', { token })).rejects.toBeInstanceOf(TypeError);
    await expectError(await call('skip', { token }), 400, 'token already used');
    expect(fake.performed).toHaveLength(1);
  });

  it('accepts the action path with and without a trailing slash', async () => {
    const first = fake.mint();
    const second = fake.mint();
    expect((await fetch(`${base}/one_click/delay?token=${first}&days=7`)).status).toBe(200);
    expect((await fetch(`${base}/one_click/delay/?token=${second}&days=7`)).status).toBe(200);
    expect(fake.performed.map((p) => p.token)).toEqual([first, second]);
    await expectError(await fetch(`${base}/one_click/delay//?token=x`), 404, 'not found');
  });

  it('reset drops the connection faultTimes times, then succeeds', async () => {
    const token = fake.mint({ fault: 'reset', faultTimes: 2 });
    await expect(call('skip', { token })).rejects.toBeInstanceOf(TypeError);
    await expect(call('skip', { token })).rejects.toBeInstanceOf(TypeError);
    expect(fake.inspect(token)?.state).toBe('valid');
    expect((await call('skip', { token })).status).toBe(200);
    expect(fake.requests.map((r) => r.path)).toEqual(Array(3).fill('/one_click/skip'));
  });

  it('latencyMs delays every answer', async () => {
    await transport.close();
    fake = createFakeOrdergroove({ latencyMs: 100 });
    base = await transport.open(fake);
    const started = performance.now();
    expect((await call('skip', { token: fake.mint() })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('logs every request with method, path, plain query and lower-cased headers', async () => {
    const token = fake.mint();
    await call('delay', { token, days: '21' }, { headers: { 'X-Custom-Thing': 'yes' } });
    await call('skip', {});
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/one_click/delay',
      query: { token, days: '21' },
      headers: { 'x-custom-thing': 'yes' },
    });
    expect(Object.keys(fake.requests[0]?.headers ?? {}).every((k) => k === k.toLowerCase())).toBe(
      true,
    );
    expect(fake.requests[1]).toMatchObject({ method: 'GET', path: '/one_click/skip', query: {} });
  });

  it('answers OPTIONS with 204 and CORS, and logs it', async () => {
    const response = await fetch(`${base}/one_click/skip?token=x`, {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-api-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
    expect(response.headers.get('access-control-allow-headers')).toBe('x-api-key');
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: 'OPTIONS',
        path: '/one_click/skip',
        query: { token: 'x' },
      }),
    ]);
  });
});

describe('real HTTP only', () => {
  let running: Awaited<ReturnType<typeof startFakeOrdergroove>>;
  beforeEach(async () => {
    running = await startFakeOrdergroove({ port: 0 });
  });
  afterEach(() => running.close());

  const control = (path: string, init?: RequestInit) =>
    fetch(`${running.url}/__fake/${path}`, init);

  it('listens on a free port and reports its origin', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.port).toBeGreaterThan(0);
  });

  it('POST /__fake/tokens mints a working token from a JSON spec', async () => {
    const response = await control('tokens', {
      method: 'POST',
      body: JSON.stringify({ action: 'skip' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const { token } = (await response.json()) as { token: string };
    expect(token).toMatch(TOKEN_PATTERN);
    expect(running.fake.inspect(token)).toMatchObject({ action: 'skip', state: 'valid' });
    expect((await fetch(`${running.url}/one_click/skip?token=${token}`)).status).toBe(200);
  });

  it('POST /__fake/tokens with an empty body mints an any-action token', async () => {
    const { token } = (await (await control('tokens', { method: 'POST' })).json()) as {
      token: string;
    };
    expect(running.fake.inspect(token)).toMatchObject({ action: undefined, state: 'valid' });
  });

  it('POST /__fake/tokens rejects bad JSON and bad specs with 400', async () => {
    const bad = await control('tokens', { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    const badSpec = await control('tokens', { method: 'POST', body: '{"fault":"meteor"}' });
    expect(badSpec.status).toBe(400);
    expect(((await badSpec.json()) as { error: string }).error).toMatch(/fault/);
  });

  it('control routes are never logged; GET /__fake/requests returns the API log', async () => {
    const { token } = (await (await control('tokens', { method: 'POST', body: '{}' })).json()) as {
      token: string;
    };
    await fetch(`${running.url}/one_click/delay?token=${token}&days=21`);
    await control('reset', { method: 'OPTIONS' });
    const log = (await (await control('requests')).json()) as Array<{ path: string }>;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      method: 'GET',
      path: '/one_click/delay',
      query: { token, days: '21' },
    });
    expect(running.fake.requests).toHaveLength(1);
    const performed = (await (await control('performed')).json()) as unknown[];
    expect(performed).toEqual([{ action: 'delay', token, params: { days: '21' } }]);
  });

  it('POST /__fake/reset clears tokens and the log', async () => {
    const token = running.fake.mint();
    await fetch(`${running.url}/one_click/skip?token=${token}`);
    expect((await control('reset', { method: 'POST' })).status).toBe(204);
    expect(running.fake.requests).toHaveLength(0);
    expect(await (await control('requests')).json()).toEqual([]);
    expect(running.fake.inspect(token)).toBeUndefined();
  });

  it('refuses control requests a browser sends (Origin or Sec-Fetch-Site), with no CORS', async () => {
    const token = running.fake.mint();
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: running.url },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      for (const [path, method] of [
        ['reset', 'POST'],
        ['reset', 'OPTIONS'],
        ['tokens', 'POST'],
        ['requests', 'GET'],
      ] as const) {
        const response = await control(path, { method, headers });
        expect(response.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    expect(running.fake.inspect(token)?.state).toBe('valid');
  });

  it('answers an API path whatever Host the client named', async () => {
    const token = running.fake.mint();
    const response = await fetch(`http://localhost:${running.port}/one_click/skip/?token=${token}`);
    expect(response.status).toBe(200);
    expect(running.fake.performed).toHaveLength(1);
  });

  it('unknown control routes are 404', async () => {
    expect((await control('nope')).status).toBe(404);
    expect(running.fake.requests).toHaveLength(0);
  });

  it('reset destroys the socket (the client sees a socket error, not a response)', async () => {
    const token = running.fake.mint({ fault: 'reset' });
    const error = await fetch(`${running.url}/one_click/skip?token=${token}`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toMatch(
      /UND_ERR_SOCKET|ECONNRESET/,
    );
  });

  it('lost destroys the socket after the action was carried out', async () => {
    const token = running.fake.mint({ fault: 'lost' });
    const error = await fetch(`${running.url}/one_click/skip?token=${token}`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toMatch(
      /UND_ERR_SOCKET|ECONNRESET/,
    );
    expect(running.fake.performed).toEqual([{ action: 'skip', token, params: {} }]);
  });

  it('close() returns promptly even with a slow request in flight', async () => {
    const token = running.fake.mint({ fault: 'slow', delayMs: 10_000 });
    const inFlight = fetch(`${running.url}/one_click/skip?token=${token}`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await running.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await inFlight).toBeInstanceOf(TypeError);
    running = await startFakeOrdergroove({ port: 0 }); // for afterEach
  });
});

describe('msw only', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('honours an apiBase with a path prefix (staging behind /api)', async () => {
    const fake = createFakeOrdergroove();
    server.use(
      ...(await ordergrooveHandlers(fake, 'https://staging.restapi.ordergroove.com/api/')),
    );
    const token = fake.mint();
    const response = await fetch(
      `https://staging.restapi.ordergroove.com/api/one_click/skip?token=${token}`,
    );
    expect(response.status).toBe(200);
    expect(fake.requests[0]?.path).toBe('/one_click/skip');
  });

  it('defaults to production Ordergroove and does not answer other origins', async () => {
    const fake = createFakeOrdergroove();
    const elsewhere = http.all('*', () => new HttpResponse(null, { status: 418 }));
    server.use(...(await ordergrooveHandlers(fake)), elsewhere);
    expect((await fetch(`${PROD}/one_click/skip?token=${fake.mint()}`)).status).toBe(200);
    expect((await fetch(`https://example.com/one_click/skip?token=${fake.mint()}`)).status).toBe(
      418,
    );
    expect(fake.requests).toHaveLength(1);
  });
});
