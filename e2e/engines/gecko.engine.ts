// The shared browser suite in Gecko (Firefox over WebDriver BiDi). Run alone:
// npx vitest run -c vitest.engines.config.ts gecko

import { GECKO } from './gecko';
import { describeEngine } from './suite';

describeEngine(GECKO);
