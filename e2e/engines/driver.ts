// The engine-neutral driver the cross-engine checks are written against: one browser page
// per engine, reused by every check. Three implementations: chromium.ts (Playwright's library
// over CDP), gecko.ts (puppeteer-core over WebDriver BiDi) and webkit.ts (selenium-webdriver
// over classic WebDriver).
import { existsSync } from 'node:fs';

/** An engine: what the checks must know about it before it starts, and how to start it. */
export interface EngineKind {
  /** The engine, as every check's output names it: `Chromium`, `Gecko` or `WebKit`. */
  readonly name: string;
  /**
   * Whether a script can run before the page's own (an init script). Without one,
   * `navigator.webdriver` cannot be hidden and events are seen only from `load` on.
   */
  readonly initScripts: boolean;
  /** Whether the protocol reports the page's console messages. */
  readonly console: boolean;
  /** The longest URL the browser opens (longer ones it refuses outright), if it has a limit. */
  readonly maxUrlLength?: number;
  /**
   * How many times a GET whose connection drops before any answer reaches the server, as
   * the browser itself resends it (og-oca fetches once; the page sees one failed fetch):
   * every count the engine was seen to produce.
   */
  readonly attemptsPerDroppedGet: readonly number[];
  /**
   * Where another suite runs the whole hostile-link corpus in this engine; the shared suite
   * then runs only its self-test here, not its sample of the corpus.
   */
  readonly wholeCorpusIn?: string;
  /** Starts the browser with one page. */
  launch(): Promise<Engine>;
}

/** One browser page, driven by its engine's automation protocol. */
export interface Engine {
  /** The browser and its version, e.g. `firefox/153.8.0`. */
  readonly version: string;
  /**
   * Opens `url` and waits for `load`. A URL with a fragment goes through `about:blank`
   * first, so it is always a new document (never a same-document navigation).
   * `hideWebdriver` (init scripts only) makes `navigator.webdriver` false for this load.
   */
  goto(url: string, options?: { hideWebdriver?: boolean }): Promise<void>;
  /** Loads the current page again and waits for `load`. */
  reload(): Promise<void>;
  /**
   * A person's click on the first element matching `selector`, through the protocol's
   * input actions (a trusted event); `count: 2` is a double click.
   */
  click(selector: string, options?: { count?: 1 | 2 }): Promise<void>;
  /** Runs `fn(...args)` in the page; resolves with its awaited result (JSON values only). */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>>;
  /**
   * What went wrong in the page since the last call, and clears it: uncaught errors,
   * dialogs, console errors and warnings other than og-oca's own (where the protocol
   * reports them; `from load` says when only errors after `load` can be seen).
   */
  problems(): Promise<string[]>;
  /** Console lines since the last call (cleared), or `undefined` where the protocol has no console. */
  consoleLines(): string[] | undefined;
  /** A PNG of the viewport, after two animation frames (so the last render is painted). */
  screenshot(path: string): Promise<void>;
  /** Closes the page, the browser and anything started for them. */
  close(): Promise<void>;
}

/**
 * An executable: `process.env[envName]` first (which must exist), then the first default
 * that exists; otherwise an error naming the variable and the Debian package to install.
 */
export const resolveBinary = (
  what: string,
  envName: string,
  defaults: string[],
  install: string,
): string => {
  const fromEnv = process.env[envName];
  const found = fromEnv || defaults.find((candidate) => existsSync(candidate));
  if (found && existsSync(found)) return found;
  throw new Error(
    `${fromEnv ? `${envName} is set to ${fromEnv}, but no file is there` : `No ${what} found (looked in ${defaults.join(', ')})`}. Install it with\n` +
      `  apt-get update && apt-get install -y --no-install-recommends ${install}\n` +
      `or point ${envName} at one.`,
  );
};

/** The page recorder's global (see {@link installRecorder}). */
export interface PageRecord {
  events: { type: string; detail: unknown; onHost: boolean }[];
  errors: string[];
  violations: string[];
}

declare global {
  interface Window {
    __engineRecord?: PageRecord;
  }
}

/**
 * Records og-oca's events (at the document, so they must bubble), uncaught errors and CSP
 * violations in `window.__engineRecord`. Runs as an init script where the engine has them,
 * else right after `load`. Idempotent. Self-contained: it is sent to the page as source.
 */
export const installRecorder = () => {
  if (window.__engineRecord) return;
  const record: PageRecord = { events: [], errors: [], violations: [] };
  window.__engineRecord = record;
  for (const type of ['oca:pending', 'oca:confirm', 'oca:success', 'oca:error']) {
    document.addEventListener(type, (event) => {
      const target = event.target as Element | null;
      record.events.push({
        type,
        detail: JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)),
        onHost: Boolean(target?.matches?.('[data-oca]')),
      });
    });
  }
  window.addEventListener('error', (event) => record.errors.push(`uncaught ${event.message}`));
  window.addEventListener('unhandledrejection', (event) =>
    record.errors.push(`unhandled rejection ${String(event.reason)}`),
  );
  document.addEventListener('securitypolicyviolation', (event) =>
    record.violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
  );
};

/** Makes `navigator.webdriver` false, as in a subscriber's browser (an init script, sent as source). */
export const hideWebdriver = () => {
  Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true });
};

/** A page whose protocol reports it (CDP, WebDriver BiDi), as Playwright and puppeteer name the events. */
export interface ReportingPage {
  on(event: 'pageerror', listener: (error: unknown) => void): unknown;
  on(
    event: 'dialog',
    listener: (dialog: { type(): string; message(): string; dismiss(): Promise<void> }) => void,
  ): unknown;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): unknown;
}

/**
 * {@link Engine.problems} and {@link Engine.consoleLines} from what `page` reports: uncaught
 * errors, dialogs (dismissed), console errors and warnings other than og-oca's own — except
 * the browser's own lines that `ignore` matches.
 */
export const listen = (
  page: ReportingPage,
  ignore?: RegExp,
): Pick<Engine, 'problems' | 'consoleLines'> => {
  const problems: string[] = [];
  let lines: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught ${(error as Error).message}`));
  page.on('dialog', (dialog) => {
    problems.push(`a ${dialog.type()} dialog opened ("${dialog.message()}")`);
    dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    const [type, text] = [message.type(), message.text()];
    lines.push(text);
    if (ignore?.test(text)) return;
    // (Playwright calls a warning `warning`, puppeteer `warn`.)
    const warning = type === 'warning' || type === 'warn';
    if (type === 'error' || (warning && !text.startsWith('[og-oca] ')))
      problems.push(`console.${type} ${text.slice(0, 200)}`);
  });
  return {
    problems: async () => problems.splice(0),
    consoleLines: () => {
      const seen = lines;
      lines = [];
      return seen;
    },
  };
};

/** Waits two animation frames in the page (before a screenshot). */
export const twoFrames = () =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
