// One msw server for every test file that runs in a page (happy-dom), listening before the
// file imports og-oca: og-oca takes the page's `fetch` once, when it is loaded
// (src/request.ts), so msw's `fetch` has to be in place by then, as a page's own would be.
// Files set their handlers with `server.resetHandlers(...)` (kept for the file) or
// `server.use(...)` (until the next reset).
import { setupServer } from 'msw/node';

export const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });
