// Starts the demo site and the fake Ordergroove API once for the three engines, in-process, as
// demo/README.md shows. The one place the engine suite starts the demo.
import { existsSync } from 'node:fs';
import { startDemo } from '../../demo/server.ts';

export default async function setup() {
  if (!existsSync(new URL('../../dist/oca.js', import.meta.url)))
    throw new Error('dist/oca.js is missing: run `npm run build` before the engine checks.');
  const demo = await startDemo({
    port: Number(process.env.ENGINES_PORT ?? 5301),
    apiPort: Number(process.env.ENGINES_API_PORT ?? 5302),
  });
  return () => demo.close();
}
