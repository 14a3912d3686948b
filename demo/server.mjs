// @ts-check
/**
 * The og-oca demo: a fake Ordergroove API on one port and, on another (so the browser
 * talks to the API cross-origin, as it does to Ordergroove), a site with
 *
 *   /                  an email client's inbox with 1-click subscription emails
 *                      (tokens minted fresh on every render), and the webhook lab
 *                      (?view=webhooks): the fake Ordergroove signs an order.reminder,
 *                      POSTs it to this server's relay, the relay emails the inbox
 *   POST /lab/*        the lab's forms (send a test webhook, rotate keys, relay keys)
 *   POST /relay/ordergroove/<lab>   the relay: verifyWebhook → buildActionUrl → email
 *   /landing*.html     the merchant's landing pages using the built SDK
 *   /dist/*            the built SDK (npm run build)
 *   /fixtures/*        e2e/fixtures/* (HTML gets the same {{…}} substitution)
 *
 * Run it with `npm run demo` (builds first) or `node demo/server.mjs`.
 * Env: DEMO_PORT (5173), API_PORT (5174), HOST (127.0.0.1), API_LATENCY_MS (0).
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeOrdergroove } from './fake-ordergroove/http.mjs';
import { createFakeOrdergroove } from './fake-ordergroove/model.mjs';
import { renderInbox } from './inbox.mjs';
import { createLab, createLabStore, LAB_ID_PATTERN, newLabId } from './webhook-lab.mjs';

/** @typedef {import('./fake-ordergroove/model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {import('./fake-ordergroove/model.mjs').TokenSpec} TokenSpec */

const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(DEMO_DIR, '..');
const DIST_DIR = join(ROOT, 'dist');
const FIXTURES_DIR = join(ROOT, 'e2e', 'fixtures');
const PARTIALS_DIR = join(DEMO_DIR, 'partials');

/** The policy DESIGN.md promises the SDK works under. @type {string} */
export const STRICT_CSP = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

/** `{{NAME}}` → demo/partials/<file>.html, shared by the store pages. */
const PARTIALS = {
  STORE_HEADER: 'store-header',
  STORE_MORE: 'store-more',
  STORE_FOOTER: 'store-footer',
};

/** Files in demo/ that are server code or templates, never served as they are. */
const PRIVATE = new Set([
  'server.mjs',
  'inbox.mjs',
  'relay.mjs',
  'webhook-lab.mjs',
  'fake-ordergroove',
  'partials',
  'README.md',
]);

/** The cookie that ties a browser to its webhook lab. */
export const LAB_COOKIE = 'og_demo_lab';

/** Largest body the lab's forms and the relay read. */
const MAX_FORM_BODY = 8 * 1024;
const MAX_WEBHOOK_BODY = 256 * 1024;

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Resolves a URL path below `root`, or returns undefined for anything that could leave
 * it (`..`, dot-files, backslashes, NUL) — after percent-decoding, so `%2e%2e` counts.
 * @param {string} root
 * @param {string} urlPath the part of the (still encoded) pathname below the mount point
 */
export const safeJoin = (root, urlPath) => {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (/[\\\0]/.test(decoded)) return undefined;
  const segments = decoded.split('/').filter((part) => part !== '');
  if (segments.length === 0 || segments.some((part) => part.startsWith('.'))) return undefined;
  const full = resolve(root, ...segments);
  return full.startsWith(root + sep) ? full : undefined;
};

/**
 * @param {string} file
 * @returns {Promise<Buffer | undefined>}
 */
const readIfFile = async (file) => {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
};

/**
 * Words of a `{{TOKEN:…}}` placeholder → a mint spec: `{{TOKEN:delay,error503}}`.
 * @param {string} words
 * @returns {TokenSpec}
 */
const specOf = (words) => {
  /** @type {Record<string, unknown>} */
  const spec = {};
  for (const word of words.split(',').map((w) => w.trim())) {
    if (!word) continue;
    if (['delay', 'skip', 'reactivate', 'upsell'].includes(word)) spec.action = word;
    else if (['valid', 'used', 'expired'].includes(word)) spec.state = word;
    else if (['jwt', 'base64'].includes(word)) spec.format = word;
    else if (/^x\d+$/.test(word)) spec.faultTimes = Number(word.slice(1));
    else if (/^\d+ms$/.test(word)) spec.delayMs = Number(word.slice(0, -2));
    else spec.fault = word;
  }
  return /** @type {TokenSpec} */ (spec);
};

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * Fills `{{NAME}}` placeholders. Unknown names are left as they are.
 * @param {string} html
 * @param {Record<string, string>} values already HTML-safe
 * @param {FakeOrdergroove} fake
 */
export const substitute = (html, values, fake) =>
  html.replace(/\{\{\s*([A-Z_]+)(?::([\w,\s]*))?\s*\}\}/g, (whole, name, words) => {
    if (name === 'TOKEN') {
      try {
        return escapeHtml(fake.mint(specOf(words ?? '')));
      } catch {
        return whole;
      }
    }
    return Object.hasOwn(values, name) ? /** @type {string} */ (values[name]) : whole;
  });

/**
 * Reads a request body up to `limit` bytes; undefined when it is larger.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer | undefined>}
 */
const readBody = (req, limit) =>
  new Promise((resolveBody, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * The value of one cookie.
 * @param {string | undefined} header
 * @param {string} name
 */
const cookieOf = (header, name) => {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
};

/**
 * @typedef {object} DemoOptions
 * @property {number} [port] Site port; default 5173 (0 = any free port).
 * @property {number} [apiPort] Fake API port; default 5174 (0 = any free port).
 * @property {string} [host] Default `'127.0.0.1'`.
 * @property {FakeOrdergroove} [fake] The fake API model; default a new one.
 * @property {number} [latencyMs] Latency of the default fake API (ignored with `fake`).
 */

/**
 * @typedef {object} RunningDemo
 * @property {string} url Site origin, e.g. `http://127.0.0.1:5173` (no trailing slash).
 * @property {string} apiUrl Fake API origin (the SDK's `apiBase`).
 * @property {FakeOrdergroove} fake
 * @property {ReturnType<typeof createLabStore>} labs The webhook labs, by id (the cookie value).
 * @property {() => Promise<void>} close
 */

/**
 * Starts the fake API and the demo site.
 * @param {DemoOptions} [options]
 * @returns {Promise<RunningDemo>}
 */
export async function startDemo({
  port = 5173,
  apiPort = 5174,
  host = '127.0.0.1',
  fake,
  latencyMs = 0,
} = {}) {
  const api = await startFakeOrdergroove({
    port: apiPort,
    host,
    fake: fake ?? createFakeOrdergroove({ latencyMs }),
  });
  const model = api.fake;
  const labs = createLabStore();
  /** This site's origin as the fake API reaches it (set once listening). */
  let siteUrl = '';

  /** Read on every request, so edits show on reload. */
  const partial = (/** @type {string} */ name) =>
    readFile(join(PARTIALS_DIR, `${name}.html`), 'utf8');

  /**
   * The API origin as this browser should see it: same host name it used for the site.
   * @param {import('node:http').IncomingMessage} req
   */
  const apiBaseFor = (req) => {
    const hostHeader = req.headers.host ?? '';
    const name = hostHeader.replace(/:\d+$/, '');
    const safe = /^(?:[\w.-]+|\[[0-9a-fA-F:.]+\])$/.test(name) ? name : undefined;
    return safe ? `http://${safe}:${api.port}` : api.url;
  };

  /**
   * The site origin as this browser sees it (for the links the relay puts in emails).
   * @param {import('node:http').IncomingMessage} req
   */
  const siteOriginFor = (req) => {
    const hostHeader = req.headers.host ?? '';
    return /^(?:[\w.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/.test(hostHeader)
      ? `http://${hostHeader}`
      : siteUrl;
  };

  /**
   * This browser's webhook lab (from its cookie), created on first use.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  const labFor = (req, res) => {
    const id = cookieOf(req.headers.cookie, LAB_COOKIE);
    const found = id !== undefined && LAB_ID_PATTERN.test(id) ? labs.get(id) : undefined;
    if (found) return found;
    const fresh = newLabId();
    res.setHeader('set-cookie', `${LAB_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return labs.add(
      createLab({
        id: fresh,
        fake: model,
        relayUrl: `${siteUrl}/relay/ordergroove/${fresh}`,
        landingUrl: `${siteOriginFor(req)}/landing.html`,
      }),
    );
  };

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {unknown} value
   */
  const sendJson = (res, status, value) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(JSON.stringify(value));
  };

  /**
   * POST/redirect/GET: back to the inbox or the lab view.
   * @param {import('node:http').ServerResponse} res
   * @param {URLSearchParams} form
   * @param {Record<string, string>} [extra] more query parameters
   */
  const redirectBack = (res, form, extra = {}) => {
    const query = new URLSearchParams();
    if (form.get('back') === 'webhooks') query.set('view', 'webhooks');
    for (const [key, value] of Object.entries(extra)) query.set(key, value);
    const search = query.toString();
    res.writeHead(303, { location: search ? `/?${search}` : '/', 'cache-control': 'no-store' });
    res.end();
  };

  /**
   * `POST /relay/ordergroove/<lab>`: the merchant's relay endpoint. Reads the raw body
   * and passes it, with the headers as Node gives them, to verifyWebhook (via the lab).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} id
   */
  const relay = async (req, res, id) => {
    const lab = LAB_ID_PATTERN.test(id) ? labs.get(id) : undefined;
    if (!lab) {
      req.resume();
      return sendJson(res, 404, { error: 'unknown_relay' });
    }
    const body = await readBody(req, MAX_WEBHOOK_BODY);
    if (!body) return sendJson(res, 413, { error: 'body_too_large' });
    const result = await lab.receive({ body, headers: req.headers });
    if (result.outcome === 'emailed') {
      return sendJson(res, 200, { status: 'emailed', email: result.emailId });
    }
    if (result.outcome === 'ignored') {
      return sendJson(res, 202, { status: 'ignored', reason: result.reason });
    }
    return sendJson(res, result.status, { error: result.code });
  };

  /**
   * `POST /lab/<action>`: the lab's forms. Each answers with a 303 back to the page.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} action
   */
  const labForm = async (req, res, action) => {
    const raw = await readBody(req, MAX_FORM_BODY);
    if (!raw) return sendText(res, 413, 'Form too large\n');
    const form = new URLSearchParams(raw.toString('utf8'));
    const lab = labFor(req, res);
    switch (action) {
      case 'send-webhook': {
        lab.landingUrl = `${siteOriginFor(req)}/landing.html`;
        let delivery;
        try {
          delivery = await lab.send();
        } catch (error) {
          // Most likely dist/webhooks.mjs is not built; the message says so.
          return sendText(res, 503, `${error instanceof Error ? error.message : error}\n`);
        }
        return redirectBack(res, form, { delivery: String(delivery.id) });
      }
      case 'rotation': {
        const step = form.get('step');
        if (step === 'startRotation' || step === 'completeRotation' || step === 'reset') {
          lab.rotate(step);
        }
        return redirectBack(res, form);
      }
      case 'relay-keys': {
        const keys = form.get('keys');
        if (keys === 'old' || keys === 'both' || keys === 'new') lab.setRelayKeys(keys);
        return redirectBack(res, form);
      }
      default:
        return sendText(res, 404, 'Not found\n');
    }
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} html
   * @param {Record<string, string>} [extraHeaders]
   */
  const sendHtml = async (req, res, html, extraHeaders = {}) => {
    const apiBase = apiBaseFor(req);
    // Partials first, so the placeholders inside them are filled too.
    let text = html;
    for (const [name, file] of Object.entries(PARTIALS)) {
      if (text.includes(`{{${name}}}`)) text = text.replaceAll(`{{${name}}}`, await partial(file));
    }
    const body = substitute(
      text,
      {
        API_BASE: escapeHtml(apiBase),
        DEMO_BASE: escapeHtml(`http://${req.headers.host ?? 'localhost'}`),
        INBOX_URL: '/',
      },
      model,
    );
    res.writeHead(200, {
      'content-type': TYPES['.html'],
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} text
   */
  const sendText = (res, status, text) => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(text);
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} file
   * @param {Buffer} content
   * @param {Record<string, string>} [extraHeaders]
   */
  const sendFile = async (req, res, file, content, extraHeaders = {}) => {
    const ext = extname(file).toLowerCase();
    if (ext === '.html') return sendHtml(req, res, content.toString('utf8'), extraHeaders);
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  const route = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = url.pathname;
    const post = /^\/(?:lab\/([\w-]+)|relay\/ordergroove\/([^/]+))$/.exec(path);
    if (post && req.method === 'POST') {
      if (post[1] !== undefined) return labForm(req, res, post[1]);
      return relay(req, res, post[2] ?? '');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.setHeader('allow', post ? 'POST' : 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    if (post) {
      res.setHeader('allow', 'POST');
      return sendText(res, 405, 'Method not allowed');
    }

    if (path === '/' || path === '/index.html') {
      const lab = labFor(req, res);
      const selected = url.searchParams.get('m') ?? undefined;
      const delivery = Number(url.searchParams.get('delivery'));
      const html = renderInbox({
        fake: model,
        selected,
        search: url.searchParams.get('q') ?? undefined,
        view: url.searchParams.get('view') === 'webhooks' ? 'webhooks' : undefined,
        lab,
        delivery: Number.isInteger(delivery) && delivery > 0 ? delivery : undefined,
      });
      if (selected) lab.markRead(selected);
      return sendHtml(req, res, html);
    }

    if (path.startsWith('/dist/')) {
      const file = safeJoin(DIST_DIR, path.slice('/dist/'.length));
      const content = file && (await readIfFile(file));
      if (!file || !content) {
        return sendText(
          res,
          404,
          `${path} not found: the SDK is not built. Run \`npm run build\` (\`npm run demo\` builds first), then reload.\n`,
        );
      }
      return sendFile(req, res, file, content);
    }

    if (path.startsWith('/fixtures/')) {
      const file = safeJoin(FIXTURES_DIR, path.slice('/fixtures/'.length));
      const content = file && (await readIfFile(file));
      if (!file || !content) return sendText(res, 404, 'Not found\n');
      /** @type {Record<string, string>} */
      const csp = /csp[^/]*\.html$/i.test(file) ? { 'content-security-policy': STRICT_CSP } : {};
      return sendFile(req, res, file, content, csp);
    }

    const file = safeJoin(DEMO_DIR, path.slice(1));
    const first = path.slice(1).split('/')[0] ?? '';
    let content;
    try {
      const name = decodeURIComponent(first);
      content = file && !PRIVATE.has(name) && !name.endsWith('.d.mts') && (await readIfFile(file));
    } catch {
      content = undefined;
    }
    if (!file || !content) return sendText(res, 404, 'Not found\n');
    /** @type {Record<string, string>} */
    const csp = path === '/landing-csp.html' ? { 'content-security-policy': STRICT_CSP } : {};
    return sendFile(req, res, file, content, csp);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      console.error('og-oca demo: unexpected error', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error\n');
      else res.destroy();
    });
  });
  try {
    await new Promise((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolveListen(undefined);
      });
    });
  } catch (error) {
    await api.close();
    throw error;
  }
  const address = server.address();
  const sitePort = typeof address === 'object' && address ? address.port : port;
  const siteHost = api.url.replace(/^http:\/\/|:\d+$/g, '');
  siteUrl = `http://${siteHost}:${sitePort}`;

  return {
    url: siteUrl,
    apiUrl: api.url,
    fake: model,
    labs,
    close: async () => {
      await Promise.all([
        new Promise((resolveClose) => {
          server.close(() => resolveClose(undefined));
          server.closeAllConnections();
        }),
        api.close(),
      ]);
    },
  };
}

/** @param {string | undefined} value @param {number} fallback @param {string} name */
const envPort = (value, fallback, name) => {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return port;
};

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;

if (isMain) {
  const demo = await startDemo({
    port: envPort(process.env.DEMO_PORT, 5173, 'DEMO_PORT'),
    apiPort: envPort(process.env.API_PORT, 5174, 'API_PORT'),
    host: process.env.HOST || '127.0.0.1',
    latencyMs: envPort(process.env.API_LATENCY_MS, 0, 'API_LATENCY_MS'),
  });
  console.log(`og-oca demo: ${demo.url}/  (fake Ordergroove API: ${demo.apiUrl})`);
  if (!(await readIfFile(join(DIST_DIR, 'oca.js')))) {
    console.warn('  dist/oca.js is missing: run `npm run build` (or use `npm run demo`).');
  }
  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
