// Three outputs (docs/contract.md, "Package and build"):
//  - dist/oca.js       minified IIFE for <script src>, runs on load, ky bundled in
//  - dist/oca.mjs      side-effect-free ESM for npm users; `import ky from 'ky'` stays a bare
//                      import (a runtime dependency: a store that already uses ky ships it once)
//  - dist/webhooks.mjs server helpers, Web Crypto only, no dependencies
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
 * ky inside dist/oca.js, as much of it as og-oca's one call reaches (docs/decisions.md,
 * "ky inside dist/oca.js"; test/sdk/ky-bundle.test.ts fails if either shortcut stops holding):
 *
 * - `import ky from 'ky'` is ky's own `Ky` class with the `get` method og-oca calls (what ky's
 *   index does: `ky.get(input, options)` is `Ky.create(input, { ...options, method: 'get' })`),
 *   without the index's `create`/`extend`/other methods and their option merging;
 * - `utils/body.js` (the upload and download progress streams, reached only when
 *   `onUploadProgress` or `onDownloadProgress` is given, which og-oca never gives) is a stub
 *   that leaves the request and the response as they are.
 */
const kyInside = {
  name: 'ky-inside',
  resolveId: (source, importer) => {
    if (source === 'ky') return '\0ky';
    if (source === '../utils/body.js' && importer === `${KY}core/Ky.js`) return '\0ky-body';
    return null;
  },
  load: (id) => {
    if (id === '\0ky')
      return `import { Ky } from ${JSON.stringify(`${KY}core/Ky.js`)};
export default { get: (input, options) => Ky.create(input, { ...options, method: 'get' }) };`;
    if (id === '\0ky-body')
      return `export const streamRequest = (request) => request;
export const streamResponse = (response) => response;`;
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
