// The shared browser suite (npm run test:engines): e2e/engines/*.engine.ts, one file
// per engine, against the demo that global-setup.ts starts. docs/testing.md says how to run them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/engines/**/*.engine.ts'],
    environment: 'node',
    globalSetup: ['e2e/engines/global-setup.ts'],
    // One browser per engine file; two of the three files run side by side (2 cores).
    fileParallelism: true,
    maxWorkers: 2,
    // A check waits for the page (a timeout check takes a few seconds); launching a browser
    // on a busy 2-core machine takes longer.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
  },
});
