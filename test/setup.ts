import { afterAll, afterEach } from 'vitest';

// happy-dom reports `navigator.webdriver === true`, which og-oca treats as a link scanner
// (auto mode falls back to confirm). Unit tests model a person's browser unless a test
// says otherwise with `vi.spyOn(Navigator.prototype, 'webdriver', 'get')`.
// (Files in the node environment have no Navigator, and no shared msw server.)
if (typeof Navigator !== 'undefined') {
  Object.defineProperty(Navigator.prototype, 'webdriver', { configurable: true, get: () => false });
  const { server } = await import('./helpers/msw');
  afterAll(() => server.close());
}

// A tab that got a success offers it to the other tabs on the same link for a while (tabs.ts).
// Within one test file every test is another tab of the same browser, so a success left over
// from one test would answer the next test's "used": each test's channels close after it.
// A run may end before its tab has joined (only "used" waits for that): the joins wait on
// digests, which finish before the channels close.
if (typeof BroadcastChannel === 'function') {
  const digests = new Set<Promise<unknown>>();
  const digest = crypto.subtle.digest.bind(crypto.subtle);
  crypto.subtle.digest = (...args) => {
    const made = digest(...args);
    digests.add(made);
    return made;
  };
  const open = new Set<BroadcastChannel>();
  globalThis.BroadcastChannel = class extends BroadcastChannel {
    constructor(name: string) {
      super(name);
      open.add(this);
    }
    override close() {
      open.delete(this);
      super.close();
    }
  };
  afterEach(async () => {
    await Promise.allSettled(digests);
    digests.clear();
    await new Promise((resolve) => setTimeout(resolve));
    for (const channel of open) channel.close();
  });
}
