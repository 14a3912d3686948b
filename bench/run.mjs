// npm run bench — size and speed of og-oca (see bench/README.md). Builds first (package.json),
// then prints a Markdown report and writes it to bench/RESULTS.md.
//
// Environment: BENCH_RUNS (visits per page and latency, default 30), BENCH_CPU_RUNS
// (throttled visits per page, default 20), BENCH_WARMUP (warm-up rounds, default 1),
// CHROMIUM_PATH (see e2e/chromium.mjs).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeOrdergroove, startFakeOrdergroove } from '../demo/fake-ordergroove/index.ts';
import { launch, mainThreadVisit, tabs, timeVisit } from './browser.mjs';
import { esbuildVersion, measureSizes } from './size.mjs';
import { startStatic } from './static.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CPU_RUNS = Number(process.env.BENCH_CPU_RUNS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const LATENCIES = [0, 100];
const THROTTLE = 4;
const DESKTOP = { width: 1280, height: 720 };
const MOBILE = { width: 390, height: 844 };
const RESULTS = fileURLToPath(new URL('RESULTS.md', import.meta.url));

/** The pages compared, in bench/pages/. `baseline` is the floor the ratio is taken against. */
const PAGES = {
  oca: { file: 'oca.html', script: '/dist/oca.js', label: 'og-oca (`dist/oca.js`, defer)' },
  baseline: {
    file: 'baseline.html',
    script: '/pages/baseline.js',
    label: 'baseline by hand (`baseline.js`, defer)',
  },
};

/** The commit measured, and whether src/ had changes on top of it when dist/ was built. */
const revision = () => {
  try {
    const git = (/** @type {string[]} */ ...args) =>
      execFileSync('git', ['--no-optional-locks', ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const dirty = git('status', '--porcelain', '--', 'src') !== '';
    return `\`${git('rev-parse', '--short', 'HEAD')}\`${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
};

const started = performance.now();
const measured = revision(); // dist/ was built from this a moment ago
// Others may rebuild dist/ while this runs: measure a copy of this build, not a moving target.
const dist = await mkdtemp(join(tmpdir(), 'og-oca-bench-'));
process.on('exit', () => rmSync(dist, { recursive: true, force: true }));
await cp(fileURLToPath(new URL('../dist', import.meta.url)), dist, { recursive: true });
const load = [loadavg()[0]];
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

// --- statistics -----------------------------------------------------------------------------
/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** @param {number[]} values */
const summary = (values) => ({
  n: values.length,
  min: Math.min(...values),
  median: median(values),
  max: Math.max(...values),
});
const ms = (/** @type {number} */ value, digits = 1) => value.toFixed(digits);
/** Rotates the visit order every round, so no page always goes first. */
const rotated = (/** @type {string[]} */ keys, /** @type {number} */ round) =>
  keys.map((_, i) => keys[(i + round) % keys.length]);

// --- the fake API and the pages ---------------------------------------------------------------
/** Starts the fake Ordergroove API with a fixed added latency, and the static server for it. */
const startSite = async (/** @type {number} */ latencyMs) => {
  const api = await startFakeOrdergroove({ fake: createFakeOrdergroove({ latencyMs }) });
  const site = await startStatic({ apiBase: api.url, dist });
  /** Mints a fresh token through the fake's control route and returns the landing URL. */
  const landing = async (/** @type {string} */ file) => {
    const response = await fetch(`${api.url}/__fake/tokens`, {
      method: 'POST',
      body: JSON.stringify({ action: 'delay' }),
    });
    const { token } = await response.json();
    return { token, url: `${site.url}/pages/${file}?token=${token}&action=delay&days=21` };
  };
  /** @returns {Promise<{ method: string, path: string, query: Record<string, string> }[]>} */
  const requests = async () => (await fetch(`${api.url}/__fake/requests`)).json();
  const close = async () => {
    await site.close();
    await api.close();
  };
  return { landing, requests, close };
};

/**
 * Checks one visit: `navigator.webdriver` false (so auto mode ran), the page visible, the
 * outcome `success`.
 */
const check = (/** @type {Record<string, any>} */ visit, /** @type {string} */ what) => {
  if (visit.webdriver !== false)
    throw new Error(
      `${what}: navigator.webdriver is ${visit.webdriver}; og-oca would not run on load`,
    );
  if (visit.endState && visit.endState !== 'success')
    throw new Error(`${what}: ended in "${visit.endState}" (states: ${visit.states?.join(' → ')})`);
};

// --- 1. size ----------------------------------------------------------------------------------
log('bench: sizes…');
const sizes = await measureSizes(dist);

const browser = await launch();
const chromiumVersion = browser.version();

// --- 2 and 4. time to confirmation, requests, layout shift ------------------------------------
/** @type {Record<number, Record<string, Record<string, any>[]>>} */
const timing = {};
/** @type {Record<number, { perAction: number[], options: number, other: number }>} */
const traffic = {};
for (const latency of LATENCIES) {
  log(`bench: time to confirmation, ${latency} ms latency…`);
  const site = await startSite(latency);
  const pool = tabs(browser, { viewport: DESKTOP, measure: true });
  const keys = Object.keys(PAGES);
  const visits = Object.fromEntries(keys.map((key) => [key, /** @type {any[]} */ ([])]));
  /** token → page key, for reading the fake's log afterwards */
  const tokens = new Map();
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const key of rotated(keys, round)) {
      const { token, url } = await site.landing(PAGES[key].file);
      tokens.set(token, key);
      const visit = await pool.use((tab) => timeVisit(tab, url));
      check(visit, `${key} at ${latency} ms`);
      if (round >= WARMUP) visits[key].push(visit);
    }
  }
  const log_ = await site.requests();
  const perToken = new Map([...tokens.keys()].map((token) => [token, 0]));
  let options = 0;
  let other = 0;
  for (const request of log_) {
    if (request.method === 'OPTIONS') options += 1;
    else if (perToken.has(request.query?.token))
      perToken.set(request.query.token, perToken.get(request.query.token) + 1);
    else other += 1;
  }
  traffic[latency] = {
    perAction: [...perToken].filter(([token]) => tokens.get(token) === 'oca').map(([, n]) => n),
    options,
    other,
  };
  timing[latency] = visits;
  await pool.close();
  await site.close();
}

// --- 3. main-thread cost at 4× CPU throttling -------------------------------------------------
log(`bench: main-thread cost at ${THROTTLE}× CPU throttling…`);
/** @type {Record<string, { busy: number, cpu: number, cls: number }[]>} */
const mainThread = { oca: [], baseline: [] };
{
  const site = await startSite(0);
  const pool = tabs(browser, { viewport: MOBILE });
  const keys = Object.keys(mainThread);
  for (let round = 0; round < WARMUP + CPU_RUNS; round++) {
    for (const key of rotated(keys, round)) {
      const { url } = await site.landing(PAGES[key].file);
      const cost = await pool.use((tab) => mainThreadVisit(tab, url, PAGES[key].script, THROTTLE));
      check({ webdriver: cost.webdriver, endState: cost.state }, `${key} (throttled)`);
      if (round >= WARMUP) mainThread[key].push(cost);
    }
  }
  await pool.close();
  await site.close();
}
await browser.close();
load.push(loadavg()[0]);

// --- 5. report --------------------------------------------------------------------------------
const kB = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const ttc = Object.fromEntries(
  LATENCIES.map((latency) => [
    latency,
    Object.fromEntries(
      Object.entries(timing[latency]).map(([key, visits]) => [
        key,
        summary(visits.map((visit) => visit.end)),
      ]),
    ),
  ]),
);
/** Median over the rounds of og-oca ÷ baseline within a round (visits next to each other). */
const pairedRatio = (/** @type {number} */ latency) =>
  median(timing[latency].oca.map((visit, i) => visit.end / timing[latency].baseline[i].end));
const ratio = (/** @type {number} */ latency) =>
  ttc[latency].oca.median / ttc[latency].baseline.median;
const cost = Object.fromEntries(
  Object.entries(mainThread).map(([key, runs]) => [
    key,
    {
      busy: summary(runs.map((run) => run.busy)),
      cpu: summary(runs.map((run) => run.cpu)),
    },
  ]),
);
const allCls = LATENCIES.flatMap((latency) => timing[latency].oca.map((visit) => visit.cls));
const mobileCls = mainThread.oca.map((visit) => visit.cls);
const maxCls = Math.max(...allCls, ...mobileCls);
const baselineCls = Math.max(
  ...LATENCIES.flatMap((latency) => timing[latency].baseline.map((visit) => visit.cls)),
  ...mainThread.baseline.map((visit) => visit.cls),
);
const perAction = LATENCIES.flatMap((latency) => traffic[latency].perAction);
const optionsCount = LATENCIES.reduce((sum, latency) => sum + traffic[latency].options, 0);
const otherCount = LATENCIES.reduce((sum, latency) => sum + traffic[latency].other, 0);

const targets = [
  {
    target: 'time to confirmation ≤ 1.10 × baseline at 100 ms latency (median ratio)',
    value: `${ratio(100).toFixed(3)} × (median of per-round ratios ${pairedRatio(100).toFixed(3)} ×)`,
    met: ratio(100) <= 1.1,
  },
  {
    target: `main-thread cost ≤ 5 ms at ${THROTTLE}× throttling (median)`,
    value: `${ms(cost.oca.busy.median)} ms (baseline page ${ms(cost.baseline.busy.median)} ms, difference ${ms(cost.oca.busy.median - cost.baseline.busy.median)} ms)`,
    met: cost.oca.busy.median <= 5,
  },
  { target: 'cumulative layout shift 0 (every run)', value: String(maxCls), met: maxCls === 0 },
  {
    target: 'requests per action = 1',
    value: `${Math.min(...perAction)}–${Math.max(...perAction)} (${perAction.length} actions)`,
    met: perAction.every((n) => n === 1),
  },
  { target: 'OPTIONS preflights = 0', value: String(optionsCount), met: optionsCount === 0 },
];

/** Medians of the phases of a visit, ms since navigation start. */
const phases = (/** @type {any[]} */ visits) =>
  ['scriptEnd', 'requestStart', 'responseEnd', 'end'].map((field) =>
    ms(median(visits.map((visit) => visit[field]))),
  );

const seconds = (performance.now() - started) / 1000;
const lines = [
  '# og-oca benchmark results',
  '',
  `- ${new Date().toISOString()}; og-oca at ${measured}`,
  `- Node ${process.version}, Chromium ${chromiumVersion}, esbuild ${await esbuildVersion()}`,
  `- ${cpus().length} CPUs (\`os.cpus().length\`); 1-minute load average ${load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end`,
  `- ${RUNS} visits per page and latency after ${WARMUP} warm-up round(s); ${CPU_RUNS} throttled visits per page; measuring took ${seconds.toFixed(0)} s (plus the build)`,
  '',
  'How each number is taken: [bench/README.md](README.md). Timings on a shared machine are noisy;',
  'medians of alternating runs are reported, and the figures that decide a target should come from a',
  'quiet machine.',
  '',
  '## Targets',
  '',
  '| target | measured | met |',
  '|---|---|---|',
  ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`),
  '',
  '## Size',
  '',
  '| what | measured as | raw | gzip -9 | brotli |',
  '|---|---|---:|---:|---:|',
  ...sizes.map(
    (s) =>
      `| ${s.name} | ${s.how} | ${s.raw} B | ${kB(s.gzip)} (${s.gzip} B) | ${kB(s.brotli)} (${s.brotli} B) |`,
  ),
  '',
  '## Time to confirmation',
  '',
  'From navigation start to `data-oca-state="success"` on the host, ms (`performance.now()` in a',
  'MutationObserver), fresh token and fresh browser context per visit, pages alternating.',
  '',
  '"Per round" is the median of og-oca ÷ baseline over rounds (each round visits both pages, one',
  'after the other): a second view of the same data that is less sensitive to slow drift in load.',
  '',
  '| API latency | page | visits | min | median | max | median ÷ baseline | per round |',
  '|---:|---|---:|---:|---:|---:|---:|---:|',
  ...LATENCIES.flatMap((latency) =>
    Object.entries(PAGES).map(([key, page]) => {
      const s = ttc[latency][key];
      const r = s.median / ttc[latency].baseline.median;
      const ratios =
        key === 'baseline' ? '1 | 1' : `${r.toFixed(3)} × | ${pairedRatio(latency).toFixed(3)} ×`;
      return `| ${latency} ms | ${page.label} | ${s.n} | ${ms(s.min)} | ${ms(s.median)} | ${ms(s.max)} | ${ratios} |`;
    }),
  ),
  '',
  'Where the time goes (medians, ms since navigation start): script downloaded → request started',
  '(Resource Timing of the `/one_click/` fetch) → response received → confirmation shown.',
  '',
  '| API latency | page | script downloaded | request started | response received | confirmation |',
  '|---:|---|---:|---:|---:|---:|',
  ...LATENCIES.flatMap((latency) =>
    Object.entries(PAGES).map(
      ([key, page]) =>
        `| ${latency} ms | ${page.label} | ${phases(timing[latency][key]).join(' | ')} |`,
    ),
  ),
  '',
  `## Main-thread cost at ${THROTTLE}× CPU throttling`,
  '',
  'Main-thread busy time from the start of the script’s evaluation to the moment its',
  '`/one_click/` request is sent (Chromium trace: `RunTask` time between `EvaluateScript` and',
  '`ResourceSendRequest`), ms. "CPU" is the thread time of the same slices: time the thread',
  'spent waiting for a core on a busy machine is not in it (the throttling itself is), so it is',
  'the steadier of the two when other work runs. The minimum is the best a visit did.',
  '',
  '| page | visits | min | median | max | median CPU |',
  '|---|---:|---:|---:|---:|---:|',
  ...Object.entries(cost).map(
    ([key, c]) =>
      `| ${PAGES[key].label} | ${c.busy.n} | ${ms(c.busy.min)} | ${ms(c.busy.median)} | ${ms(c.busy.max)} | ${ms(c.cpu.median)} |`,
  ),
  `| og-oca − baseline (medians) | | | ${ms(cost.oca.busy.median - cost.baseline.busy.median)} | | ${ms(cost.oca.cpu.median - cost.baseline.cpu.median)} |`,
  '',
  '## Requests and layout shift',
  '',
  '| check | result |',
  '|---|---|',
  `| requests per og-oca action (fake API log, by token) | min ${Math.min(...perAction)}, max ${Math.max(...perAction)} over ${perAction.length} actions |`,
  `| OPTIONS requests (all visits) | ${optionsCount} |`,
  `| other requests to the API (not one of the minted tokens) | ${otherCount} |`,
  `| CLS, og-oca, 1280×720 (${allCls.length} visits) | max ${Math.max(...allCls)}, median ${median(allCls)} |`,
  `| CLS, og-oca, ${MOBILE.width}×${MOBILE.height} (the throttled visits, ${mobileCls.length}) | max ${Math.max(...mobileCls)} |`,
  `| CLS, baseline (same page, same stylesheet) | max ${baselineCls} |`,
  '| `navigator.webdriver` in every visit | false (checked; auto mode ran) |',
  '',
];
const markdown = lines.join('\n');
await writeFile(RESULTS, markdown);
process.stdout.write(`${markdown}\n`);
log(`bench: done in ${seconds.toFixed(0)} s; written to bench/RESULTS.md`);
