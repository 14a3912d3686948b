// Bytes on the wire: raw, gzip -9 and brotli (quality 11) of the script tag's file, and of
// the ESM entry, the webhook helpers and ky 1.14 each bundled and minified with esbuild the
// way size-limit's esbuild plugin does it (ESM, browser platform, minified, tree-shaken).
// `dist` is the build to measure (run.mjs passes a snapshot of dist/, taken after the build).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** @param {Uint8Array} bytes */
const measure = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length,
});

/**
 * Bundles `contents` (an ESM entry resolved from the repository root, so `og-oca` is this
 * package through its own `exports`) and returns the minified output.
 * @param {string} contents
 * @param {string[]} [external] packages left out
 */
const bundle = async (contents, external = []) => {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: 'bench-entry.js' },
    // dist/oca.mjs imports ky: find it in this package's node_modules even from a snapshot
    nodePaths: [`${ROOT}node_modules`],
    external,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
};

/** The installed version of a dependency (read from node_modules: ky does not export its package.json). */
const versionOf = async (/** @type {string} */ name) =>
  JSON.parse(await readFile(`${ROOT}node_modules/${name}/package.json`, 'utf8')).version;

/**
 * @returns {Promise<{ name: string, how: string, raw: number, gzip: number, brotli: number }[]>}
 */
export const measureSizes = async (dist = `${ROOT}dist`) => [
  {
    name: '`dist/oca.js` (script tag)',
    how: 'the file as built',
    ...measure(await readFile(`${dist}/oca.js`)),
  },
  {
    name: "`import { run } from 'og-oca'`, ky included",
    how: 'esbuild bundle + minify of `dist/oca.mjs` and ky',
    ...measure(
      await bundle(`import { run } from ${JSON.stringify(`${dist}/oca.mjs`)};\nexport { run };\n`),
    ),
  },
  {
    name: "`import { run } from 'og-oca'`, without ky",
    how: 'the same, ky left out (a store that already ships ky)',
    ...measure(
      await bundle(`import { run } from ${JSON.stringify(`${dist}/oca.mjs`)};\nexport { run };\n`, [
        'ky',
      ]),
    ),
  },
  {
    name: '`og-oca/webhooks` (all exports)',
    how: 'esbuild bundle + minify of `dist/webhooks.mjs`',
    ...measure(await bundle(`export * from ${JSON.stringify(`${dist}/webhooks.mjs`)};\n`)),
  },
  {
    name: `ky ${await versionOf('ky')} alone (\`import ky from 'ky'\`)`,
    how: 'esbuild bundle + minify, same settings',
    ...measure(await bundle("import ky from 'ky';\nexport default ky;\n")),
  },
  {
    name: '`dist/oca.css` (optional stylesheet)',
    how: 'the file as built',
    ...measure(await readFile(`${dist}/oca.css`)),
  },
];

export const esbuildVersion = () => versionOf('esbuild');
