// The <script src="oca.js"> entry: configured by the tag's data-attributes, runs on load.
import { readAttributes } from './config';
import { parseLink } from './link';
import { run } from './run';

const script = document.currentScript;
const options = readAttributes(script);

/** `window.OCA.run()` uses the script tag's attributes unless given other options. */
const OCA = {
  run: (overrides = {}) => run({ ...options, ...overrides }),
  parseLink,
};

if (script?.getAttribute('data-auto') !== 'false') {
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', () => OCA.run());
  else OCA.run();
}

export default OCA;
