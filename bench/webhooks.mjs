// node bench/webhooks.mjs — og-oca/webhooks, measured on the built files (`npm run build`
// first): dist/webhooks.node.mjs, what Node gets through the `node` export condition
// (createHmac + timingSafeEqual), and dist/webhooks.mjs, the `default` build (Web Crypto). Prints a Markdown report on stdout; exits 1 if the load run
// lost a delivery or handled one twice.
//
// 1. Verification throughput on the same 1 KB and 64 KB Ordergroove-shaped events, in the
//    same run: verifyWebhook (node build: string and Buffer body; default build: string)
//    against @octokit/webhooks-methods
//    `verify` (which only checks the signature), Octokit `verify` followed by JSON.parse
//    (the same work as verifyWebhook, which returns the parsed event), JSON.parse alone
//    (what any verifier that returns the event must at least spend), and standardwebhooks'
//    `Webhook#verify` (which parses too). Each round runs every method once, for a batch of
//    some 20–40 ms, in an order that rotates every round. Time is the process's CPU time
//    (process.cpuUsage), because wall time on a shared machine also counts the moments other
//    processes had the CPU. A ratio is taken within each round, between batches run back to
//    back, and reported as the median over the rounds with their 25th–75th percentile.
// 2. The delivery load run of test/webhooks/load.mjs at 10,000 deliveries (20 % duplicates,
//    5 % failing routes retried) through two relay instances sharing a throwaway
//    redis-server: throughput, latency, lost and handled-twice counts.
//
// Environment: BENCH_WEBHOOK_ROUNDS (timed rounds per body size, default 40),
// BENCH_WEBHOOK_DELIVERIES (default 10000), REDIS_SERVER_PATH (see test/webhooks/redis-server.mjs).
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { runLoad } from '../test/webhooks/load.mjs';
import { startRedis } from '../test/webhooks/redis-server.mjs';

const DIST = fileURLToPath(new URL('../dist/webhooks.node.mjs', import.meta.url));
const DIST_WEB = fileURLToPath(new URL('../dist/webhooks.mjs', import.meta.url));
if (!existsSync(DIST) || !existsSync(DIST_WEB)) {
  process.stderr.write(
    'bench/webhooks.mjs measures dist/webhooks.node.mjs and dist/webhooks.mjs: run `npm run build` first.\n',
  );
  process.exit(2);
}
const webhooks = await import(DIST);
const webWebhooks = await import(DIST_WEB);
const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 40);
const WARMUP_ROUNDS = 5;
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
 * Times `fn` over `batch` calls, awaited one by one; the caller interleaves the methods.
 * The time is the CPU time the process used (user + system, all its threads), not wall time:
 * on a shared machine wall time also counts the moments another process had the CPU.
 * @param {() => unknown} fn
 * @param {number} batch
 * @returns {Promise<number>} calls per second of CPU time
 */
const timeBatch = async (fn, batch) => {
  const started = process.cpuUsage();
  for (let i = 0; i < batch; i++) await fn();
  const used = process.cpuUsage(started);
  return (batch / (used.user + used.system)) * 1e6;
};

/** The value at `share` (0–1) of the way through the sorted `values`. */
const quantile = (/** @type {number[]} */ values, /** @type {number} */ share) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round(share * (sorted.length - 1))] ?? 0;
};

const fmt = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');
const load1 = () => loadavg()[0].toFixed(1);

/** The methods timed, in table order. */
const METHODS = /** @type {const} */ ([
  ['oca', 'og-oca `verifyWebhook` (node build), string body'],
  ['ocaBytes', 'og-oca `verifyWebhook` (node build), `Buffer` body'],
  ['ocaWeb', 'og-oca `verifyWebhook` (default build: Web Crypto), string body'],
  ['octokit', 'Octokit `verify`'],
  ['octokitParse', 'Octokit `verify` + `JSON.parse`'],
  ['parse', '`JSON.parse` alone'],
  ['standard', 'standardwebhooks `Webhook#verify`'],
]);

/** The ratios reported: [numerator, denominator, column title]. */
const RATIOS = /** @type {const} */ ([
  [
    'oca',
    'octokitParse',
    'og-oca ÷ (Octokit `verify` + `JSON.parse`): the same work (target ≥ 0.9)',
  ],
  ['ocaBytes', 'octokitParse', 'og-oca with a `Buffer` body ÷ (Octokit + `JSON.parse`)'],
  ['ocaWeb', 'octokitParse', 'og-oca default build (Web Crypto) ÷ (Octokit + `JSON.parse`)'],
  ['oca', 'octokit', 'og-oca ÷ Octokit `verify` alone'],
  [
    'parse',
    'octokit',
    '`JSON.parse` alone ÷ Octokit `verify`: the most a parsing verifier can reach',
  ],
  ['oca', 'standard', 'og-oca ÷ standardwebhooks'],
]);

/** @type {string[]} */
const report = [];
report.push('## og-oca/webhooks', '');
report.push(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; dist/webhooks.node.mjs and dist/webhooks.mjs. ` +
    `${ROUNDS} timed rounds per body size (after ${WARMUP_ROUNDS} warm-up rounds), each running ` +
    'every method once, in an order that rotates every round.',
  '',
);

/** @type {string[]} */
const rateRows = [];
/** @type {string[]} */
const ratioRows = [];
/** @type {Record<string, string[]>} */
const rateCells = Object.fromEntries(METHODS.map(([name]) => [name, []]));
const loadAtStart = load1();
for (const [label, size] of /** @type {const} */ ([
  ['1 KB', 1024],
  ['64 KB', 64 * 1024],
])) {
  const body = eventOfSize(size);
  const bytes = Buffer.from(body);
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
    ocaBytes: () => webhooks.verifyWebhook({ body: bytes, header, secrets: SECRET }),
    ocaWeb: () => webWebhooks.verifyWebhook({ body, header, secrets: SECRET }),
    octokit: async () => {
      if (!(await octokitVerify(SECRET, body, githubSignature))) throw new Error('octokit refused');
    },
    octokitParse: async () => {
      if (!(await octokitVerify(SECRET, body, githubSignature))) throw new Error('octokit refused');
      return JSON.parse(body);
    },
    parse: () => JSON.parse(body),
    standard: () => standard.verify(body, standardHeaders),
  };
  // Each method must accept the body, and return the same event, before it is timed.
  const expected = JSON.stringify(JSON.parse(body));
  for (const [name, fn] of Object.entries(methods)) {
    const result = await fn();
    if (name !== 'octokit' && JSON.stringify(result) !== expected) {
      throw new Error(`${name} did not return the event`);
    }
  }
  const batch = size > 10_000 ? 40 : 1000;
  const names = Object.keys(methods);
  /** @type {Record<string, number>[]} */
  const rounds = [];
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    /** @type {Record<string, number>} */
    const rates = {};
    // Rotate the order every round, so drift on a busy machine hits all methods alike.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round + WARMUP_ROUNDS) % names.length] ?? '';
      rates[name] = await timeBatch(/** @type {() => unknown} */ (methods[name]), batch);
    }
    if (round >= 0) rounds.push(rates);
  }
  const spread = (/** @type {number[]} */ values, /** @type {(n: number) => string} */ show) =>
    `${show(quantile(values, 0.5))} (${show(quantile(values, 0.25))}–${show(quantile(values, 0.75))})`;
  for (const [name] of METHODS) {
    rateCells[name]?.push(
      spread(
        rounds.map((rates) => rates[name] ?? 0),
        fmt,
      ),
    );
  }
  const ratioCells = RATIOS.map(([a, b]) =>
    spread(
      rounds.map((rates) => (rates[a] ?? 0) / (rates[b] ?? 1)),
      (n) => n.toFixed(2),
    ),
  );
  ratioRows.push(`| ${label} (${fmt(body.length)} B) | ${ratioCells.join(' | ')} |`);
  log(`verification ${label} done`);
}
const loadAtEnd = load1();
for (const [name, title] of METHODS)
  rateRows.push(`| ${title} | ${(rateCells[name] ?? []).join(' | ')} |`);

report.push('### Verification throughput', '');
report.push(
  `1-minute load average: ${loadAtStart} at the start, ${loadAtEnd} at the end (${cpus().length} CPUs).`,
  '',
  'Verifications per second of CPU time: median of the rounds (25th–75th percentile of the rounds).',
  '',
  '| method | 1 KB | 64 KB |',
  '|---|---|---|',
  ...rateRows,
  '',
  'Ratios (higher is faster for og-oca): median of the per-round ratios (25th–75th percentile).',
  '',
  `| body | ${RATIOS.map(([, , title]) => title).join(' | ')} |`,
  `|---|${RATIOS.map(() => '---').join('|')}|`,
  ...ratioRows,
  '',
  'Octokit `verify` only checks the signature and resolves `true`; `verifyWebhook` and ' +
    'standardwebhooks also decode and parse the event they return, so "Octokit + `JSON.parse`" ' +
    'is the same work, and `JSON.parse` of the body alone bounds what any verifier that returns ' +
    'the event can reach against Octokit `verify`. The bodies are JSON events with many small ' +
    'objects, which is where `JSON.parse` costs the most relative to the HMAC. Octokit is ' +
    "loaded through its `node` export condition (createHmac), as og-oca's node build is.",
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
