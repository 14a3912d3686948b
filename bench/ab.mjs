// node bench/ab.mjs <dirA> <dirB> [visits] [throttle] — two builds of dist/oca.js, compared on
// the light page by the main-thread cost that `npm run bench` reports (bench/browser.mjs
// mainThreadVisit: from the start of the script's evaluation, compile included, to its request).
// Each directory is served as `/dist/` (copy dist/oca.js into it); the visits alternate A, B,
// B, A, … so drift in the machine's load falls on both. Not part of `npm run bench`.
import { createFakeOrdergroove, startFakeOrdergroove } from 'og-oca/testing';
import { launch, mainThreadVisit, tabs } from './browser.mjs';
import { startStatic } from './static.mjs';

const [dirA, dirB] = process.argv.slice(2, 4);
if (!dirA || !dirB) throw new Error('usage: node bench/ab.mjs <dirA> <dirB> [visits] [throttle]');
const VISITS = Number(process.argv[4] ?? 20);
const RATE = Number(process.argv[5] ?? 4);

const api = await startFakeOrdergroove({ fake: createFakeOrdergroove({ latencyMs: 0 }) });
const sites = {
  A: await startStatic({ apiBase: api.url, dist: dirA }),
  B: await startStatic({ apiBase: api.url, dist: dirB }),
};
const browser = await launch();
const pool = tabs(browser, { viewport: { width: 390, height: 844 } });
/** @type {Record<string, { busy: number, cpu: number, span: number }[]>} */
const costs = { A: [], B: [] };
for (let round = 0; round < VISITS + 1; round++) {
  for (const key of round % 2 ? ['B', 'A'] : ['A', 'B']) {
    const token = api.fake.mint({ action: 'delay' });
    const url = `${sites[key].url}/pages/oca.html?token=${token}&action=delay&days=21`;
    const cost = await pool.use((tab) => mainThreadVisit(tab, url, '/dist/oca.js', RATE));
    if (cost.webdriver !== false) throw new Error('navigator.webdriver is not false');
    if (round > 0) costs[key].push(cost);
  }
}
await pool.close();
await browser.close();
await Promise.all([sites.A.close(), sites.B.close(), api.close()]);

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
console.log(`${VISITS} visits each, ${RATE}× throttling; medians, ms (min in brackets)`);
for (const [key, list] of Object.entries(costs)) {
  const line = ['busy', 'cpu', 'span'].map((name) => {
    const values = list.map((cost) => cost[name]);
    return `${name} ${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)})`;
  });
  console.log(`${key} ${key === 'A' ? dirA : dirB}: ${line.join(', ')}`);
}
