// @ts-check
/**
 * Serves the fake Ordergroove model over a real Node HTTP server, for the demo, the
 * Playwright tests and the benchmarks.
 *
 * API routes are answered by the model (and logged in `fake.requests`). Control routes,
 * which are not logged:
 *
 * - `POST /__fake/tokens`    JSON `TokenSpec` body (may be empty) → 200 `{ "token": "…" }`,
 *                            400 `{ "error": "…" }` on a bad spec
 * - `GET  /__fake/requests`  → 200 the request log (`LoggedRequest[]`)
 * - `GET  /__fake/performed` → 200 the actions carried out (`PerformedAction[]`)
 * - `POST /__fake/reset`     → 204; forgets tokens, clears both logs
 */
import { createServer } from 'node:http';
import { createFakeOrdergroove } from './model.mjs';

/** @typedef {import('./model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/**
 * @typedef {object} StartOptions
 * @property {number} [port] Default 0 (any free port).
 * @property {string} [host] Default `'127.0.0.1'`.
 * @property {FakeOrdergroove} [fake] The model to serve; default a new one.
 */

/**
 * @typedef {object} RunningFakeOrdergroove
 * @property {string} url Origin to use as `apiBase`, e.g. `http://127.0.0.1:5174` (no trailing slash).
 * @property {number} port
 * @property {FakeOrdergroove} fake
 * @property {import('node:http').Server} server
 * @property {() => Promise<void>} close Stops listening and drops open connections.
 */

const MAX_CONTROL_BODY = 64 * 1024;

const CONTROL_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} [value]
 */
const sendJson = (res, status, value) => {
  if (value === undefined) {
    res.writeHead(status, { ...CONTROL_CORS, 'cache-control': 'no-store' });
    res.end();
    return;
  }
  res.writeHead(status, {
    ...CONTROL_CORS,
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(value));
};

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
const readBody = (req) =>
  new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new RangeError('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * @param {FakeOrdergroove} fake
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {URL} url
 */
const control = async (fake, req, res, url) => {
  const route = `${req.method} ${url.pathname}`;
  if (req.method === 'OPTIONS') return sendJson(res, 204);
  switch (route) {
    case 'POST /__fake/tokens': {
      let spec;
      try {
        const text = await readBody(req);
        spec = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return sendJson(res, 400, { error: 'body must be a JSON token spec' });
      }
      try {
        return sendJson(res, 200, { token: fake.mint(spec) });
      } catch (error) {
        return sendJson(res, 400, {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    case 'GET /__fake/requests':
      return sendJson(res, 200, fake.requests);
    case 'GET /__fake/performed':
      return sendJson(res, 200, fake.performed);
    case 'POST /__fake/reset':
      fake.reset();
      return sendJson(res, 204);
    default:
      return sendJson(res, 404, { error: 'unknown control route' });
  }
};

/**
 * @param {FakeOrdergroove} fake
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
const serve = async (fake, req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  if (url.pathname.startsWith('/__fake/')) return control(fake, req, res, url);

  req.resume(); // the API takes no body
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  const answer = await fake.handle(
    {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    },
    { signal: aborter.signal },
  );
  if ('fault' in answer) {
    req.socket.destroy();
    return;
  }
  if (res.destroyed) return;
  res.writeHead(answer.status, answer.headers);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
};

/** @param {string} host */
const urlHost = (host) => {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};

/**
 * Starts the fake Ordergroove API on a real port.
 * @param {StartOptions} [options]
 * @returns {Promise<RunningFakeOrdergroove>}
 */
export async function startFakeOrdergroove({
  port = 0,
  host = '127.0.0.1',
  fake = createFakeOrdergroove(),
} = {}) {
  const server = createServer((req, res) => {
    serve(fake, req, res).catch((error) => {
      console.error('fake Ordergroove: unexpected error', error);
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: 'fake crashed' });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${urlHost(host)}:${actualPort}`,
    port: actualPort,
    fake,
    server,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
