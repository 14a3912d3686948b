import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  // This app sits inside the og-oca repository, which has its own lockfile: say which root is ours.
  turbopack: { root: here },
  outputFileTracingRoot: here,
};
