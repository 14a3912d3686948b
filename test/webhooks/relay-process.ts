// A relay in a process of its own, for the test of a relay that dies mid-route
// (redis.test.ts): createWebhookHandler with redisStore, behind node:http. Its route writes
// `running <event id>` on stdout and never ends; the test then kills the process.
// Usage: node --import tsx relay-process.ts <redis url> <lease ms> <secret>
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createWebhookHandler, redisStore, toNodeListener } from '../../src/webhooks';

const [redisUrl, leaseMs, secret] = process.argv.slice(2);
const client = createClient({ url: redisUrl });
client.on('error', () => {});
await client.connect();
const handler = createWebhookHandler({
  secrets: secret,
  store: redisStore(client),
  leaseMs: Number(leaseMs),
  on: {
    '*': (event) => {
      process.stdout.write(`running ${event.id}\n`);
      return new Promise(() => {});
    },
  },
});
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
