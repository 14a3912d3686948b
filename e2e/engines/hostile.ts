// The hostile-link harness for the engines: the same trapped pages (e2e/fixtures/hostile*.html)
// and the same checks as the Chromium suite (e2e/hostile.spec.ts), over the engine-neutral
// driver. Chromium runs the whole corpus; each engine runs a fixed sample of it.
import { EN } from '../helpers';
import { PAGE as HOSTILE_PAGE, hostileUrls, isOneClickLink } from '../hostile-corpus';
import type { Engine, EngineKind } from './driver';
import { countFrom, SITE } from './fake';

export { HOSTILE_PAGE };
export const HOSTILE_CSP_PAGE = '/fixtures/hostile-csp.html';

const CORPUS = hostileUrls();
export const CORPUS_SIZE = CORPUS.length;
/** Every 5th URL of the corpus on the trapped page. */
export const HOSTILE = CORPUS.filter((_, i) => i % 5 === 0);
/** Every 35th also on its strict-CSP twin (Trusted Types: any HTML sink throws). */
export const HOSTILE_CSP = CORPUS.filter((_, i) => i % 35 === 0).map((url) =>
  url.replace(HOSTILE_PAGE, HOSTILE_CSP_PAGE),
);

const DESIGN_STATES = ['confirm', 'success', 'error'];
const DESIGN_CODES: readonly string[] = Object.keys(EN.error);
/** The elements the trapped pages and og-oca put in the document. */
const PAGE_TAGS = ['html', 'head', 'meta', 'title', 'script', 'body', 'main', 'div', 'button'];

/**
 * In the page: what a hostile link left behind, once og-oca reached a design state — or, on
 * an idle page (no og-oca key in the address), after a moment.
 */
const inspect = async (states: string[], idle: boolean) => {
  const host = document.querySelector('[data-oca]');
  if (!host) return null;
  const end = Date.now() + (idle ? 100 : 5000);
  while (!states.includes(host.getAttribute('data-oca-state') ?? '') && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 20)); // let stray work show itself
  const trapped = window as { __pwned?: unknown; __ocaTrap?: string[] };
  return {
    pwned: trapped.__pwned === undefined ? null : String(trapped.__pwned),
    trap: trapped.__ocaTrap ?? (location.pathname.includes('csp') ? [] : ['the trap is missing']),
    state: host.getAttribute('data-oca-state'),
    code: host.getAttribute('data-oca-error'),
    tags: [...document.querySelectorAll('*')].map((e) => e.localName),
    scripts: document.scripts.length,
    hostElements: [...host.querySelectorAll('*')].map((e) => e.localName),
    hostAttributes: host.attributes.length,
    // Everything the page fetched after the document itself (Resource Timing); Gecko and
    // WebKit list the browser's own /favicon.ico request here too.
    fetched: performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path !== '/dist/oca.js' && path !== '/favicon.ico'),
  };
};

/** A URL short enough for a failure message. */
const short = (url: string) =>
  url.length > 160 ? `${url.slice(0, 150)}… (${url.length} chars)` : url;

export interface VisitOptions {
  /** For the self-test: tamper with the page once it is loaded. */
  meddle?: () => Promise<unknown>;
  /** Notes for the output (a URL the engine refuses to open). */
  annotate?: (note: string) => Promise<unknown>;
}

/**
 * Visits each URL and returns every problem seen, tagged with its URL: a dialog, an uncaught
 * error, `window.__pwned`, a trap hit, an element or attribute og-oca never makes, a request
 * beyond the page and the script (Resource Timing, and the fake API's log by User-Agent), or
 * a host that did not end in a design state.
 */
export const visitHostile = async (
  engine: Engine,
  kind: EngineKind,
  urls: string[],
  { meddle, annotate, userAgent }: VisitOptions & { userAgent: string },
) => {
  const problems: string[] = [];
  for (const url of urls) {
    const at = short(url);
    if (kind.maxUrlLength && (SITE + url).length > kind.maxUrlLength) {
      // The browser refuses to open it at all, so no page (and no og-oca) ever sees it.
      const refused = await engine.goto(SITE + url).then(
        () => false,
        () => true,
      );
      if (!refused) problems.push(`${at}: opened, though longer than ${kind.maxUrlLength}`);
      else
        await annotate?.(
          `${kind.name} refuses to open ${at} (over ${kind.maxUrlLength} characters)`,
        );
      continue;
    }
    try {
      const sent = await countFrom(userAgent);
      await engine.goto(SITE + url);
      await meddle?.();
      const idle = !isOneClickLink(url);
      const seen = await engine.evaluate(inspect, DESIGN_STATES, idle);
      for (const problem of await engine.problems()) problems.push(`${at}: ${problem}`);
      if (!seen) {
        problems.push(`${at}: the page did not load (no [data-oca])`);
        continue;
      }
      if (idle) {
        if (seen.state !== null || seen.hostElements.length || seen.hostAttributes !== 1)
          problems.push(`${at}: an idle page, yet og-oca changed the host`);
      } else if (!DESIGN_STATES.includes(seen.state ?? ''))
        problems.push(`${at}: ended in state ${seen.state}, not ${DESIGN_STATES.join('/')}`);
      if (seen.pwned !== null) problems.push(`${at}: window.__pwned = ${seen.pwned}`);
      for (const hit of seen.trap) problems.push(`${at}: trap: ${hit}`);
      if (seen.state === 'error' && !DESIGN_CODES.includes(seen.code ?? ''))
        problems.push(`${at}: error state with data-oca-error="${seen.code}"`);
      const stray = seen.tags.filter((tag) => !PAGE_TAGS.includes(tag));
      if (stray.length) problems.push(`${at}: elements ${stray.join(', ')} in the page`);
      const scripts = url.startsWith(HOSTILE_CSP_PAGE) ? 1 : 2;
      if (seen.scripts !== scripts) problems.push(`${at}: ${seen.scripts} scripts in the page`);
      const notOurs = seen.hostElements.filter((tag) => tag !== 'div' && tag !== 'button');
      if (notOurs.length) problems.push(`${at}: host holds ${notOurs.join(', ')}`);
      if (seen.fetched.length)
        problems.push(`${at}: unexpected request ${seen.fetched.map(short).join(', ')}`);
      const reached = (await countFrom(userAgent)) - sent;
      if (reached) problems.push(`${at}: ${reached} request(s) reached the API`);
    } catch (error) {
      problems.push(`${at}: ${String((error as Error).message).split('\n')[0]}`);
    }
  }
  return problems;
};
