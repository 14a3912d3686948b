// The <script src="oca.js"> entry: configured by the tag's data-attributes, runs on load.
import { type Options, readAttributes } from './config.js';
import { parseLink } from './link.js';
import { start } from './run.js';

// Only a genuine <script> configures og-oca; else defaults and confirm mode (docs/decisions.md, "Landing pages").
const current = document.currentScript;
const script = current instanceof HTMLScriptElement ? current : null;
const clobbered = !!current && !script;
// An invalid `data-auto` warns and counts as true.
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
