// A tiny static server for the benchmark pages: `/dist/*` from dist/ (or a snapshot of it),
// `/pages/*` from bench/pages/, and pages built in code (the heavy store, bench/store.mjs). `{{API_BASE}}` in an HTML page becomes the fake Ordergroove's
// origin. Nothing is cached (`no-store`), so every visit loads the page and the script afresh.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Starts the server on a free port of 127.0.0.1.
 * @param {{ apiBase: string, dist?: string, generated?: Record<string, string> }} options
 *   `dist`: the directory served as `/dist/`; `generated`: pages and scripts built in code
 *   (bench/store.mjs), by path
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export const startStatic = async ({ apiBase, dist = join(ROOT, 'dist'), generated = {} }) => {
  /** @type {Record<string, string>} */
  const MOUNTS = { '/dist/': dist, '/pages/': join(ROOT, 'bench', 'pages') };
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://bench.invalid');
      if (Object.hasOwn(generated, pathname)) {
        const type = TYPES[extname(pathname)] ?? 'application/octet-stream';
        const body = generated[pathname].replaceAll('{{API_BASE}}', apiBase);
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
        return;
      }
      const mount = Object.keys(MOUNTS).find((prefix) => pathname.startsWith(prefix));
      if (!mount) throw new Error('not served');
      const root = MOUNTS[mount];
      const file = normalize(join(root, decodeURIComponent(pathname.slice(mount.length))));
      if (!file.startsWith(root + sep)) throw new Error('outside the mount');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      let body = await readFile(file);
      if (type.startsWith('text/html'))
        body = body.toString('utf8').replaceAll('{{API_BASE}}', apiBase);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
