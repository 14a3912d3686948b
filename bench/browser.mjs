// One landing-page visit in Chromium, measured two ways:
//  - timeVisit: time to confirmation and layout shift, measured in the page
//  - mainThreadVisit: main-thread cost under CPU throttling, read from a Chromium trace
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.mjs';

/**
 * Chromium as a subscriber's browser, not as an automated one: without `--enable-automation`
 * and with the AutomationControlled blink feature off, `navigator.webdriver` is false, so
 * og-oca's `auto` mode acts on load instead of falling back to `confirm` (every visit checks it).
 */
export const launch = () =>
  chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
    ignoreDefaultArgs: ['--enable-automation'],
  });

/**
 * Runs in the page before any of its own scripts. Records the moment `data-oca-state`
 * becomes `success` (or `error`/`confirm`, which fail the run) with `performance.now()` —
 * milliseconds since navigation start — from a MutationObserver, and sums `layout-shift`
 * entries (CLS as a plain sum: the page has a single session window of a few hundred ms).
 * Two animation frames after the outcome (the frame that shows it has been laid out), it
 * reports through `__benchReport`.
 */
const MEASURE = () => {
  const bench = { webdriver: navigator.webdriver, cls: 0, shifts: 0, states: [] };
  const add = (/** @type {any[]} */ entries) => {
    for (const entry of entries) {
      if (entry.hadRecentInput) continue;
      bench.cls += entry.value;
      bench.shifts += 1;
    }
  };
  const shifts = new PerformanceObserver((list) => add(list.getEntries()));
  shifts.observe({ type: 'layout-shift', buffered: true });
  const report = () => {
    add(shifts.takeRecords());
    const resources = performance.getEntriesByType('resource');
    const api = resources.find((entry) => entry.name.includes('/one_click/'));
    const script = resources.find((entry) => /\/(oca|baseline|ky-floor)\.js/.test(entry.name));
    window.__benchReport({
      ...bench,
      visibility: document.visibilityState,
      domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventStart,
      scriptEnd: script?.responseEnd,
      requestStart: api?.startTime,
      responseEnd: api?.responseEnd,
    });
  };
  new MutationObserver((records) => {
    for (const record of records) {
      const state = record.target.getAttribute('data-oca-state');
      if (state === record.oldValue) continue;
      bench.states.push(state);
      if (state === 'pending' || bench.end !== undefined) continue;
      bench.end = performance.now();
      bench.endState = state;
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(report)));
    }
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-oca-state'],
    attributeOldValue: true,
  });
};

/**
 * @typedef {object} Tab
 * @property {import('@playwright/test').BrowserContext} context
 * @property {import('@playwright/test').Page} page
 * @property {Promise<Record<string, any>>} [reported] what MEASURE reports (with `measure`)
 */

/**
 * A fresh browser context (cold cache, its own renderer, nothing shared with other visits)
 * with one blank page; with `measure`, MEASURE and its `__benchReport` binding are installed.
 * @param {import('@playwright/test').Browser} browser
 * @param {{ viewport: { width: number, height: number }, measure?: boolean }} options
 * @returns {Promise<Tab>}
 */
export const openTab = async (browser, { viewport, measure = false }) => {
  const context = await browser.newContext({ viewport });
  /** @type {Tab['reported']} */
  let reported;
  if (measure) {
    reported = new Promise((resolve) =>
      context.exposeBinding('__benchReport', (_source, value) => resolve(value)),
    );
    await context.addInitScript(MEASURE);
  }
  return { context, page: await context.newPage(), reported };
};

/**
 * Hands out fresh tabs one at a time. Opening a tab (a new renderer) is the slow part of a
 * visit on a busy machine, so the next tab opens while the last one closes — between
 * measurements, never during one.
 * @param {import('@playwright/test').Browser} browser
 * @param {Parameters<typeof openTab>[1]} options
 */
export const tabs = (browser, options) => {
  let next = openTab(browser, options);
  return {
    /** Runs `visit` in a fresh tab, then swaps in the next one. @type {<T>(visit: (tab: Tab) => Promise<T>) => Promise<T>} */
    async use(visit) {
      const tab = await next;
      try {
        return await visit(tab);
      } finally {
        next = openTab(browser, options);
        await Promise.all([tab.context.close(), next]);
      }
    },
    async close() {
      await (await next).context.close();
    },
  };
};

/**
 * Opens `url` in `tab` (opened with `measure`) and resolves with what MEASURE saw.
 * @param {Tab} tab
 * @param {string} url
 */
export const timeVisit = async ({ page, reported }, url) => {
  if (!reported) throw new Error('timeVisit needs a tab opened with { measure: true }');
  await page.goto(url, { waitUntil: 'commit' });
  let timer;
  const result = await Promise.race([
    reported,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no outcome within 15 s: ${url}`)), 15_000);
    }),
  ]);
  clearTimeout(timer);
  return /** @type {Record<string, any>} */ (result);
};

// The trace categories mainThreadVisit needs: top-level tasks (RunTask), script evaluation
// (EvaluateScript) and the request being sent (ResourceSendRequest).
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

/**
 * Opens `url` in `tab` with the CPU throttled `rate` times (CDP
 * `Emulation.setCPUThrottlingRate`), traces the page's main thread, and measures the work
 * that the script `scriptPath` does before its request leaves: the time the main thread is
 * busy (top-level tasks) between the start of that script's evaluation (`EvaluateScript`)
 * and the `ResourceSendRequest` of the `/one_click/` request. Once the request is out the
 * throttling ends; after the confirmation the page's buffered `layout-shift` entries (read by
 * a PerformanceObserver with `buffered: true`) give its layout shift.
 * @param {Tab} tab
 * @param {string} url
 * @param {string} scriptPath e.g. `/dist/oca.js`
 * @param {number} rate
 */
export const mainThreadVisit = async ({ context, page }, url, scriptPath, rate) => {
  const browser = context.browser();
  if (!browser) throw new Error('the tab has no browser');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await browser.startTracing(page, { categories: CATEGORIES });
  const sent = page.waitForResponse((response) => response.url().includes('/one_click/'));
  await page.goto(url, { waitUntil: 'commit' });
  await sent;
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // Once the page shows its outcome and two frames have passed, read its layout shift.
  const { webdriver, state, cls } = await page.evaluate(
    () =>
      new Promise((resolve) => {
        /** @type {any[]} */
        const shifts = [];
        const observer = new PerformanceObserver((list) => shifts.push(...list.getEntries()));
        observer.observe({ type: 'layout-shift', buffered: true });
        const done = () => {
          shifts.push(...observer.takeRecords());
          observer.disconnect();
          resolve({
            webdriver: navigator.webdriver,
            state: document.querySelector('[data-oca-state]')?.getAttribute('data-oca-state'),
            cls: shifts.reduce((sum, e) => (e.hadRecentInput ? sum : sum + e.value), 0),
          });
        };
        const settled = () =>
          ['success', 'error'].includes(
            document.querySelector('[data-oca-state]')?.getAttribute('data-oca-state') ?? '',
          );
        const later = () =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done)));
        if (settled()) later();
        else {
          const watch = new MutationObserver(() => {
            if (!settled()) return;
            watch.disconnect();
            later();
          });
          watch.observe(document, { subtree: true, attributes: true });
        }
      }),
  );
  return { ...mainThreadCost(trace.traceEvents, scriptPath), webdriver, state, cls };
};

/**
 * @param {any[]} events Chromium trace events
 * @param {string} scriptPath
 */
export const mainThreadCost = (events, scriptPath) => {
  const evaluation = events.find(
    (event) =>
      event.name === 'EvaluateScript' &&
      event.ph === 'X' &&
      new URL(event.args?.data?.url ?? 'x:').pathname === scriptPath,
  );
  if (!evaluation) throw new Error(`no EvaluateScript for ${scriptPath} in the trace`);
  const { pid, tid, ts: from } = evaluation;
  const send = events.find(
    (event) =>
      event.name === 'ResourceSendRequest' &&
      event.pid === pid &&
      event.args?.data?.url?.includes('/one_click/'),
  );
  if (!send) throw new Error('no ResourceSendRequest for the action request in the trace');
  // Events of the script itself (its evaluation, the calls into it): a task that holds one
  // is the script's own; the others in the window are the browser's (parsing, style,
  // layout, paint) or other scripts'.
  const ownEvents = events.filter(
    (event) =>
      event.pid === pid &&
      event.tid === tid &&
      event.ph === 'X' &&
      (event.args?.data?.url ?? '').endsWith(scriptPath),
  );
  let busy = 0;
  let cpu = 0;
  let ownCpu = 0;
  for (const task of events) {
    if (task.name !== 'RunTask' || task.ph !== 'X' || task.pid !== pid || task.tid !== tid)
      continue;
    const overlap = Math.min(task.ts + task.dur, send.ts) - Math.max(task.ts, from);
    if (overlap <= 0) continue;
    busy += overlap;
    // Thread (CPU) time, pro rata for a task that is cut at the send.
    const thread = task.tdur !== undefined && task.dur > 0 ? (task.tdur * overlap) / task.dur : 0;
    cpu += thread;
    if (ownEvents.some((event) => event.ts >= task.ts && event.ts < task.ts + task.dur))
      ownCpu += thread;
  }
  return {
    busy: busy / 1000,
    cpu: cpu / 1000,
    ownCpu: ownCpu / 1000,
    span: (send.ts - from) / 1000,
  };
};
