// Three outputs (docs/contract.md, "Package and build"):
//  - dist/oca.js       minified IIFE for <script src>, runs on load, ky bundled in
//  - dist/oca.mjs      side-effect-free ESM for npm users; `import ky from 'ky'` stays a bare
//                      import (a runtime dependency: a store that already uses ky ships it once)
//  - dist/webhooks.mjs server helpers (node:crypto where there is one, else Web Crypto), no dependencies
// Type declarations: tsc -p tsconfig.build.json emits dist/types/; dist/oca.d.ts and
// dist/webhooks.d.ts re-export from there.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './tsconfig.json', declaration: false });

/** ky's own modules, for dist/oca.js (ky 1.14's `exports` names only its index). */
const KY = fileURLToPath(new URL('./', import.meta.resolve('ky')));

/**
 * The modules that ky's `Ky` class imports and that og-oca's one call (src/request.ts: a GET
 * with `retry: 0`, `throwHttpErrors: false`, no hooks) never runs, each replaced in dist/oca.js
 * by a stub that does nothing (docs/decisions.md, "ky inside dist/oca.js";
 * test/sdk/ky-bundle.test.ts pins ky's source and the options this relies on):
 *
 * - `utils/body.js`: the upload and download progress streams, used only with
 *   `onUploadProgress` / `onDownloadProgress`, which og-oca never passes;
 * - `utils/delay.js`, `utils/type-guards.js`, `errors/NonError.js`, `errors/ForceRetryError.js`:
 *   the retry path, which with `retry: 0` ends at its first line (`retryCount > limit`: the
 *   error is thrown on), and the `afterResponse` hooks, of which there are none;
 * - `errors/HTTPError.js`: thrown only with `throwHttpErrors` (og-oca reads every status itself);
 * - `utils/merge.js`: merges the given headers and hooks into ky's defaults; og-oca gives
 *   neither, so the headers are empty and the hooks are ky's empty lists, as they are passed in.
 *
 * `errors/TimeoutError.js` stays: ky's `timeout` throws it. (The minifier then drops the code
 * behind the stubbed type guards, which the retry path never reaches either.)
 */
export const KY_LEFT_OUT = {
  '../utils/body.js': `export const streamRequest = (request) => request;
export const streamResponse = (response) => response;`,
  '../utils/delay.js': 'export default async () => {};',
  '../utils/type-guards.js': `export const isHTTPError = () => false;
export const isTimeoutError = () => false;`,
  '../errors/NonError.js': 'export class NonError extends Error {}',
  '../errors/ForceRetryError.js': 'export class ForceRetryError extends Error {}',
  '../errors/HTTPError.js': 'export class HTTPError extends Error {}',
  '../utils/merge.js': `export const mergeHeaders = () => new Headers();
export const mergeHooks = (defaults) => defaults;`,
};

/**
 * ky inside dist/oca.js, as much of it as og-oca's one call reaches: `import ky from 'ky'` is
 * ky's own `Ky` class with the `get` og-oca calls (what ky's index does: `ky.get(input,
 * options)` is `Ky.create(input, { ...options, method: 'get' })`), without the index's
 * `create`/`extend`/other methods and their option merging; and {@link KY_LEFT_OUT} is left out.
 */
const kyInside = {
  name: 'ky-inside',
  resolveId: (source, importer) => {
    if (source === 'ky') return '\0ky';
    if (importer === `${KY}core/Ky.js` && Object.hasOwn(KY_LEFT_OUT, source))
      return `\0ky-left-out:${source}`;
    return null;
  },
  load: (id) => {
    if (id === '\0ky')
      return `import { Ky } from ${JSON.stringify(`${KY}core/Ky.js`)};
export default { get: (input, options) => Ky.create(input, { ...options, method: 'get' }) };`;
    if (id.startsWith('\0ky-left-out:')) return KY_LEFT_OUT[id.slice('\0ky-left-out:'.length)];
    return null;
  },
};

/** Copies the optional stylesheet next to the bundles and writes the entry .d.ts files. */
const packageFiles = {
  name: 'package-files',
  writeBundle() {
    mkdirSync('dist', { recursive: true });
    copyFileSync('src/oca.css', 'dist/oca.css');
    writeFileSync('dist/oca.d.ts', "export * from './types/index.js';\n");
    writeFileSync('dist/webhooks.d.ts', "export * from './types/webhooks/index.js';\n");
  },
};

export default [
  {
    input: 'src/auto.ts',
    output: { file: 'dist/oca.js', format: 'iife', name: 'OCA', sourcemap: true },
    plugins: [
      ts(),
      kyInside,
      terser({
        ecma: 2020,
        compress: { passes: 2 },
        // V8's compile hint: every function compiled eagerly as the script loads, not one by one
        // at first call. Measured (bench/browser.mjs mainThreadVisit, light page, 4× CPU
        // throttling, 16 alternating visits each): og-oca's own main-thread CPU from script start
        // to the request 99.6 ms with it, 148.3 ms without.
        format: { comments: false, preamble: '//# allFunctionsCalledOnLoad' },
      }),
      packageFiles,
    ],
  },
  {
    input: 'src/index.ts',
    external: ['ky'],
    output: { file: 'dist/oca.mjs', format: 'es', sourcemap: true },
    plugins: [ts()],
  },
  {
    input: 'src/webhooks/index.ts',
    output: { file: 'dist/webhooks.mjs', format: 'es', sourcemap: true },
    plugins: [ts()],
  },
];
