// The core browser checks in WebKit (WebKitGTK's MiniBrowser over classic WebDriver). Run alone:
// npx vitest run -c vitest.engines.config.ts webkit
import { describeEngine } from './checks';
import { WEBKIT } from './webkit';

describeEngine(WEBKIT);
