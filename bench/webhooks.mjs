// node bench/webhooks.mjs — og-oca/webhooks, measured on the built dist/webhooks.mjs
// (`npm run build` first). Prints a Markdown report on stdout; exits 1 if the load run
// lost a delivery or handled one twice.
//
// 1. Verification throughput, as ratios taken in the same run on the same bodies (1 KB and
//    64 KB Ordergroove-shaped events): verifyWebhook against @octokit/webhooks-methods
//    `verify` (which only checks the signature), Octokit `verify` followed by JSON.parse
//    (the same work as verifyWebhook, which returns the parsed event), and standardwebhooks'
//    `Webhook#verify` (which parses too).
// 2. The delivery load run of test/webhooks/load.mjs at 10,000 deliveries (20 % duplicates,
//    5 % failing routes retried) through two relay instances sharing a throwaway
//    redis-server: throughput, latency, lost and handled-twice counts.
//
// Environment: BENCH_WEBHOOK_ROUNDS (timed rounds per method and size, default 15),
// BENCH_WEBHOOK_DELIVERIES (default 10000), REDIS_SERVER_PATH (see test/webhooks/redis-server.mjs).
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { runLoad } from '../test/webhooks/load.mjs';
import { startRedis } from '../test/webhooks/redis-server.mjs';

const DIST = fileURLToPath(new URL('../dist/webhooks.mjs', import.meta.url));
if (!existsSync(DIST)) {
  process.stderr.write(
    'bench/webhooks.mjs measures dist/webhooks.mjs: run `npm run build` first.\n',
  );
  process.exit(2);
}
const webhooks = await import(DIST);
const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 15);
const DELIVERIES = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 10_000);
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
const load = [loadavg()[0]];

const SECRET = 'og_whk_bench_0123456789abcdef0123456789abcdef';
const STANDARD_SECRET = `whsec_${Buffer.from(SECRET).toString('base64')}`;

/** An order.reminder like Ordergroove's, with as many items as it takes to reach `size` bytes. */
const eventOfSize = (/** @type {number} */ size) => {
  const event = {
    id: '3f2a9c0e7b1d4e5f8a6b',
    type: 'order.reminder',
    created: 1_767_614_400,
    data: {
      object: {
        type: 'order',
        public_id: '9c1e5b7a3d2f4e6a8b0c9d1e2f3a4b5c',
        customer: 'SAM-1042',
        place: '2026-01-08',
        status_display: 'Unsent',
        total: '52.00',
        one_click_token: `eyJhbGciOiJFUzUxMiJ9.${'a'.repeat(180)}.${'b'.repeat(170)}`,
      },
    },
    snapshot: { customer: { email: 'sam.rivera@mail.example', first_name: 'Sam' }, items: [] },
  };
  /** @type {object[]} */
  const items = event.snapshot.items;
  for (let i = 0; JSON.stringify(event).length < size; i++) {
    items.push({
      product: `SKU-${i}`,
      name: `Single-origin beans ${i}`,
      quantity: 1,
      price: '18.00',
    });
  }
  return JSON.stringify(event);
};

/**
 * Times `fn` in rounds of `batch` calls, interleaved with the other methods by the caller.
 * @param {() => unknown} fn
 * @param {number} batch
 */
const timeBatch = async (fn, batch) => {
  const started = performance.now();
  for (let i = 0; i < batch; i++) await fn();
  return (batch / (performance.now() - started)) * 1000;
};

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const fmt = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');

/** @type {string[]} */
const report = [];
report.push('## og-oca/webhooks', '');
report.push(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; dist/webhooks.mjs. ` +
    `Each figure is the median of ${ROUNDS} interleaved rounds.`,
  '',
);

report.push('### Verification throughput (verifications per second)', '');
report.push(
  '| body | og-oca `verifyWebhook` | Octokit `verify` | Octokit `verify` + `JSON.parse` | standardwebhooks `verify` | og-oca ÷ Octokit | og-oca ÷ (Octokit + parse) | og-oca ÷ standardwebhooks |',
  '|---|---|---|---|---|---|---|---|',
);
for (const [label, size] of /** @type {const} */ ([
  ['1 KB', 1024],
  ['64 KB', 64 * 1024],
])) {
  const body = eventOfSize(size);
  const ts = Math.floor(Date.now() / 1000);
  const header = await webhooks.signWebhook({ body, secrets: SECRET, ts });
  const githubSignature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const standard = new Webhook(STANDARD_SECRET);
  const standardHeaders = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(ts),
    'webhook-signature': standard.sign('msg_1', new Date(ts * 1000), body),
  };
  /** @type {Record<string, () => unknown>} */
  const methods = {
    oca: () => webhooks.verifyWebhook({ body, header, secrets: SECRET }),
    octokit: async () => {
      if (!(await octokitVerify(SECRET, body, githubSignature))) throw new Error('octokit refused');
    },
    octokitParse: async () => {
      if (!(await octokitVerify(SECRET, body, githubSignature))) throw new Error('octokit refused');
      return JSON.parse(body);
    },
    standard: () => standard.verify(body, standardHeaders),
  };
  // Each method must accept the body before it is timed.
  for (const fn of Object.values(methods)) await fn();
  const batch = size > 10_000 ? 300 : 5000;
  /** @type {Record<string, number[]>} */
  const rates = Object.fromEntries(Object.keys(methods).map((name) => [name, []]));
  const names = Object.keys(methods);
  for (let round = -2; round < ROUNDS; round++) {
    // Rotate the order every round, so drift on a busy machine hits all methods alike.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round + 2) % names.length] ?? '';
      const rate = await timeBatch(/** @type {() => unknown} */ (methods[name]), batch);
      if (round >= 0) rates[name]?.push(rate);
    }
  }
  const m = Object.fromEntries(names.map((name) => [name, median(rates[name] ?? [])]));
  const ratio = (/** @type {number} */ a, /** @type {number} */ b) => `${(a / b).toFixed(2)} ×`;
  report.push(
    `| ${label} (${body.length.toLocaleString('en-US')} B) | ${fmt(m.oca)} | ${fmt(m.octokit)} | ${fmt(m.octokitParse)} | ${fmt(m.standard)} | ${ratio(m.oca, m.octokit)} | ${ratio(m.oca, m.octokitParse)} | ${ratio(m.oca, m.standard)} |`,
  );
  log(`verification ${label} done`);
}
report.push(
  '',
  'Octokit `verify` only checks the signature and resolves `true`; `verifyWebhook` and ' +
    'standardwebhooks also parse the JSON they return, so "Octokit + parse" is the same work. ' +
    'The bodies are JSON events with many small objects, which is where `JSON.parse` costs ' +
    'the most relative to the HMAC.',
  '',
);
load.push(loadavg()[0]);

report.push(`### Delivery load run (${fmt(DELIVERIES)} deliveries, two instances, one Redis)`, '');
const redis = await startRedis();
let result;
try {
  result = await runLoad({
    webhooks,
    secret: SECRET,
    redisUrl: redis.url,
    deliveries: DELIVERIES,
    duplicateRate: 0.2,
    failureRate: 0.05,
    concurrency: 64,
  });
} finally {
  const left = await redis.stop();
  if (left.length > 0) log(`redis-server left files behind: ${left.join(', ')}`);
}
load.push(loadavg()[0]);
const answers = Object.entries(result.answers)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, count]) => `${name} ${fmt(count)}`)
  .join(', ');
report.push(
  '| deliveries | events | HTTP attempts | wall time | deliveries/s | attempts/s | p50 | p99 | lost | handled twice | runs that failed and were retried |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  `| ${fmt(result.deliveries)} | ${fmt(result.events)} | ${fmt(result.attempts)} | ${result.seconds.toFixed(1)} s | ${fmt(result.deliveries / result.seconds)} | ${fmt(result.attempts / result.seconds)} | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${result.lost} | ${result.twice} | ${fmt(result.failedRuns)} |`,
  '',
  `Answers: ${answers}. Latency is per HTTP attempt (request to answer), with 64 deliveries in ` +
    'flight; duplicates go to the other instance at the same moment or up to 20 ms later, and ' +
    'every non-2xx answer is retried 5 ms later on either instance.',
  '',
  `1-minute load average during the run: ${load.map((value) => value.toFixed(1)).join(' → ')}.`,
  '',
);
process.stdout.write(`${report.join('\n')}\n`);
if (result.lost > 0 || result.twice > 0 || result.overlapping > 0 || result.unanswered > 0) {
  log('FAILED: a delivery was lost, unanswered, or handled twice.');
  process.exit(1);
}
