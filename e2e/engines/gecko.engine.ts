// The core browser checks in Gecko (Firefox over WebDriver BiDi). Run alone:
// npx vitest run -c vitest.engines.config.ts gecko
import { describeEngine } from './checks';
import { GECKO } from './gecko';

describeEngine(GECKO);
