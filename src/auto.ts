// The <script src="oca.js"> entry: configured by the tag's data-attributes, runs on load.
import { type Options, readAttributes } from './config.js';
import { parseLink } from './link.js';
import { start } from './run.js';

// Only the genuine script element configures og-oca: markup such as <img name="currentScript">
// replaces document.currentScript, and then the defaults apply.
const current = document.currentScript;
const script = current instanceof HTMLScriptElement ? current : null;
const options = readAttributes(script);
const auto = script?.getAttribute('data-auto')?.trim();
/** Printed by the first run, and only on a 1-click landing (an idle page stays silent). */
const warnings: string[] = [];
if (current && !script)
  warnings.push(
    '[og-oca] document.currentScript is not a <script> element (markup on the page took its name); using the defaults.',
  );
if (auto !== undefined && !/^(true|false|)$/.test(auto))
  warnings.push(`[og-oca] data-auto "${auto.slice(0, 80)}" is not valid; using true.`);

/** `window.OCA`: `run()` uses the script tag's attributes, overridden by the options given. */
const OCA = {
  run: (overrides: Options = {}) => start({ ...options, ...overrides }, warnings.splice(0)),
  parseLink,
};

// At once, even before the page is parsed: the token leaves the address bar before any later
// script runs, and the run waits for the host itself.
if (auto !== 'false') OCA.run();

export default OCA;
