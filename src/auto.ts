// The <script src="oca.js"> entry: configured by the tag's data-attributes, runs on load.
import { type Options, readAttributes } from './config.js';
import { parseLink } from './link.js';
import { start } from './run.js';

// Only the genuine script element configures og-oca. Markup such as <img name="currentScript">
// replaces document.currentScript: then the tag's attributes cannot be read, and og-oca fails
// safe — the default API and parameters, and confirm mode whatever the tag asked for, so
// nothing is sent without a person's click.
const current = document.currentScript;
const script = current instanceof HTMLScriptElement ? current : null;
const clobbered = !!current && !script;
// (`data-auto` is read and checked with the other attributes: an invalid value warns and counts as true.)
const options: Options & { auto?: string } = clobbered
  ? { mode: 'confirm' }
  : readAttributes(script);
/** Printed by the first run, and only on a 1-click landing (an idle page stays silent). */
const warnings = clobbered
  ? [
      '[og-oca] document.currentScript is not a <script> (markup named "currentScript" hides it): defaults, confirm mode.',
    ]
  : [];

/** `window.OCA`: `run()` uses the script tag's attributes, overridden by the options given. */
const OCA = {
  run: (overrides: Options = {}) => start({ ...options, ...overrides }, warnings.splice(0)),
  parseLink,
};

// At once, even before the page is parsed: the token leaves the address bar before any later
// script runs, and the run waits for the host itself.
if (options.auto !== 'false') start(options, warnings.splice(0), true);

export default OCA;
