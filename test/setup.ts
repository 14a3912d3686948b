import { afterAll } from 'vitest';

// happy-dom reports `navigator.webdriver === true`, which og-oca treats as a link scanner
// (auto mode falls back to confirm). Unit tests model a person's browser unless a test
// says otherwise with `vi.spyOn(Navigator.prototype, 'webdriver', 'get')`.
// (Files in the node environment have no Navigator, and no shared msw server.)
if (typeof Navigator !== 'undefined') {
  Object.defineProperty(Navigator.prototype, 'webdriver', { configurable: true, get: () => false });
  const { server } = await import('./msw');
  afterAll(() => server.close());
}
