// The one request, as ky sends it: a plain GET with only CORS-safelisted headers (no
// preflight), no credentials, no cache, no Referer; never retried by itself; and a timeout
// that covers the answer's body too.
import { delay, HttpResponse, http } from 'msw';
import { expect, test, vi } from 'vitest';
import { run } from '../../src';
import { API, host, SAFELISTED, TOKEN, useApi, usePage, visit } from '../helpers/sdk';

const { server, requests } = useApi();
usePage();

const SKIP = `/landing?token=${TOKEN}&action=skip`;

test('GET, cache no-store, credentials omit, no-referrer, safelisted headers only', async () => {
  // (Node's Request does not keep `cache`: read what ky asks for from the Request it builds.)
  const made: RequestInit[] = [];
  const NativeRequest = globalThis.Request;
  vi.stubGlobal(
    'Request',
    class extends NativeRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(input, init);
        if (
          init &&
          String(input instanceof NativeRequest ? input.url : input).includes('/one_click/')
        )
          made.push({ ...init });
      }
    },
  );
  const seen: Request[] = [];
  const listener = ({ request }: { request: Request }) => {
    seen.push(request.clone());
  };
  server.events.on('request:start', listener);
  host();
  visit(SKIP);
  expect((await run()).status).toBe('success');
  vi.unstubAllGlobals();
  server.events.removeListener('request:start', listener);
  expect(made.length).toBeGreaterThanOrEqual(1);
  expect(made[0]).toMatchObject({
    method: 'GET',
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  expect(seen).toHaveLength(1);
  const [request] = seen;
  expect(request!.method).toBe('GET');
  expect(request!.credentials).toBe('omit');
  expect(request!.referrerPolicy).toBe('no-referrer');
  expect([...request!.headers.keys()].filter((name) => !SAFELISTED.includes(name))).toEqual([]);
});

test.each([
  ['503', () => new HttpResponse(null, { status: 503 })],
  ['408', () => new HttpResponse(null, { status: 408 })],
  ['429', () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '0' } })],
  ['a dropped connection', () => HttpResponse.error()],
])('never retried by itself: %s → one request', async (_, respond) => {
  host();
  visit(SKIP);
  server.use(http.get(`${API}/one_click/skip`, respond));
  const result = await run();
  expect(result.status).toBe('error');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(requests).toHaveLength(1);
});

test('a refusal whose body stalls after the headers is a timeout', async () => {
  host();
  visit(SKIP);
  server.use(
    http.get(`${API}/one_click/skip`, () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"error":"token al'));
          // …and nothing more: the rest never comes.
        },
      });
      return new HttpResponse(body, { status: 400 });
    }),
  );
  const result = await run({ timeout: 80 });
  expect(result).toMatchObject({ status: 'error', error: { code: 'timeout' } });
});

test('the deadline covers a success’s body too (a 200 that never ends is a timeout)', async () => {
  host();
  visit(SKIP);
  server.use(
    http.get(`${API}/one_click/skip`, () => {
      const body = new ReadableStream<Uint8Array>({ start() {} });
      return new HttpResponse(body, { status: 200 });
    }),
  );
  expect(await run({ timeout: 80 })).toMatchObject({ error: { code: 'timeout' } });
});

test('an answer later than the timeout is a timeout, and the request was made once', async () => {
  host();
  visit(SKIP);
  server.use(
    http.get(`${API}/one_click/skip`, async () => {
      await delay(200);
      return HttpResponse.json({});
    }),
  );
  expect(await run({ timeout: 30 })).toMatchObject({ error: { code: 'timeout' } });
  expect(requests).toHaveLength(1);
});
