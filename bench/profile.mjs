// node bench/profile.mjs [visits] [throttle] — where og-oca's main-thread time goes before its
// request leaves. Needs a build (`npm run build`); not part of `npm run bench`.
//
// Samples the landing page with the V8 CPU profiler (CDP `Profiler`, 100 µs interval) under
// CPU throttling, keeps the samples from og-oca's first frame on the stack to the moment the
// `/one_click/` request is sent (CDP `Network.requestWillBeSent`), maps the minified frames
// of dist/oca.js back to src/ with dist/oca.js.map, and prints, per visit (medians not needed:
// the samples of all visits are pooled): time by source function (inclusive), and time by
// what was running (the leaf: an og-oca function, or a browser API it called).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createFakeOrdergroove, startFakeOrdergroove } from 'og-oca/testing';
import { launch } from './browser.mjs';
import { startStatic } from './static.mjs';

const VISITS = Number(process.argv[2] ?? 15);
const RATE = Number(process.argv[3] ?? 4);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// --- source map (v3) --------------------------------------------------------------------------
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Decodes one VLQ segment into numbers. */
const vlq = (/** @type {string} */ segment) => {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
};
/** Generated line → sorted [column, source, line] segments. */
const loadMap = async (/** @type {string} */ file) => {
  const map = JSON.parse(await readFile(file, 'utf8'));
  const lines = [];
  let source = 0;
  let line = 0;
  for (const generated of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of generated.split(',').filter(Boolean)) {
      const [dc, ds, dl] = vlq(segment);
      column += dc;
      if (ds === undefined) continue;
      source += ds;
      line += dl;
      segments.push([column, source, line]);
    }
    lines.push(segments);
  }
  const texts = map.sourcesContent.map((/** @type {string} */ text) => text.split('\n'));
  /** "src/run.ts:42  export const run = async (…" for a generated position (0-based). */
  return (/** @type {number} */ genLine, /** @type {number} */ genColumn) => {
    const segments = lines[genLine] ?? [];
    let best;
    for (const segment of segments) if (segment[0] <= genColumn) best = segment;
    if (!best) return undefined;
    const [, s, l] = best;
    const name = map.sources[s].replace(/^(\.\.\/)+/, '');
    const text = (texts[s][l] ?? '').trim().slice(0, 60);
    return `${name}:${l + 1}  ${text}`;
  };
};

// --- profiling --------------------------------------------------------------------------------
const where = await loadMap(`${ROOT}dist/oca.js.map`);
const api = await startFakeOrdergroove({ fake: createFakeOrdergroove({ latencyMs: 0 }) });
const site = await startStatic({ apiBase: api.url });
const browser = await launch();

/** @type {Record<string, { inclusive: Map<string, number>, leaf: Map<string, number>, window: number, own: number }>} */
const pooled = {};
for (const page of ['oca', 'baseline']) {
  const inclusive = new Map();
  const leaf = new Map();
  let window = 0;
  let own = 0;
  for (let visit = 0; visit < VISITS + 1; visit++) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    await cdp.send('Network.enable');
    let sentAt = 0;
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.request.url.includes('/one_click/')) sentAt = event.timestamp * 1e6;
    });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const token = api.fake.mint({ action: 'delay' });
    await tab.goto(`${site.url}/pages/${page}.html?token=${token}&action=delay&days=21`);
    await tab.waitForSelector('[data-oca-state="success"]');
    const { profile } = await cdp.send('Profiler.stop');
    await context.close();
    if (visit === 0) continue; // warm-up
    const nodes = new Map(profile.nodes.map((/** @type {any} */ node) => [node.id, node]));
    const parents = new Map();
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parents.set(child, node.id);
    const script = page === 'oca' ? '/dist/oca.js' : '/pages/baseline.js';
    /** A readable name for a frame: mapped source for og-oca, else the function name. */
    const label = (/** @type {any} */ frame) => {
      if (frame.url.endsWith(script) && page === 'oca')
        return where(frame.lineNumber, frame.columnNumber) ?? '(oca.js top level)';
      if (frame.url.endsWith(script)) return `baseline.js ${frame.functionName || '(top level)'}`;
      return frame.url
        ? `${frame.url.split('/').pop()} ${frame.functionName}`
        : frame.functionName || '(anonymous)';
    };
    let time = profile.startTime;
    let inWindow = false;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i];
      const delta = profile.timeDeltas[i + 1] ?? 0;
      if (sentAt && time >= sentAt) break;
      const stack = [];
      for (let id = profile.samples[i]; id; id = parents.get(id))
        stack.push(nodes.get(id).callFrame);
      const ours = stack.some((frame) => frame.url.endsWith(script));
      inWindow ||= ours;
      if (!inWindow) continue;
      window += delta;
      if (ours) own += delta;
      const top = stack[0];
      const name = ours ? label(top) : `(not og-oca) ${label(top)}`;
      const nearest = stack.find((frame) => frame.url.endsWith(script));
      const leafName =
        top.url.endsWith(script) || !nearest ? name : `${name}  ← ${label(nearest).split('  ')[0]}`;
      leaf.set(leafName, (leaf.get(leafName) ?? 0) + delta);
      for (const frame of new Set(stack.filter((f) => f.url.endsWith(script)).map(label)))
        inclusive.set(frame, (inclusive.get(frame) ?? 0) + delta);
    }
  }
  pooled[page] = { inclusive, leaf, window, own };
}
await browser.close();
await site.close();
await api.close();

const perVisit = (/** @type {number} */ us) => (us / 1000 / VISITS).toFixed(2).padStart(7);
for (const [page, { inclusive, leaf, window, own }] of Object.entries(pooled)) {
  console.log(
    `\n## ${page}: ${perVisit(window)} ms per visit sampled from the script's first frame to the request (${RATE}× throttling, ${VISITS} visits); ${perVisit(own).trim()} ms of it with the script's own code on the stack`,
  );
  console.log('\nBy source function, inclusive (ms per visit):');
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`${perVisit(us)}  ${name}`);
  console.log('\nBy what was running — the leaf frame (ms per visit):');
  for (const [name, us] of [...leaf].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`${perVisit(us)}  ${name}`);
}
