import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
    // Property tests run thousands of cases; a loaded 2-core machine needs the headroom.
    testTimeout: 30_000,
    setupFiles: ['test/setup.ts'],
  },
});
