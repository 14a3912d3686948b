// The shared browser suite in WebKit (WebKitGTK's MiniBrowser over classic WebDriver). Run alone:
// npx vitest run -c vitest.engines.config.ts webkit
import { describeEngine } from './suite';
import { WEBKIT } from './webkit';

describeEngine(WEBKIT);
