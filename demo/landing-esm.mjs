// The landing page through the npm package's ESM build, as a bundler-free store would
// write it. `import { run } from 'og-oca'` in an app; here the built file directly.
import { run } from '/dist/oca.mjs';

const host = document.querySelector('#oca');
const apiBase = host instanceof HTMLElement ? host.dataset.apiBase : undefined;

// run() never rejects: it resolves with { status: 'success' | 'error', ... }.
const result = await run({ target: '#oca', ...(apiBase ? { apiBase } : {}) });
if (result.status === 'error') console.info('og-oca:', result.error.code);
