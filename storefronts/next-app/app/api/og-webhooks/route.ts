import { createWebhookHandler } from 'og-oca/webhooks';

// At module scope, as docs/webhooks.md shows it: `secrets` is a function, read per delivery,
// so `next build` (which loads this module with OG_WEBHOOK_KEY unset) does not throw.
const handler = createWebhookHandler({
  secrets: () => process.env.OG_WEBHOOK_KEY,
  on: {
    '*': async () => {},
  },
});

export const POST = handler;
