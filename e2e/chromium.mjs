// Which Chromium the e2e suite and the benchmarks drive (one file, plain ESM, so both
// Playwright's TypeScript and `node bench/run.mjs` can import it). Nothing here downloads a browser.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** The flags every launch needs on this machine (root, no GPU, closed network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The Chromium executable: `$CHROMIUM_PATH` first, then Playwright's own browser if
 * `npx playwright install chromium` put one here, then Debian's `/usr/bin/chromium`.
 * @returns {string}
 */
export const chromiumPath = () => {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {}
  for (const candidate of [bundled, '/usr/bin/chromium']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No Chromium found for the browser tests and benchmarks. Install one of:\n' +
      '  apt-get update && apt-get install -y chromium   (Debian; gives /usr/bin/chromium)\n' +
      '  npx playwright install chromium                 (Playwright’s own build)\n' +
      'or point CHROMIUM_PATH at a Chromium executable.',
  );
};
