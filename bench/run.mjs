// npm run bench — size and speed of og-oca (see bench/README.md). Builds first (package.json),
// then prints a Markdown report and writes it to bench/RESULTS.md.
//
// Environment: BENCH_RUNS (visits per page and scenario, default 30), BENCH_CPU_RUNS
// (throttled visits per page, default 20), BENCH_WARMUP (warm-up rounds, default 1),
// CHROMIUM_PATH (see e2e/chromium.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createFakeOrdergroove, startFakeOrdergroove } from 'og-oca/testing';
import { launch, mainThreadVisit, tabs, timeVisit } from './browser.mjs';
import { esbuildVersion, measureSizes } from './size.mjs';
import { startStatic } from './static.mjs';
import { STORE_SCRIPTS, storePage } from './store.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CPU_RUNS = Number(process.env.BENCH_CPU_RUNS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const THROTTLE = 4;
const DESKTOP = { width: 1280, height: 720 };
const MOBILE = { width: 390, height: 844 };
const RESULTS = fileURLToPath(new URL('RESULTS.md', import.meta.url));

/**
 * og-oca's recommended tag, exactly as README.md shows it (its `<head>` example: the preconnect,
 * the stylesheet and the plain synchronous script), pointed at this bench's build and fake API.
 */
const RECOMMENDED = (() => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const head = /```html\n<head>\n([\s\S]*?)\n<\/head>/.exec(readme)?.[1];
  if (!head?.includes('src="/assets/oca.js"'))
    throw new Error("README.md's recommended tag (a ```html <head> block) was not found");
  return head
    .replaceAll('/assets/', '/dist/')
    .replaceAll('https://restapi.ordergroove.com', '{{API_BASE}}')
    .replace(/<!--[\s\S]*?-->/g, '');
})();
/** The hand-written floor, deferred as a merchant would write it. */
const HAND_WRITTEN =
  '<script src="/pages/baseline.js" defer data-api-base="{{API_BASE}}"></script>';
/**
 * bench/pages/ky-floor.mjs bundled with ky whole, minified, with the compile hint that
 * dist/oca.js carries: what a script that ships ky costs at the least.
 */
const KY_FLOOR = await build({
  entryPoints: [fileURLToPath(new URL('pages/ky-floor.mjs', import.meta.url))],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  write: false,
  banner: { js: '//# allFunctionsCalledOnLoad' },
});
/** The light page with `tag` in place of og-oca's deferred tag. */
const lightPage = (/** @type {string} */ tag) =>
  readFileSync(new URL('pages/oca.html', import.meta.url), 'utf8').replace(
    /<script src="\/dist\/oca\.js"[^>]*><\/script>/,
    tag,
  );
/** The heavy store (bench/store.mjs) with each tag, and its scripts. */
const GENERATED = {
  ...STORE_SCRIPTS,
  '/pages/heavy-oca.html': storePage(RECOMMENDED),
  // The light page with the recommended tag in place of its own.
  '/pages/oca-recommended.html': lightPage(RECOMMENDED),
  '/pages/ky-floor.html': lightPage(
    '<script src="/pages/ky-floor.js" defer data-api-base="{{API_BASE}}"></script>',
  ),
  '/pages/ky-floor.js': KY_FLOOR.outputFiles[0].text,
  '/pages/heavy-baseline.html': storePage(HAND_WRITTEN),
};

/** The pages compared: bench/pages/, or built by bench/store.mjs. */
const PAGES = {
  oca: { file: 'oca.html', script: '/dist/oca.js', label: 'og-oca (`dist/oca.js`, defer)' },
  ocaRecommended: {
    file: 'oca-recommended.html',
    script: '/dist/oca.js',
    label: "og-oca, README's recommended tag (synchronous, first in <head>, preconnect)",
  },
  baseline: {
    file: 'baseline.html',
    script: '/pages/baseline.js',
    label: 'hand-written (`baseline.js`, defer)',
  },
  kyFloor: {
    file: 'ky-floor.html',
    script: '/pages/ky-floor.js',
    label: 'hand-written with ky (`ky-floor.mjs` + ky, bundled, defer)',
  },
  heavyOca: {
    file: 'heavy-oca.html',
    script: '/dist/oca.js',
    label: 'heavy store, og-oca, recommended tag',
  },
  heavyBaseline: {
    file: 'heavy-baseline.html',
    script: '/pages/baseline.js',
    label: 'heavy store, hand-written (defer)',
  },
};

/**
 * What is timed: in each scenario its pages alternate at one API latency, and every ratio is
 * taken against its `baseline`, measured in the same run.
 */
const SCENARIOS = [
  {
    id: 'light-0',
    latency: 0,
    pages: ['oca', 'ocaRecommended', 'kyFloor', 'baseline'],
    baseline: 'baseline',
  },
  {
    id: 'light-100',
    latency: 100,
    pages: ['oca', 'ocaRecommended', 'kyFloor', 'baseline'],
    baseline: 'baseline',
  },
  {
    id: 'heavy-100',
    latency: 100,
    pages: ['heavyOca', 'heavyBaseline'],
    baseline: 'heavyBaseline',
  },
];

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
  const site = await startStatic({ apiBase: api.url, dist, generated: GENERATED });
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
/** @type {Record<string, Record<string, Record<string, any>[]>>} visits by scenario and page */
const timing = {};
/** @type {Record<string, { perAction: number[], options: number, other: number }>} */
const traffic = {};
for (const scenario of SCENARIOS) {
  log(`bench: time to confirmation, ${scenario.id} (${scenario.latency} ms latency)…`);
  const site = await startSite(scenario.latency);
  const pool = tabs(browser, { viewport: DESKTOP, measure: true });
  const keys = scenario.pages;
  const visits = Object.fromEntries(keys.map((key) => [key, /** @type {any[]} */ ([])]));
  /** token → page key, for reading the fake's log afterwards */
  const tokens = new Map();
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const key of rotated(keys, round)) {
      const { token, url } = await site.landing(PAGES[key].file);
      tokens.set(token, key);
      const visit = await pool.use((tab) => timeVisit(tab, url));
      check(visit, `${key} in ${scenario.id}`);
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
  traffic[scenario.id] = {
    perAction: [...perToken]
      .filter(([token]) => PAGES[tokens.get(token)].script === '/dist/oca.js')
      .map(([, n]) => n),
    options,
    other,
  };
  timing[scenario.id] = visits;
  await pool.close();
  await site.close();
}

// --- 3. main-thread cost at 4× CPU throttling -------------------------------------------------
log(`bench: main-thread cost at ${THROTTLE}× CPU throttling…`);
/** @type {Record<string, { busy: number, cpu: number, cls: number }[]>} */
const mainThread = { oca: [], kyFloor: [], baseline: [] };
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
/** Time-to-confirmation summaries by scenario and page. */
const ttc = Object.fromEntries(
  SCENARIOS.map(({ id }) => [
    id,
    Object.fromEntries(
      Object.entries(timing[id]).map(([key, visits]) => [
        key,
        summary(visits.map((visit) => visit.end)),
      ]),
    ),
  ]),
);
const scenarioOf = (/** @type {string} */ id) => SCENARIOS.find((s) => s.id === id);
/** Median of `key` ÷ the scenario's baseline. */
const ratio = (/** @type {string} */ id, /** @type {string} */ key) =>
  ttc[id][key].median / ttc[id][scenarioOf(id).baseline].median;
/** Median over the rounds of `key` ÷ baseline within a round (visits next to each other). */
const pairedRatio = (/** @type {string} */ id, /** @type {string} */ key) =>
  median(timing[id][key].map((visit, i) => visit.end / timing[id][scenarioOf(id).baseline][i].end));
const cost = Object.fromEntries(
  Object.entries(mainThread).map(([key, runs]) => [
    key,
    {
      busy: summary(runs.map((run) => run.busy)),
      cpu: summary(runs.map((run) => run.cpu)),
      ownCpu: summary(runs.map((run) => run.ownCpu)),
      span: summary(runs.map((run) => run.span)),
    },
  ]),
);
const ocaVisits = SCENARIOS.flatMap(({ id }) =>
  Object.entries(timing[id])
    .filter(([key]) => PAGES[key].script === '/dist/oca.js')
    .flatMap(([, visits]) => visits),
);
const allCls = ocaVisits.map((visit) => visit.cls);
const mobileCls = mainThread.oca.map((visit) => visit.cls);
const maxCls = Math.max(...allCls, ...mobileCls);
const baselineCls = Math.max(
  ...SCENARIOS.flatMap(({ id, baseline }) => timing[id][baseline].map((visit) => visit.cls)),
  ...mainThread.baseline.map((visit) => visit.cls),
);
const perAction = SCENARIOS.flatMap(({ id }) => traffic[id].perAction);
const optionsCount = SCENARIOS.reduce((sum, { id }) => sum + traffic[id].options, 0);
const otherCount = SCENARIOS.reduce((sum, { id }) => sum + traffic[id].other, 0);
const cpuRatio = cost.oca.cpu.median / cost.baseline.cpu.median;

const targets = [
  {
    target:
      "time to confirmation ≤ 0.95 × hand-written, light page, 100 ms API latency, README's recommended tag",
    value: `${ratio('light-100', 'ocaRecommended').toFixed(3)} × (per round ${pairedRatio('light-100', 'ocaRecommended').toFixed(3)} ×)`,
    met: ratio('light-100', 'ocaRecommended') <= 0.95,
  },
  {
    target:
      'time to confirmation ≤ 1.03 × hand-written, light page, 100 ms API latency, og-oca deferred like it',
    value: `${ratio('light-100', 'oca').toFixed(3)} × (per round ${pairedRatio('light-100', 'oca').toFixed(3)} ×)`,
    met: ratio('light-100', 'oca') <= 1.03,
  },
  {
    target:
      "time to confirmation ≤ 1.0 × hand-written, light page, 0 ms latency, README's recommended tag",
    value: `${ratio('light-0', 'ocaRecommended').toFixed(3)} × (per round ${pairedRatio('light-0', 'ocaRecommended').toFixed(3)} ×; deferred ${ratio('light-0', 'oca').toFixed(3)} ×)`,
    met: ratio('light-0', 'ocaRecommended') <= 1,
  },
  {
    target:
      'time to confirmation ≤ 0.5 × hand-written, heavy store page, 100 ms latency, recommended tag',
    value: `${ratio('heavy-100', 'heavyOca').toFixed(3)} × (per round ${pairedRatio('heavy-100', 'heavyOca').toFixed(3)} ×)`,
    met: ratio('heavy-100', 'heavyOca') <= 0.5,
  },
  {
    target: `main-thread CPU from script start to request ≤ 3 × hand-written (stretch 2 ×; median, ${THROTTLE}× throttling)`,
    value: `${cpuRatio.toFixed(2)} × (${ms(cost.oca.cpu.median)} vs ${ms(cost.baseline.cpu.median)} ms)`,
    met: cpuRatio <= 3,
  },
  { target: 'cumulative layout shift 0 (every run)', value: String(maxCls), met: maxCls === 0 },
  {
    target: 'requests per action = 1',
    value: `${Math.min(...perAction)}–${Math.max(...perAction)} (${perAction.length} actions)`,
    met: perAction.every((n) => n === 1),
  },
  { target: 'OPTIONS preflights = 0', value: String(optionsCount), met: optionsCount === 0 },
];

/** Ratios of medians `a` ÷ `b` in a light scenario (time to confirmation). */
const between = (/** @type {string} */ id, /** @type {string} */ a, /** @type {string} */ b) =>
  (ttc[id][a].median / ttc[id][b].median).toFixed(3);
const cpuBetween = (/** @type {string} */ a, /** @type {string} */ b) =>
  (cost[a].cpu.median / cost[b].cpu.median).toFixed(2);
/** The hand-written floor, the same with ky, and og-oca: what each layer adds. */
const floors = ['light-100', 'light-0']
  .flatMap((id) => [
    [`time to confirmation, ${id}, og-oca deferred`, id, 'oca'],
    [`time to confirmation, ${id}, og-oca's recommended tag`, id, 'ocaRecommended'],
  ])
  .map(
    ([what, id, key]) =>
      `| ${what} | ${between(id, 'kyFloor', 'baseline')} × | ${between(id, key, 'kyFloor')} × | ${between(id, key, 'baseline')} × |`,
  );
floors.push(
  `| main-thread CPU to the request (${THROTTLE}×) | ${cpuBetween('kyFloor', 'baseline')} × | ${cpuBetween('oca', 'kyFloor')} × | ${cpuRatio.toFixed(2)} × |`,
);

/** Medians of the phases of a visit, ms since navigation start. */
const phases = (/** @type {any[]} */ visits) =>
  ['scriptEnd', 'requestStart', 'responseEnd', 'domContentLoaded', 'end'].map((field) => {
    const values = visits.map((visit) => visit[field]).filter((value) => value !== undefined);
    return values.length ? ms(median(values)) : '–';
  });

const seconds = (performance.now() - started) / 1000;
const lines = [
  '# og-oca benchmark results',
  '',
  `- ${new Date().toISOString()}; og-oca at ${measured}`,
  `- Node ${process.version}, Chromium ${chromiumVersion}, esbuild ${await esbuildVersion()}`,
  `- ${cpus().length} CPUs (\`os.cpus().length\`); 1-minute load average ${load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end`,
  `- ${RUNS} visits per page and scenario after ${WARMUP} warm-up round(s); ${CPU_RUNS} throttled visits per page; measuring took ${seconds.toFixed(0)} s (plus the build)`,
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
  '## What ky costs, and what og-oca adds',
  '',
  'The hand-written page again, with ky whole in place of `fetch` (`pages/ky-floor.mjs`, bundled',
  'and minified with ky, deferred): the least any script that ships ky can cost. Medians of the',
  'same visits as below.',
  '',
  '| measure | ky floor ÷ hand-written | og-oca ÷ ky floor | og-oca ÷ hand-written |',
  '|---|---:|---:|---:|',
  ...floors,
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
  'MutationObserver), fresh token and fresh browser context per visit, the pages of a scenario',
  'alternating. The light page is a heading, the host and a paragraph; the heavy store page',
  '(bench/store.mjs) is about 300 kB of HTML with a parser-blocking vendor script, async analytics',
  'and two deferred theme scripts.',
  '',
  '"Per round" is the median of og-oca ÷ baseline over rounds (each round visits both pages, one',
  'after the other): a second view of the same data that is less sensitive to slow drift in load.',
  '',
  '| scenario | API latency | page | visits | min | median | max | median ÷ baseline | per round |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...SCENARIOS.flatMap(({ id, latency, pages, baseline }) =>
    pages.map((key) => {
      const s = ttc[id][key];
      const ratios =
        key === baseline
          ? '1 | 1'
          : `${ratio(id, key).toFixed(3)} × | ${pairedRatio(id, key).toFixed(3)} ×`;
      return `| ${id} | ${latency} ms | ${PAGES[key].label} | ${s.n} | ${ms(s.min)} | ${ms(s.median)} | ${ms(s.max)} | ${ratios} |`;
    }),
  ),
  '',
  'Where the time goes (medians, ms since navigation start): script downloaded → request started',
  '(Resource Timing of the `/one_click/` fetch) → response received → DOMContentLoaded → confirmation',
  'shown.',
  '',
  '| scenario | page | script downloaded | request started | response received | DOMContentLoaded | confirmation |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...SCENARIOS.flatMap(({ id, pages }) =>
    pages.map((key) => `| ${id} | ${PAGES[key].label} | ${phases(timing[id][key]).join(' | ')} |`),
  ),
  '',
  `## Main-thread cost at ${THROTTLE}× CPU throttling`,
  '',
  'Main-thread busy time from the start of the script’s evaluation to the moment its',
  '`/one_click/` request is sent (Chromium trace: `RunTask` time between `EvaluateScript` and',
  '`ResourceSendRequest`), ms. "CPU" is the thread time of the same slices: time the thread',
  'spent waiting for a core on a busy machine is not in it (the throttling itself is), so it is',
  'the steadier of the two when other work runs. The minimum is the best a visit did. In auto',
  'mode og-oca sends its request in the script’s own first task, before anything else it does.',
  '"Its own tasks" counts only the tasks that run the script’s code.',
  '',
  '| page | visits | min | median | max | median CPU | median CPU of its own tasks | median script start → request |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...Object.entries(cost).map(
    ([key, c]) =>
      `| ${PAGES[key].label} | ${c.busy.n} | ${ms(c.busy.min)} | ${ms(c.busy.median)} | ${ms(c.busy.max)} | ${ms(c.cpu.median)} | ${ms(c.ownCpu.median)} | ${ms(c.span.median)} |`,
  ),
  `| og-oca − baseline (medians) | | | ${ms(cost.oca.busy.median - cost.baseline.busy.median)} | | ${ms(cost.oca.cpu.median - cost.baseline.cpu.median)} | ${ms(cost.oca.ownCpu.median - cost.baseline.ownCpu.median)} | |`,
  `| og-oca ÷ baseline (medians) | | | ${(cost.oca.busy.median / cost.baseline.busy.median).toFixed(2)} × | | ${cpuRatio.toFixed(2)} × | ${(cost.oca.ownCpu.median / cost.baseline.ownCpu.median).toFixed(2)} × | |`,
  '',
  '## Requests and layout shift',
  '',
  '| check | result |',
  '|---|---|',
  `| requests per og-oca action (fake API log, by token) | min ${Math.min(...perAction)}, max ${Math.max(...perAction)} over ${perAction.length} actions |`,
  `| OPTIONS requests (all visits) | ${optionsCount} |`,
  `| other requests to the API (not one of the minted tokens) | ${otherCount} |`,
  `| CLS, og-oca, 1280×720 (${allCls.length} visits, every page) | max ${Math.max(...allCls)}, median ${median(allCls)} |`,
  `| CLS, og-oca, ${MOBILE.width}×${MOBILE.height} (the throttled visits, ${mobileCls.length}) | max ${Math.max(...mobileCls)} |`,
  `| CLS, baseline (same page, same stylesheet) | max ${baselineCls} |`,
  '| `navigator.webdriver` in every visit | false (checked; auto mode ran) |',
  '',
];
const markdown = lines.join('\n');
await writeFile(RESULTS, markdown);
process.stdout.write(`${markdown}\n`);
log(`bench: done in ${seconds.toFixed(0)} s; written to bench/RESULTS.md`);
