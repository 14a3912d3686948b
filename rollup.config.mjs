// Three outputs (docs/contract.md, "Package and build"):
//  - dist/oca.js       minified IIFE for <script src>, runs on load, ky bundled in whole, as
//                      published (resolved from node_modules like any dependency)
//  - dist/oca.mjs      side-effect-free ESM for npm users; `import ky from 'ky'` stays a bare
//                      import (a runtime dependency: a store that already uses ky ships it once)
//  - dist/webhooks.mjs server helpers with Web Crypto (export condition `default`: Deno, edge
//                      workers, browsers), no dependencies
//  - dist/webhooks.node.mjs the same with node:crypto's createHmac/timingSafeEqual (export
//                      condition `node`): src/webhooks/hmac.ts swapped for hmac-node.ts
//  - dist/react.mjs    og-oca/react, the useOneClick hook; `react` and `og-oca` stay bare imports
//  - dist/testing.mjs  og-oca/testing, the fake Ordergroove (Node only; msw loaded when asked for)
//    dist/cli.mjs      the og-oca command (package.json bin); both share a chunk
// Type declarations: tsc -p tsconfig.build.json emits dist/types/; dist/oca.d.ts,
// dist/webhooks.d.ts and dist/testing.d.ts re-export from there.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './tsconfig.json', declaration: false });

/** Copies the optional stylesheet next to the bundles and writes the entry .d.ts files. */
const packageFiles = {
  name: 'package-files',
  writeBundle() {
    mkdirSync('dist', { recursive: true });
    copyFileSync('src/oca.css', 'dist/oca.css');
    writeFileSync('dist/oca.d.ts', "export * from './types/index.js';\n");
    writeFileSync('dist/webhooks.d.ts', "export * from './types/webhooks/index.js';\n");
    writeFileSync('dist/testing.d.ts', "export * from './types/testing/index.js';\n");
    writeFileSync('dist/react.d.ts', "export * from './types/react/index.js';\n");
  },
};

/** Resolves `./for-apps.js` to for-apps-script-tag.ts, for dist/oca.js (see src/for-apps.ts). */
const scriptTag = {
  name: 'script-tag',
  resolveId(source, importer) {
    if (source === './for-apps.js' && importer?.includes('/src/')) {
      return fileURLToPath(new URL('./src/for-apps-script-tag.ts', import.meta.url));
    }
    return null;
  },
};

/** Resolves src/webhooks' `./hmac.js` to hmac-node.ts, for the `node` build. */
const nodeCrypto = {
  name: 'webhooks-node-crypto',
  resolveId(source, importer) {
    if (source === './hmac.js' && importer?.includes('/src/webhooks/')) {
      return fileURLToPath(new URL('./src/webhooks/hmac-node.ts', import.meta.url));
    }
    return null;
  },
};

export default [
  {
    input: 'src/auto.ts',
    output: { file: 'dist/oca.js', format: 'iife', name: 'OCA', sourcemap: true },
    plugins: [
      scriptTag,
      ts(),
      resolve({ browser: true }),
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
    input: 'src/react/index.ts',
    external: ['og-oca', 'react'],
    output: { file: 'dist/react.mjs', format: 'es', sourcemap: true },
    plugins: [ts()],
  },
  {
    input: 'src/webhooks/index.ts',
    output: { file: 'dist/webhooks.mjs', format: 'es', sourcemap: true },
    plugins: [ts()],
  },
  {
    input: 'src/webhooks/index.ts',
    external: ['node:crypto'],
    output: { file: 'dist/webhooks.node.mjs', format: 'es', sourcemap: true },
    plugins: [nodeCrypto, ts()],
  },
  {
    input: { testing: 'src/testing/index.ts', cli: 'src/testing/cli/main.ts' },
    external: [/^node:/, 'msw'],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'testing-[name].mjs',
      sourcemap: true,
    },
    plugins: [typescript({ tsconfig: './src/testing/tsconfig.json', declaration: false })],
  },
];
