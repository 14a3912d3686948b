// The landing page through the npm package's ESM build, as a store without a bundler
// writes it: `import { run } from 'og-oca'` in an app; here the built file, whose own
// `import … from 'ky'` the page's import map resolves.
import { run } from '/dist/oca.mjs';

const host = document.querySelector('#oca');
const apiBase = host instanceof HTMLElement ? host.dataset.apiBase : undefined;

// run() never rejects: it resolves with { status: 'success' | 'error' | 'idle', ... }.
const result = await run({ target: '#oca', ...(apiBase ? { apiBase } : {}) });
if (result.status === 'error') console.info('og-oca:', result.error.code);
