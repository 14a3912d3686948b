/**
 * The fake Ordergroove over a real port, for the demo, the browser tests and the
 * benchmarks: the msw handlers of `handlers.ts` behind a Hono server, plus control routes.
 *
 * The adapter is ours rather than `@mswjs/http-middleware`, which turns
 * `HttpResponse.error()` into `res.statusCode = 0` (an uncaught RangeError that stops
 * the process) and gives handlers a Request without the client's abort signal. Here a
 * dropped connection destroys the socket, and a client that goes away aborts
 * `request.signal` (the model's wait ends; the work was done on arrival).
 *
 * Control routes (never logged in `requests`), for Node callers only: a request a
 * browser sends (with `Origin` or `Sec-Fetch-Site`) is refused with 403, and no CORS
 * header is ever sent, so no web page can mint tokens or reset the fake.
 *
 * - `POST /__fake/tokens`    JSON `TokenSpec` (empty = `{}`) → 200 `{ "token": "…" }`; 400 bad spec
 * - `GET  /__fake/requests`  → the request log
 * - `GET  /__fake/performed` → the actions carried out
 * - `POST /__fake/reset`     → 204; forgets tokens, clears both logs
 */
import type { Server } from 'node:http';
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getResponse } from 'msw';
import { fakeOrdergrooveHandlers } from './handlers.ts';
import { createFakeOrdergroove, type FakeOrdergroove } from './model.ts';

export interface StartOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** The model to serve; default a new one. */
  fake?: FakeOrdergroove;
}

export interface RunningFakeOrdergroove {
  /** The origin to use as `apiBase`, e.g. `http://127.0.0.1:5174` (no trailing slash). */
  url: string;
  port: number;
  fake: FakeOrdergroove;
  server: Server;
  /** Stops listening and drops open connections. */
  close: () => Promise<void>;
}

/** `host` as it goes in a URL. */
export const urlHost = (host: string) => {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};

/** Listens with a Hono app; resolves once listening (rejects on EADDRINUSE and the like). */
export const listen = async (
  app: Hono<{ Bindings: HttpBindings }>,
  port: number,
  host: string,
): Promise<{ server: Server; port: number; close: () => Promise<void> }> => {
  // overrideGlobalObjects: false keeps Node's own Request and Response global, which msw
  // (and every test in the same process) relies on.
  const server = serve({
    fetch: app.fetch,
    port,
    hostname: host,
    overrideGlobalObjects: false,
  }) as Server;
  await new Promise((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};

const controlRoutes = (fake: FakeOrdergroove) =>
  new Hono()
    .use(async (c, next) => {
      if (c.req.header('origin') || c.req.header('sec-fetch-site')) {
        return c.json({ error: 'control routes are for Node callers, not web pages' }, 403);
      }
      c.header('cache-control', 'no-store');
      await next();
    })
    .post('/tokens', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
      let spec: unknown;
      try {
        const text = await c.req.text();
        spec = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return c.json({ error: 'body must be a JSON token spec' }, 400);
      }
      try {
        return c.json({ token: fake.mint(spec as never) });
      } catch (error) {
        return c.json({ error: error instanceof Error ? error.message : String(error) }, 400);
      }
    })
    .get('/requests', (c) => c.json(fake.requests))
    .get('/performed', (c) => c.json(fake.performed))
    .post('/reset', (c) => {
      fake.reset();
      return c.body(null, 204);
    })
    .all('*', (c) => c.json({ error: 'unknown control route' }, 404));

/** Starts the fake Ordergroove API on a real port. */
export async function startFakeOrdergroove({
  port = 0,
  host = '127.0.0.1',
  fake = createFakeOrdergroove(),
}: StartOptions = {}): Promise<RunningFakeOrdergroove> {
  // Every request is answered as if sent to this origin, whatever Host it named.
  const origin = 'http://fake-ordergroove.invalid';
  const handlers = fakeOrdergrooveHandlers(fake, origin);
  const app = new Hono<{ Bindings: HttpBindings }>()
    .route('/__fake', controlRoutes(fake))
    .all('*', async (c) => {
      const { raw } = c.req;
      const url = new URL(raw.url);
      const request = new Request(new URL(url.pathname + url.search, origin), {
        method: raw.method,
        headers: raw.headers,
        signal: raw.signal,
      });
      const response = await getResponse(handlers, request);
      if (response?.type !== 'error') return response ?? c.json({ error: 'not found' }, 404);
      c.env.incoming.socket.destroy();
      return c.body(null); // never written: the socket is gone
    });
  const running = await listen(app, port, host);
  return { url: `http://${urlHost(host)}:${running.port}`, fake, ...running };
}
