import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 5273);
const apiPort = Number(process.env.E2E_API_PORT ?? 5274);
/** The specs about what a phone shows: the `mobile` project runs these alone. */
const MOBILE = ['accessibility.spec.ts', 'inbox.spec.ts'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_OUTPUT ?? 'test-results',
  timeout: 30_000,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'] } },
    // A phone (touch, small screen) only where the screen matters: layout, rendering, axe.
    // Behaviours run once per engine in the shared suite (e2e/engines/).
    { name: 'mobile', use: { ...devices['Pixel 7'] }, testMatch: MOBILE },
  ],
  webServer: {
    command: 'node --import tsx demo/server.ts',
    url: `http://127.0.0.1:${port}/`,
    env: { DEMO_PORT: String(port), API_PORT: String(apiPort) },
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
  },
});
