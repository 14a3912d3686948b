// The hostile-link harness for the engines: the same trapped pages (e2e/fixtures/hostile*.html)
// and the same checks as the Chromium suite (e2e/hostile.spec.ts), over the engine-neutral
// driver. The Playwright suite runs the whole corpus in Chromium; Gecko and WebKit run a fixed
// sample of it (areas/hostile.ts).
import {
  CSP_PAGE as HOSTILE_CSP_PAGE,
  PAGE as HOSTILE_PAGE,
  hostileProblems,
  hostileUrls,
  inspectHostilePage,
  isOneClickLink,
  short,
} from '../hostile-corpus';
import type { Engine, EngineKind } from './driver';
import { countFrom, SITE } from './fake';

export { HOSTILE_CSP_PAGE, HOSTILE_PAGE };

const CORPUS = hostileUrls();
export const CORPUS_SIZE = CORPUS.length;
/** Every 5th URL of the corpus on the trapped page. */
export const HOSTILE = CORPUS.filter((_, i) => i % 5 === 0);
/** Every 35th also on its strict-CSP twin (Trusted Types: any HTML sink throws). */
export const HOSTILE_CSP = CORPUS.filter((_, i) => i % 35 === 0).map((url) =>
  url.replace(HOSTILE_PAGE, HOSTILE_CSP_PAGE),
);

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
      const seen = await engine.evaluate(inspectHostilePage, !isOneClickLink(url));
      for (const problem of await engine.problems()) problems.push(`${at}: ${problem}`);
      problems.push(...hostileProblems(url, seen));
      if (seen?.fetched.length)
        problems.push(`${at}: unexpected request ${seen.fetched.map(short).join(', ')}`);
      const reached = (await countFrom(userAgent)) - sent;
      if (reached) problems.push(`${at}: ${reached} request(s) reached the API`);
    } catch (error) {
      problems.push(`${at}: ${String((error as Error).message).split('\n')[0]}`);
    }
  }
  return problems;
};
