// Type-checked by types.test.ts (not run): the handler's routes are typed by event type,
// and redisStore takes node-redis v5 clients although og-oca's types never import redis.
import { createServer } from 'node:http';
import { createClient, createCluster } from 'redis';
import {
  actionTokenOf,
  createWebhookHandler,
  memoryStore,
  redisStore,
  toNodeListener,
  type WebhookHandler,
} from '../../src/webhooks';

const client = createClient({ url: 'redis://127.0.0.1:6379' });
const cluster = createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:7000' }] });

export const handler: WebhookHandler = createWebhookHandler({
  secrets: ['new-key', 'old-key'],
  store: redisStore(client),
  on: {
    'order.reminder': async (event) => {
      const type: 'order.reminder' = event.type;
      return `${type}:${actionTokenOf(event)}`;
    },
    'subscription.cancel': (event) => event.data?.object?.one_click_token,
    'merchant.custom_event': (event) => {
      const type: string = event.type;
      return type;
    },
    '*': (event) => {
      const type: string | undefined = event.type;
      return type;
    },
  },
});
export const shared = createWebhookHandler({
  secrets: 'k',
  store: redisStore(cluster, { prefix: 'shop:' }),
  on: { '*': () => {} },
});
export const local = createWebhookHandler({
  secrets: 'k',
  store: memoryStore(),
  on: { '*': () => {} },
});
export const server = createServer(toNodeListener(handler));

// At module scope, with an environment variable that may be unset (string | undefined), as a
// value or read per delivery.
declare const env: { OG_WEBHOOK_KEY?: string; OG_WEBHOOK_KEYS?: string };
export const fromEnv = createWebhookHandler({ secrets: env.OG_WEBHOOK_KEY, on: { '*': () => {} } });
export const perDelivery = createWebhookHandler({
  secrets: () => env.OG_WEBHOOK_KEYS?.split(','),
  leaseMs: 30_000,
  storeTimeoutMs: 500,
  on: { '*': () => {} },
});
// @ts-expect-error secrets is a key, keys, or a function returning them
createWebhookHandler({ secrets: 42, on: { '*': () => {} } });
// @ts-expect-error a secrets function returns keys, not a promise of them
createWebhookHandler({ secrets: async () => 'k', on: { '*': () => {} } });

// @ts-expect-error a route is a function
createWebhookHandler({ secrets: 'k', on: { 'order.reminder': 'send' } });
createWebhookHandler({
  secrets: 'k',
  on: {
    'order.reminder': (event) => {
      // @ts-expect-error an order.reminder route gets an order.reminder, nothing else
      const type: 'subscription.cancel' = event.type;
      return type;
    },
  },
});
createWebhookHandler({
  secrets: 'k',
  on: { '*': () => {} },
  // @ts-expect-error a store needs claim, renew, complete and release
  store: {
    claim: async () => 'done' as const,
    complete: async () => {},
    release: async () => {},
  },
});
// @ts-expect-error a store needs claim, complete and release
createWebhookHandler({ secrets: 'k', on: { '*': () => {} }, store: { claim: async () => 'done' } });
// @ts-expect-error redisStore needs a client with eval
redisStore({ get: async () => null });
