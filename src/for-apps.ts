/**
 * Whether this build takes `render: false`, `onState` and `signal`: `true` in the npm module;
 * `dist/oca.js` swaps in `for-apps-script-tag.ts` (docs/decisions.md, "ky inside dist/oca.js").
 */
export const FOR_APPS: boolean = true;
