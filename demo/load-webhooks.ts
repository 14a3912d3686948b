/** The built `og-oca/webhooks` (dist/webhooks.mjs), loaded through the package's own exports. */
import type * as Webhooks from '../src/webhooks/index.ts';

let webhooksModule: Promise<typeof Webhooks> | undefined;

/** Loads `og-oca/webhooks`, or explains that it is not built. */
export const loadWebhooks = (): Promise<typeof Webhooks> => {
  // A variable specifier: type-checking needs no build; the types come from src.
  const specifier = 'og-oca/webhooks';
  webhooksModule ??= (import(specifier) as Promise<typeof Webhooks>).catch((error: unknown) => {
    webhooksModule = undefined;
    throw new Error(
      'The demo signs and verifies webhooks with dist/webhooks.mjs, which is not built: run `npm run build`.',
      { cause: error },
    );
  });
  return webhooksModule;
};
