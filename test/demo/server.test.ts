// @vitest-environment node
// The demo site (demo/server.ts): the inbox, the landing pages, what is public and what
// is not, and where the origins in pages and emails come from.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../demo/server.ts';

const TOKEN_PATTERN = /^[\w.~+/=-]{4,4096}$/;
const CSP = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo({ port: 0, apiPort: 0 });
});
afterAll(() => demo.close());

const get = (path: string, init?: RequestInit) => fetch(`${demo.url}${path}`, init);

/** A GET with the path sent byte for byte (fetch would normalise `/./` and `%2e%2e`). */
const rawGet = (path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = new URL(demo.url);
    request({ host: url.hostname, port: url.port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });

/** `data-case` → href of every action link in an inbox page. */
const linksOf = (html: string) =>
  new Map(
    [...html.matchAll(/href="([^"]+)"[^>]*data-case="([^"]+)"/g)].map((m) => [
      m[2] ?? '',
      (m[1] ?? '').replaceAll('&amp;', '&'),
    ]),
  );

describe('the inbox', () => {
  it('renders fresh, working tokens in every action link, new ones on each load', async () => {
    const response = await get('/');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const links = linksOf(await response.text());
    expect([...links.keys()]).toEqual(['delay-14', 'delay-21', 'skip']);
    const url = new URL(links.get('delay-21') ?? '', demo.url);
    expect([url.pathname, url.searchParams.get('action'), url.searchParams.get('days')]).toEqual([
      '/landing.html',
      'delay',
      '21',
    ]);
    const token = url.searchParams.get('token') ?? '';
    expect(token).toMatch(TOKEN_PATTERN);
    expect((await fetch(`${demo.apiUrl}/one_click/delay?token=${token}&days=21`)).status).toBe(200);
    expect(await (await get('/')).text()).not.toContain(token);
  });

  it('lists every sandbox case, the lost answer among them', async () => {
    const cases: string[] = [];
    for (const id of ['sandbox-links', 'sandbox-failures', 'sandbox-pages']) {
      cases.push(...linksOf(await (await get(`/?m=${id}`)).text()).keys());
    }
    expect(cases).toEqual(
      expect.arrayContaining([
        ...['unknown-action', 'no-token', 'malformed-token', 'legacy', 'fragment'],
        ...['error503', 'error500', 'reset', 'lost', 'slow-timeout', 'esm', 'csp', 'confirm'],
      ]),
    );
    const lost = new URL(
      linksOf(await (await get('/?m=sandbox-failures')).text()).get('lost') ?? '',
      demo.url,
    );
    expect(demo.fake.inspect(lost.searchParams.get('token') ?? '')).toMatchObject({
      fault: 'lost',
      faultsLeft: 1,
    });
  });

  it('puts the token of legacy and fragment links in the fragment only', async () => {
    const links = linksOf(await (await get('/?m=sandbox-links')).text());
    expect(links.get('legacy')).toMatch(
      /^\/landing\.html#og_quick_action=delay#og_delay_by=21#og_quick_action_token=eyJ[\w.-]+$/,
    );
    expect(links.get('fragment')).toMatch(/^\/landing\.html#token=eyJ[\w.-]+&action=skip$/);
  });

  it('on a phone, shows the list first and a message on its own once chosen', async () => {
    expect(await (await get('/')).text()).toContain('<body class="mail">');
    expect(await (await get('/?m=upsell')).text()).toContain('<body class="mail is-reading">');
    expect(await (await get('/?view=webhooks')).text()).toContain(
      '<body class="mail is-reading is-lab">',
    );
  });

  it('escapes what the address bar puts in the page', async () => {
    const html = await (
      await get(`/?q=${encodeURIComponent('"><script>alert(1)</script>')}`)
    ).text();
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('the landing pages', () => {
  it('name the configured API origin and are never cached', async () => {
    for (const [page, extra] of [
      ['/landing.html', ''],
      ['/landing-confirm.html', ' data-mode="confirm"'],
      ['/landing-slow.html', ' data-timeout="2000"'],
      ['/landing-csp.html', ''],
    ] as const) {
      const response = await get(page);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain(
        `<script src="/dist/oca.js" defer data-api-base="${demo.apiUrl}"${extra}></script>`,
      );
      expect(html).toContain('<div data-oca></div>');
      expect(html).not.toMatch(/\{\{|style=|<script>/);
    }
  });

  it('sends the strict CSP on the CSP page and CSP fixtures only', async () => {
    expect((await get('/landing-csp.html')).headers.get('content-security-policy')).toBe(CSP);
    expect((await get('/fixtures/hostile-csp.html')).headers.get('content-security-policy')).toBe(
      CSP,
    );
    expect((await get('/landing.html')).headers.get('content-security-policy')).toBeNull();
  });

  it('give the store a menu button that works without JavaScript', async () => {
    const html = await (await get('/landing-csp.html')).text();
    expect(html).toMatch(
      /<details class="store-menu">\s*<summary>Menu<\/summary>\s*<nav class="store-nav" aria-label="Store">/,
    );
  });

  it('load the ESM build and ky through an import map, as a site without a bundler does', async () => {
    const html = await (await get('/landing-esm.html')).text();
    expect(html).toContain(
      '<script type="importmap">{"imports":{"ky":"/vendor/ky/index.js"}}</script>',
    );
    expect(html).toContain('<script type="module" src="/landing-esm.js"></script>');
    expect(html).toContain(`<div id="oca" data-oca data-api-base="${demo.apiUrl}"></div>`);
    const module = await get('/landing-esm.js');
    expect(module.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await module.text()).toContain("from '/dist/oca.mjs'");
    const ky = await get('/vendor/ky/index.js');
    expect(ky.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await ky.text()).toMatch(/export default ky/);
  });

  it('fill {{API_BASE}} in fixtures', async () => {
    const html = await (await get('/fixtures/manual-run.html')).text();
    expect(html).not.toContain('{{API_BASE}}');
    expect(html).toContain(demo.apiUrl);
  });
});

describe('what is public', () => {
  it('serves the assets, the stylesheet and the build with their types', async () => {
    expect((await get('/demo.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await get('/assets/mail.svg')).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect((await get('/dist/oca.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await get('/dist/oca.js')).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    '/server.ts',
    '/.//server.ts',
    '/./server.ts',
    '//server.ts',
    '/demo/server.ts',
    '/inbox.ts',
    '/fake-ordergroove/model.ts',
    '/public/demo.css',
    '/README.md',
    '/tsconfig.json',
    '/package.json',
    '/.gitignore',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/assets/%2e%2e/server.ts',
    '/assets/..%2f..%2fserver.ts',
    '/assets/%2F..%2F..%2Fserver.ts',
    '/assets/%5c..%5c..%5cserver.ts',
    '/assets//../../server.ts',
    '/dist/..%2f..%2fpackage.json',
    '/dist/../package.json',
    '/dist/%2e%2e/package.json',
    '/vendor/ky/../../../package.json',
    '/vendor/ky/%2e%2e/package.json',
    '/fixtures/..%2f..%2fplaywright.config.ts',
    '/fixtures/../helpers.ts',
    '/fixtures/hostile-corpus.ts',
    '/node_modules/ky/package.json',
    '/landing.ts',
    '/%E0%A4%A',
  ])('answers 404 to %s and shows no file', async (path) => {
    const { status, body } = await rawGet(path);
    expect([400, 404]).toContain(status);
    expect(body).not.toMatch(/startDemo|"name": "og-oca"|import |root:/);
  });

  it('explains a missing build instead of a bare 404', async () => {
    const response = await get('/dist/does-not-exist.js');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('npm run build');
  });

  it('refuses methods other than GET and HEAD (POST only on the lab and relay routes)', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/landing.html', { method: 'PUT' })).status).toBe(405);
    const lab = await get('/lab/send-webhook');
    expect(lab.status).toBe(405);
    expect(lab.headers.get('allow')).toBe('POST');
  });
});

describe('origins come from configuration, not the Host header', () => {
  let configured: Awaited<ReturnType<typeof startDemo>>;
  beforeAll(async () => {
    configured = await startDemo({
      port: 0,
      apiPort: 0,
      siteOrigin: 'https://shop.example',
      apiOrigin: 'https://api.shop.example',
    });
  });
  afterAll(() => configured.close());

  it('pages name the configured API origin whatever Host the browser sent', async () => {
    const url = new URL(configured.url);
    for (const host of [url.host, 'evil.example', 'localhost:1']) {
      const page = await new Promise<string>((resolve, reject) => {
        request(
          { host: url.hostname, port: url.port, path: '/landing.html', headers: { host } },
          (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (c) => {
              body += c;
            });
            res.on('end', () => resolve(body));
          },
        )
          .on('error', reject)
          .end();
      });
      expect(page, host).toContain('data-api-base="https://api.shop.example"');
      expect(page).not.toContain('evil');
    }
  });

  it('emailed links point at the configured site origin', async () => {
    const first = await fetch(`${configured.url}/`, { headers: { host: 'evil.example' } });
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    const sent = await fetch(`${configured.url}/lab/send-webhook`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie,
        host: 'evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'back=inbox',
    });
    expect(sent.status).toBe(303);
    const lab = configured.labs.get(cookie.split('=')[1]);
    expect(lab?.emails[0]?.links.map((link) => new URL(link.href).origin)).toEqual(
      Array(4).fill('https://shop.example'),
    );
  });
});
