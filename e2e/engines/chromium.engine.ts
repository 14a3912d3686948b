// The shared browser suite in Chromium (Playwright's library over CDP). Run alone:
// npx vitest run -c vitest.engines.config.ts chromium
import { CHROMIUM } from './chromium';
import { describeEngine } from './suite';

describeEngine(CHROMIUM);
