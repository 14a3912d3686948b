// The <script src="oca.js"> entry: configured by the tag's data-attributes, runs on load.
import { type Options, readAttributes } from './config.js';
import { parseLink } from './link.js';
import { run } from './run.js';

const script = document.currentScript;
const options = readAttributes(script);
const auto = script?.getAttribute('data-auto')?.trim();

/** `window.OCA`: `run()` uses the script tag's attributes, overridden by the options given. */
const OCA = {
  run: (overrides: Options = {}) => run({ ...options, ...overrides }),
  parseLink,
};

if (auto !== undefined && !/^(true|false|)$/.test(auto)) {
  console.warn(`[og-oca] data-auto "${auto.slice(0, 80)}" is not valid; using true.`);
}
if (auto !== 'false') {
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', () => OCA.run());
  else OCA.run();
}

export default OCA;
