// @vitest-environment node
// dist/oca.js leaves out the parts of ky that og-oca's one call never runs (KY_LEFT_OUT in
// rollup.config.mjs). That was worked out for this ky, called the way src/request.ts calls it:
// these tests fail when either changes, so that the list is looked at again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { expect, test, vi } from 'vitest';
import configs, { KY_LEFT_OUT } from '../../rollup.config.mjs';
import { resolveConfig } from '../../src/config';
import { sendAction } from '../../src/request';

const KY = fileURLToPath(new URL('./', import.meta.resolve('ky')));
const source = (path: string) => readFileSync(`${KY}${path}`, 'utf8');

test('ky is the version whose Ky class was read for what og-oca reaches', () => {
  const { version } = JSON.parse(readFileSync(`${KY}../package.json`, 'utf8'));
  const digest = createHash('sha256').update(source('core/Ky.js')).digest('hex');
  // A new ky: read core/Ky.js again for what a GET with og-oca's options runs, update
  // KY_LEFT_OUT (rollup.config.mjs), then these two values.
  expect(version).toBe('1.14.3');
  expect(digest).toBe('a99afcdfd5d059456e8509f86eadb144ee04f0aa297e3fc5d15982058ce70341');
});

test('every module left out is one that the Ky class imports, and the build replaces it', () => {
  const imports = [...source('core/Ky.js').matchAll(/^import .* from '(.+)';$/gm)].map(
    ([, path]) => path,
  );
  expect(Object.keys(KY_LEFT_OUT).every((path) => imports.includes(path))).toBe(true);
  // ky's own timeout error is kept: its `timeout` throws it and og-oca reads it.
  expect(Object.keys(KY_LEFT_OUT)).not.toContain('../errors/TimeoutError.js');
  const plugin = configs[0]!.plugins.find((p) => p?.name === 'ky-inside') as {
    resolveId: (source: string, importer: string) => string | null;
    load: (id: string | null) => string | null;
  };
  for (const path of Object.keys(KY_LEFT_OUT)) {
    const id = plugin.resolveId(path, `${KY}core/Ky.js`);
    expect(plugin.load(id)).toBe(KY_LEFT_OUT[path as keyof typeof KY_LEFT_OUT]);
  }
  // Only the Ky class's own imports are replaced, nothing else of ky or og-oca.
  expect(plugin.resolveId('../utils/body.js', `${KY}utils/merge.js`)).toBeNull();
});

test('og-oca asks ky for one GET: no retry, no HTTP errors thrown, no headers, no hooks, no progress', async () => {
  const get = vi.spyOn(ky, 'get').mockResolvedValue(new Response('{}') as never);
  const config = resolveConfig({ timeout: 5000 }, () => {});
  await sendAction({ token: 'abcd', action: 'skip', params: {} }, config);
  expect(get).toHaveBeenCalledTimes(1);
  const options = get.mock.calls[0]![1]!;
  expect(Object.keys(options).sort()).toEqual([
    'cache',
    'credentials',
    'referrerPolicy',
    'retry',
    'throwHttpErrors',
    'timeout',
  ]);
  expect(options).toMatchObject({ retry: 0, throwHttpErrors: false, timeout: 5000 });
});
