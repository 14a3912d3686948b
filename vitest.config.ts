import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The demo imports the fake as users do, `og-oca/testing`; unit tests run it from src.
  resolve: {
    alias: [
      {
        find: /^og-oca\/testing$/,
        replacement: new URL('src/testing/index.ts', import.meta.url).pathname,
      },
      // og-oca/react imports the SDK as users do; its tests run it from src too.
      { find: /^og-oca$/, replacement: new URL('src/index.ts', import.meta.url).pathname },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
    // Property tests run thousands of cases; a loaded 2-core machine needs the headroom.
    testTimeout: 30_000,
    setupFiles: ['test/setup.ts'],
  },
});
