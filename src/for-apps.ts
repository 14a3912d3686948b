/**
 * Whether this build takes the options only an app passes in code: `render: false`,
 * `onState` and `signal`. `true` in the npm module; `dist/oca.js`, the script tag, which draws
 * every run, is built with `for-apps-script-tag.ts` instead (rollup.config.mjs), and leaves
 * them out to stay in its size budget.
 */
export const FOR_APPS: boolean = true;
