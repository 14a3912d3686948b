/**
 * The og-oca demo: the fake Ordergroove API on one port and, on another (so the browser
 * calls the API cross-origin, as it calls Ordergroove), the site:
 *
 *   /                    an email client with 1-click subscription emails, and the
 *                        webhook lab (`/?view=webhooks`)
 *   POST /lab/*          the lab's forms (send a test webhook, rotate keys, relay keys)
 *   POST /relay/ordergroove/<lab>   the merchant's relay: createWebhookHandler → email, tokens
 *   /landing*.html       the merchant's landing pages, using the built SDK
 *   /dist/*              the built SDK (npm run build)
 *   /vendor/ky/*         ky's ESM build, for the import map of the ESM page
 *   /fixtures/*.html     e2e/fixtures, with {{API_BASE}} filled in
 *   /demo.css, /assets/*, /landing-esm.js   demo/public
 *
 * Nothing else is served: every other path is a 404.
 *
 * `npm run demo` builds and runs it. Env: DEMO_PORT (5173), API_PORT (5174),
 * HOST (127.0.0.1), API_LATENCY_MS (0), DEMO_ORIGIN and API_ORIGIN (the origins pages and
 * emails name; default the listening addresses), EXPOSE_CONTROL_ROUTES (1 to allow a HOST
 * other than loopback: the fake API's control routes then answer the network).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import {
  createFakeOrdergroove,
  type DeliveryOptions,
  EVENT_TYPES,
  type FakeOrdergroove,
  type RotationStep,
  startFakeOrdergroove,
} from 'og-oca/testing';
import { renderInbox } from './inbox.ts';
import { Lab, LabStore, newLabId, type RelayKeys } from './lab.ts';
import { listen, urlHost } from './listen.ts';
import { LANDING_PAGES, landingPage, STRICT_CSP } from './pages.ts';

const DEMO = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(DEMO, '..');

/** The cookie that ties a browser to its webhook lab. */
export const LAB_COOKIE = 'og_demo_lab';

export interface DemoOptions {
  /** Site port; default 5173 (0 = any free port). */
  port?: number;
  /** Fake API port; default 5174 (0 = any free port). */
  apiPort?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** The fake API model; default a new one. */
  fake?: FakeOrdergroove;
  /** Latency of the default fake API, ms (ignored with `fake`). */
  latencyMs?: number;
  /** The site's origin in links (email buttons); default the listening address. */
  siteOrigin?: string;
  /** The API origin pages are given as `data-api-base`; default the listening address. */
  apiOrigin?: string;
  /** How the labs' fake Ordergroove delivers; default its schedule 600 times faster (10 min → 1 s). */
  webhooks?: DeliveryOptions;
  /** Allow a non-loopback `host`: the fake API's control routes then answer the network. */
  exposeControlRoutes?: boolean;
}

export interface RunningDemo {
  /** Site origin as listening, e.g. `http://127.0.0.1:5173` (no trailing slash). */
  url: string;
  /** Fake API origin as listening (the SDK's `apiBase`). */
  apiUrl: string;
  fake: FakeOrdergroove;
  /** The webhook labs, by id (the cookie value). */
  labs: LabStore;
  close: () => Promise<void>;
}

/** Serves files of `dir` under the URL prefix `prefix` (`''` for the site root). */
const files = (dir: string, prefix = '') =>
  serveStatic({
    root: join(ROOT, dir),
    rewriteRequestPath: (path) => path.slice(prefix.length),
  });

/** Starts the fake API and the demo site. */
export async function startDemo({
  port = 5173,
  apiPort = 5174,
  host = '127.0.0.1',
  fake,
  latencyMs = 0,
  siteOrigin,
  apiOrigin,
  webhooks = { timeScale: 1 / 600 },
  exposeControlRoutes = false,
}: DemoOptions = {}): Promise<RunningDemo> {
  const api = await startFakeOrdergroove({
    port: apiPort,
    host,
    exposeControlRoutes,
    fake: fake ?? createFakeOrdergroove({ latencyMs }),
  });
  const labs = new LabStore();
  let site = { origin: '', apiBase: apiOrigin ?? api.url, relay: '' };

  /** This browser's webhook lab (from its cookie), created on first use. */
  const labFor = (c: Context) => {
    const found = labs.get(getCookie(c, LAB_COOKIE));
    if (found) return found;
    const id = newLabId();
    setCookie(c, LAB_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return labs.add(
      new Lab({
        id,
        fake: api.fake,
        relayUrl: `${site.relay}/relay/ordergroove/${id}`,
        landingUrl: `${site.origin}/landing.html`,
        delivery: webhooks,
      }),
    );
  };

  /** POST/redirect/GET: back to the inbox or the lab view. */
  const back = (c: Context, form: Record<string, unknown>, delivery?: number) => {
    const query = new URLSearchParams();
    if (form.back === 'webhooks') query.set('view', 'webhooks');
    if (delivery !== undefined) query.set('delivery', String(delivery));
    c.header('cache-control', 'no-store');
    return c.redirect(query.size ? `/?${query}` : '/', 303);
  };

  const page = (c: Context, body: string, csp?: boolean) => {
    c.header('cache-control', 'no-store');
    if (csp) c.header('content-security-policy', STRICT_CSP);
    return c.html(body);
  };

  const app = new Hono<{ Bindings: HttpBindings }>()
    .use(async (c, next) => {
      c.header('x-content-type-options', 'nosniff');
      c.header('cache-control', 'no-cache');
      await next();
    })
    .get('/', async (c) => {
      const lab = labFor(c);
      await lab.target.refreshUsed(); // Ordergroove's refresh of a token used meanwhile
      const selected = c.req.query('m');
      const delivery = Number(c.req.query('delivery'));
      const body = renderInbox({
        fake: api.fake,
        selected,
        search: c.req.query('q'),
        view: c.req.query('view') === 'webhooks' ? 'webhooks' : undefined,
        lab,
        delivery: Number.isInteger(delivery) && delivery > 0 ? delivery : undefined,
      });
      if (selected) lab.markRead(selected);
      return page(c, body);
    })
    .post('/lab/:action', bodyLimit({ maxSize: 8 * 1024 }), async (c) => {
      const form = await c.req.parseBody();
      const lab = labFor(c);
      switch (c.req.param('action')) {
        case 'send-webhook':
          try {
            const type = EVENT_TYPES.find((name) => name === form.type);
            if (form.esp === 'fail') lab.espFailures = 1;
            return back(c, form, (await lab.send(type, { twice: form.twice === 'on' }))?.id ?? 0);
          } catch (error) {
            // Most likely dist/webhooks.mjs is not built; the message says so.
            return c.text(`${error instanceof Error ? error.message : error}\n`, 503);
          }
        case 'rotation':
          lab.rotate(String(form.step) as RotationStep);
          return back(c, form);
        case 'relay-keys':
          lab.setRelayKeys(String(form.keys) as RelayKeys);
          return back(c, form);
        case 'enable':
          lab.target.enable();
          return back(c, form);
        default:
          return c.text('Not found\n', 404);
      }
    })
    .post('/relay/ordergroove/:id', async (c) => {
      const lab = labs.get(c.req.param('id'));
      if (!lab) return c.json({ error: 'unknown_relay' }, 404);
      // The raw request, body unread: the handler reads, verifies and answers it.
      const response = await lab.relay(c.req.raw);
      response.headers.set('x-content-type-options', 'nosniff');
      return response;
    })
    .on(['GET', 'PUT', 'PATCH', 'DELETE'], ['/lab/*', '/relay/*'], (c) => {
      c.header('allow', 'POST');
      return c.text('Method not allowed\n', 405);
    })
    .get('/:name{landing[\\w-]*\\.html}', (c) => {
      const name = c.req.param('name');
      const body = landingPage(name, site.apiBase);
      return body ? page(c, body, LANDING_PAGES[name]?.csp) : c.notFound();
    })
    .get('/fixtures/:name{[\\w-]+\\.html}', async (c) => {
      const name = c.req.param('name');
      const text = await readFile(join(ROOT, 'e2e', 'fixtures', name), 'utf8').catch(() => '');
      if (!text) return c.notFound();
      return page(c, text.replaceAll('{{API_BASE}}', site.apiBase), /csp/i.test(name));
    })
    .get('/dist/*', files('dist', '/dist'), (c) =>
      c.text(
        `${c.req.path} not found: run \`npm run build\` (\`npm run demo\` builds first).\n`,
        404,
      ),
    )
    .get('/vendor/ky/*', files('node_modules/ky/distribution', '/vendor/ky'))
    .get('/assets/*', files('demo/public'))
    .get('/demo.css', files('demo/public'))
    .get('/landing-esm.js', files('demo/public'))
    .all('*', (c) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.text('Not found\n', 404);
      c.header('allow', 'GET, HEAD');
      return c.text('Method not allowed\n', 405);
    });
  app.notFound((c) => c.text('Not found\n', 404));

  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(app, port, host);
  } catch (error) {
    await api.close();
    throw error;
  }
  const url = `http://${urlHost(host)}:${running.port}`;
  site = { origin: siteOrigin ?? url, apiBase: apiOrigin ?? api.url, relay: url };
  return {
    url,
    apiUrl: api.url,
    fake: api.fake,
    labs,
    close: async () => {
      labs.close();
      await Promise.all([running.close(), api.close()]);
    },
  };
}

const envPort = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return port;
};

/** An origin from the environment: `http(s)://host[:port]`, nothing more. */
const envOrigin = (name: string) => {
  const value = process.env[name];
  if (!value) return undefined;
  const url = new URL(value);
  if (!/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
    throw new RangeError(`${name} must be an origin such as https://demo.example, got ${value}`);
  }
  return url.origin;
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const demo = await startDemo({
    port: envPort('DEMO_PORT', 5173),
    apiPort: envPort('API_PORT', 5174),
    host: process.env.HOST || '127.0.0.1',
    latencyMs: envPort('API_LATENCY_MS', 0),
    siteOrigin: envOrigin('DEMO_ORIGIN'),
    apiOrigin: envOrigin('API_ORIGIN'),
    exposeControlRoutes: process.env.EXPOSE_CONTROL_ROUTES === '1',
  });
  console.log(`og-oca demo: ${demo.url}/  (fake Ordergroove API: ${demo.apiUrl})`);
  const stop = () =>
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
