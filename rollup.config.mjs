// Three outputs (see DESIGN.md "Package and build"):
//  - dist/oca.js       minified IIFE for <script src>, ky bundled in, runs on load
//  - dist/oca.mjs      side-effect-free ESM for npm users, ky left as a dependency
//  - dist/webhooks.mjs server helpers, Web Crypto only, no dependencies
// Type declarations are emitted by tsc (npm run build:types) into dist/types.
import { copyFileSync, mkdirSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './tsconfig.json', declaration: false });

/** Copies the optional stylesheet next to the bundles. */
const css = {
  name: 'copy-css',
  writeBundle() {
    mkdirSync('dist', { recursive: true });
    copyFileSync('src/oca.css', 'dist/oca.css');
  },
};

export default [
  {
    input: 'src/auto.ts',
    output: { file: 'dist/oca.js', format: 'iife', name: 'OCA', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      ts(),
      terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } }),
      css,
    ],
  },
  {
    input: 'src/index.ts',
    output: { file: 'dist/oca.mjs', format: 'es', sourcemap: true },
    external: ['ky'],
    plugins: [ts()],
  },
  {
    input: 'src/webhooks/index.ts',
    output: { file: 'dist/webhooks.mjs', format: 'es', sourcemap: true },
    plugins: [ts()],
  },
];
