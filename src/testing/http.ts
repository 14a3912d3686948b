/**
 * The fake Ordergroove over a real port (node:http): the one-click API for a landing page
 * in a real browser, plus control routes for the test that drives it.
 *
 * Control routes (never logged in `requests`), for Node callers only: a request a browser
 * sends (with `Origin` or `Sec-Fetch-Site`) is refused with 403 and no CORS header is ever
 * sent, so no web page can mint tokens or reset the fake.
 *
 * - `POST /__fake/tokens`    JSON `TokenSpec` (empty = `{}`) → 200 `{ "token": "…" }`; 400 bad spec
 * - `GET  /__fake/requests`  → the request log
 * - `GET  /__fake/performed` → the actions carried out
 * - `POST /__fake/reset`     → 204; forgets tokens, clears both logs
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { createFakeOrdergroove, type FakeOrdergroove } from './model.js';

/** Options of {@link startFakeOrdergroove}. */
export interface StartOptions {
  /** The port; default 0 (any free port). */
  port?: number;
  /** The address to listen on; default `'127.0.0.1'`. */
  host?: string;
  /** The fake to serve; default a new one. */
  fake?: FakeOrdergroove;
  /**
   * Allow a `host` other than a loopback address. The control routes mint working tokens,
   * show every token sent and reset the fake, for anyone who can reach the port; default
   * `false`, so listening on `0.0.0.0` or a network address throws instead.
   */
  exposeControlRoutes?: boolean;
}

/** A fake Ordergroove listening on a port. */
export interface RunningFakeOrdergroove {
  /** The origin to use as `data-api-base`, e.g. `http://127.0.0.1:4747` (no trailing slash). */
  url: string;
  port: number;
  /** The fake that answers. */
  fake: FakeOrdergroove;
  server: Server;
  /** Stops listening and drops open connections. */
  close: () => Promise<void>;
}

const CONTROL_BODY_LIMIT = 64 * 1024;

/** `host` as it goes in a URL. */
const urlHost = (host: string) => {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};

/** True for `localhost`, 127.0.0.0/8 and ::1: addresses only this machine can reach. */
export const isLoopback = (host: string): boolean => {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
};

const send = (
  res: ServerResponse,
  status: number,
  value?: unknown,
  headers: Record<string, string> = {},
) => {
  const body = value === undefined ? '' : JSON.stringify(value);
  res.writeHead(status, {
    'cache-control': 'no-store',
    ...(body && { 'content-type': 'application/json' }),
    ...headers,
  });
  res.end(body);
};

/** The request body as text, or undefined when it is larger than `limit` bytes. */
const readBody = async (req: IncomingMessage, limit: number): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const control = async (fake: FakeOrdergroove, req: IncomingMessage, res: ServerResponse) => {
  if (req.headers.origin || req.headers['sec-fetch-site']) {
    return send(res, 403, { error: 'control routes are for Node callers, not web pages' });
  }
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://fake.invalid').pathname}`;
  if (route === 'POST /__fake/tokens') {
    const text = await readBody(req, CONTROL_BODY_LIMIT);
    if (text === undefined) return send(res, 413, { error: 'token spec too large' });
    let spec: unknown;
    try {
      spec = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return send(res, 400, { error: 'body must be a JSON token spec' });
    }
    try {
      return send(res, 200, { token: fake.mint(spec as never) });
    } catch (error) {
      return send(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (route === 'GET /__fake/requests') return send(res, 200, fake.requests);
  if (route === 'GET /__fake/performed') return send(res, 200, fake.performed);
  if (route === 'POST /__fake/reset') {
    fake.reset();
    return send(res, 204);
  }
  return send(res, 404, { error: 'unknown control route' });
};

const api = async (fake: FakeOrdergroove, req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  // The client went away before the answer: the model's wait ends (the work is done).
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const answer = await fake.handle(
    { method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers },
    { signal: gone.signal },
  );
  if ('fault' in answer) {
    req.socket.destroy();
    return;
  }
  if (!gone.signal.aborted) res.writeHead(answer.status, answer.headers).end(answer.body);
};

/**
 * Starts the fake Ordergroove API on a real port, for a landing page in a real browser.
 *
 * @param options - see {@link StartOptions}
 * @returns once listening; rejects when the port is taken
 * @throws {Error} (as a rejection) for a host other than a loopback address without
 *   `exposeControlRoutes: true`, saying why
 *
 * @example
 * ```ts
 * const api = await startFakeOrdergroove({ port: 4747 });
 * const token = api.fake.mint({ action: 'skip' });
 * // the landing page: data-api-base="http://127.0.0.1:4747"
 * await api.close();
 * ```
 */
export async function startFakeOrdergroove({
  port = 0,
  host = '127.0.0.1',
  fake = createFakeOrdergroove(),
  exposeControlRoutes = false,
}: StartOptions = {}): Promise<RunningFakeOrdergroove> {
  if (!exposeControlRoutes && !isLoopback(host)) {
    throw new Error(
      `fake Ordergroove: refusing to listen on ${host || 'every address'}. Its control routes ` +
        '(/__fake/tokens mints working tokens, /__fake/requests lists every token sent, ' +
        '/__fake/reset) answer anyone who can reach the port, and this address is reachable ' +
        'from other machines. Listen on 127.0.0.1, or, if everyone on that network may use ' +
        'them, pass exposeControlRoutes: true (og-oca fake --expose-control-routes, or ' +
        'EXPOSE_CONTROL_ROUTES=1).',
    );
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = path === '/__fake' || path.startsWith('/__fake/') ? control : api;
    route(fake, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
    server.listen(port, host);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${urlHost(host)}:${bound}`,
    port: bound,
    fake,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
