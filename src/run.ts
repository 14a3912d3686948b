import { type Options, resolveConfig } from './config.js';
import type { OnState } from './events.js';
import { FOR_APPS } from './for-apps.js';
import { readLink } from './link.js';
import { LOCALES } from './messages.js';
import { own } from './own.js';
import { logUnexpected } from './reason.js';
import { registry, runKey } from './registry.js';
import { sendAction } from './request.js';
import { keptOutcome, type Result, Run, replaceState } from './states.js';
import { visible } from './waits.js';

export type { Result } from './states.js';

const IDLE: Result = { status: 'idle' };

/** What `run()` resolves with where there is no document (server-side rendering). */
const NOT_IN_BROWSER: Result = {
  status: 'error',
  error: { code: 'invalid_link', param: 'document', message: 'Not in a browser page.' },
};

/**
 * Reads the link, carries the action out, shows the outcome in the host element and
 * resolves with it. Never rejects.
 *
 * Without `options.url` it reads the page's own address, once per page, and removes the
 * token from the address bar (unless `keepToken`) before anything else happens. A second
 * call for the same token returns the first call's outcome: the action is never sent twice.
 * An address with none of og-oca's keys resolves `{ status: 'idle' }` and changes nothing.
 */
export const run = async (options?: Options): Promise<Result> =>
  typeof document === 'undefined' ? NOT_IN_BROWSER : start(options);

/**
 * {@link run}, with warnings found before it (by the script-tag entry) that are printed
 * only if the page is a 1-click landing: an idle page gets no console line. `onLoad`: called
 * by the script tag as it loads, in a task where no other code has a microtask queued.
 *
 * Everything here happens in the caller's task, in this order: the link is read; in auto mode,
 * on a page a person sees, the request leaves; the token leaves the address bar; then the run
 * ({@link Run}) takes over, once the host exists.
 */
export const start = async (
  options: Options = {},
  warnings: string[] = [],
  onLoad = false,
): Promise<Result> => {
  try {
    const shared = registry();
    const url = own(options, 'url');
    const fromPage = url === undefined;
    if (fromPage && shared.page) return shared.page.result;
    const config = resolveConfig(options, (warning) => warnings.push(warning));
    const href = fromPage ? location.href : String(url);
    const { link, landing, clean } = readLink(href, config);
    const key = link.ok ? runKey(link.link.token) : '';
    let entry = shared.runs.get(key);
    if (!entry) {
      const sending =
        link.ok && config.mode === 'auto' && !navigator.webdriver && visible()
          ? sendAction(link.link, config)
          : undefined;
      // The token leaves the address bar before any event, any change to the page and any
      // await, so no listener and no later script sees it in location.href. For the script
      // tag as it loads, whose task has no microtask but og-oca's, with a request under way:
      // in the microtask after ky's (which calls fetch), so the request leaves first.
      if (fromPage && !config.keepToken && clean && clean !== href) {
        const hide = () => replaceState(history.state, clean);
        if (sending && onLoad) queueMicrotask(hide);
        else hide();
      }
      // A reload after the token left the address bar: the outcome kept in history.state.
      const kept =
        fromPage && (!landing || (!link.ok && link.error.code === 'missing_token'))
          ? keptOutcome(history.state)
          : undefined;
      if (!landing && !kept) entry = { result: Promise.resolve(IDLE) };
      else {
        for (const warning of warnings) console.warn(warning);
        entry = new Run({
          config,
          target: own(options, 'target'),
          fromPage,
          subject:
            kept ?? (link.ok ? link.link : { action: link.action, params: {}, ...link.error }),
          sending,
          ...(FOR_APPS && {
            headless: own(options, 'render') === false,
            onState: own(options, 'onState') as OnState | undefined,
            signal: own(options, 'signal') as AbortSignal | undefined,
          }),
        });
        if (key) shared.runs.set(key, entry);
      }
    }
    if (fromPage) shared.page = entry;
    return entry.result;
  } catch (thrown) {
    logUnexpected(thrown, '');
    return {
      status: 'error',
      error: { code: 'unexpected', message: LOCALES.en!.error.unexpected },
    };
  }
};
