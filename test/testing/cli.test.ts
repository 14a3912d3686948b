// @vitest-environment node
// The og-oca command as a child process (from src, through tsx): send-test-events against
// relays built on createWebhookHandler (Express, and a Fetch-API handler under
// @hono/node-server), relays that fail, and link, verify and fake.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ordergrooveEvent, pythonJson } from '../../src/testing/index.ts';
import { EVENT_TYPES as TOKEN_EVENT_TYPES } from '../../src/testing/webhooks.ts';
import {
  buildActionUrl,
  createWebhookHandler,
  type OrdergrooveEvent,
  signWebhook,
  toNodeListener,
  type WebhookHandlerOptions,
} from '../../src/webhooks/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'src/testing/cli/main.ts');
const KEY = 'og_whk_cli_test_0123456789abcdef';
const OLD = 'og_whk_cli_old_fedcba9876543210';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

const start = (args: string[], env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  children.add(child);
  return child;
};

/** Runs `og-oca …` to its end. */
const og = (
  args: string[],
  { input, env }: { input?: string; env?: Record<string, string> } = {},
) =>
  new Promise<Ran>((done, fail) => {
    const child = start(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      children.delete(child);
      done({ code, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });

const listening = async (server: Server) => {
  servers.push(server);
  if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A relay on createWebhookHandler, served by Express or as a Fetch-API handler. */
const relay = async (
  kind: 'express' | 'fetch',
  options: Partial<WebhookHandlerOptions> = {},
  route: (event: OrdergrooveEvent) => unknown = () => {},
) => {
  const received: OrdergrooveEvent[] = [];
  const handler = createWebhookHandler({
    secrets: KEY,
    on: {
      '*': async (event) => {
        await route(event);
        received.push(event);
      },
    },
    onError: () => {},
    ...options,
  });
  let server: Server;
  if (kind === 'express') {
    const app = express();
    app.post('/webhooks/ordergroove', toNodeListener(handler));
    server = createServer(app);
  } else {
    server = serve({
      fetch: handler,
      port: 0,
      hostname: '127.0.0.1',
      overrideGlobalObjects: false,
    }) as Server;
    await new Promise((done) => server.once('listening', done));
  }
  return { url: `${await listening(server)}/webhooks/ordergroove`, received };
};

/** A relay that answers every POST with `status` (and `headers`), and counts them. */
const answering = async (status: number, headers: Record<string, string> = {}) => {
  const hits: string[] = [];
  const url = await listening(
    createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hits.push(String(req.headers['ordergroove-signature']));
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ error: 'busy' }));
      });
    }),
  );
  return { url, hits };
};

const verdicts = (stdout: string) =>
  [...stdout.matchAll(/→ (done|retry later|retry|give up):/g)].map((match) => match[1]);

describe('og-oca send-test-events', () => {
  it.each(['express', 'fetch'] as const)(
    'delivers one event of each token type to a %s relay and says Ordergroove is done',
    async (kind) => {
      const target = await relay(kind);
      const ran = await og(['send-test-events', '--to', target.url, '--secret', KEY]);
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      expect(target.received.map((event) => event.type)).toEqual([...TOKEN_EVENT_TYPES]);
      for (const event of target.received) {
        expect(event.data?.object?.one_click_token).toMatch(/^eyJ/);
        expect(ran.stdout).toContain(`${event.type} (event ${event.id})`);
      }
      expect(verdicts(ran.stdout)).toEqual(TOKEN_EVENT_TYPES.map(() => 'done'));
      expect(ran.stdout).toMatch(/attempt 1: 200 handled → done: delivered/);
    },
  );

  it('sends only the --event types given, in order', async () => {
    const target = await relay('fetch');
    const ran = await og([
      'send-test-events',
      '--to',
      target.url,
      '--secret',
      KEY,
      '--event',
      'subscription.cancel',
      '--event',
      'order.reminder',
    ]);
    expect(ran.code).toBe(0);
    expect(target.received.map((event) => event.type)).toEqual([
      'subscription.cancel',
      'order.reminder',
    ]);
  });

  it('--twice sends each event again and shows the relay answering it as a duplicate', async () => {
    const target = await relay('express');
    const ran = await og([
      'send-test-events',
      ...['--to', target.url, '--secret', KEY, '--event', 'order.reminder', '--twice'],
    ]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/attempt 1: 200 handled → done/);
    expect(ran.stdout).toMatch(/duplicate: 200 duplicate → done/);
    expect(target.received).toHaveLength(1);
  });

  it('--rotate signs with both keys: a relay that knows only the old key verifies it', async () => {
    const old = await relay('fetch', { secrets: OLD });
    const ran = await og([
      'send-test-events',
      ...['--to', old.url, '--secret', KEY, '--rotate', OLD, '--event', 'order.reminder'],
    ]);
    expect(ran.code).toBe(0);
    expect(old.received).toHaveLength(1);
    // Without --rotate the same relay cannot verify it.
    const plain = await og([
      'send-test-events',
      ...['--to', old.url, '--secret', KEY, '--event', 'order.reminder'],
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/attempt 1: 400 signature_mismatch → give up/);
  });

  it('shows a failing relay (5xx) as a retry, and --retry retries until it takes the event', async () => {
    let failures = 1;
    const target = await relay('express', {}, () => {
      if (failures-- > 0) throw new Error('database down');
    });
    const once = await og([
      'send-test-events',
      ...['--to', target.url, '--secret', KEY, '--event', 'order.reminder'],
    ]);
    expect(once.code).toBe(1);
    expect(once.stdout).toMatch(
      /attempt 1: 500 handler_failed → retry: the relay failed; Ordergroove tries again in about 1 min/,
    );
    expect(once.stdout).toContain('not delivered after 1 attempt(s)');

    failures = 1;
    const retried = await og([
      'send-test-events',
      ...['--to', target.url, '--secret', KEY, '--event', 'subscription.create', '--retry'],
    ]);
    expect(retried.code).toBe(0);
    expect(verdicts(retried.stdout)).toEqual(['retry', 'done']);
    expect(retried.stdout).toMatch(/retrying in 1 s\n {2}attempt 2: 200 handled → done/);
    expect(target.received.map((event) => event.type)).toEqual(['subscription.create']);
  });

  it('gives up after --attempts when the relay keeps failing', async () => {
    const down = await answering(500);
    const ran = await og([
      'send-test-events',
      ...['--to', down.url, '--secret', KEY, '--event', 'order.reminder', '--retry'],
      ...['--attempts', '2'],
    ]);
    expect(ran.code).toBe(1);
    expect(verdicts(ran.stdout)).toEqual(['retry', 'retry']);
    expect(down.hits).toHaveLength(2);
    expect(ran.stdout).toContain('not delivered after 2 attempt(s)');
  });

  it('shows 503 as retry later and a 4xx as give up, without retrying the 4xx', async () => {
    const busy = await answering(503, { 'retry-after': '60' });
    const later = await og([
      'send-test-events',
      ...['--to', busy.url, '--secret', KEY, '--event', 'order.reminder'],
    ]);
    expect(later.code).toBe(1);
    expect(verdicts(later.stdout)).toEqual(['retry later']);

    const refusing = await answering(401);
    const refused = await og([
      'send-test-events',
      ...['--to', refusing.url, '--secret', KEY, '--event', 'order.reminder', '--retry'],
    ]);
    expect(refused.code).toBe(1);
    expect(verdicts(refused.stdout)).toEqual(['give up']);
    expect(refusing.hits).toHaveLength(1);
  });

  it('reports a relay that is not listening, or does not answer in time, as a retry', async () => {
    const closed = await listening(createServer());
    servers.pop()?.close();
    const ran = await og([
      'send-test-events',
      ...['--to', closed, '--secret', KEY, '--event', 'order.reminder'],
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/attempt 1: no answer → retry: could not connect to the relay/);

    const silent = await listening(createServer(() => {}));
    const slow = await og([
      'send-test-events',
      ...['--to', silent, '--secret', KEY, '--event', 'order.reminder', '--timeout', '300'],
    ]);
    expect(slow.code).toBe(1);
    expect(slow.stdout).toMatch(/no answer → retry: no answer within 300 ms/);
  });

  it.each([
    [['--secret', KEY], /--to is required/],
    [['--to', 'http://127.0.0.1:9/'], /--secret is required/],
    [['--to', 'ftp://x', '--secret', KEY], /--to must be an http: or https: URL/],
    [
      ['--to', 'http://127.0.0.1:9/', '--secret', KEY, '--event', 'order.create'],
      /not a token event type/,
    ],
    [
      ['--to', 'http://127.0.0.1:9/', '--secret', KEY, '--attempts', '3'],
      /--attempts goes with --retry/,
    ],
    [
      ['--to', 'http://127.0.0.1:9/', '--secret', KEY, '--retry', '--attempts', '0'],
      /--attempts must be a whole number from 1 to 60/,
    ],
    [['--to', 'http://127.0.0.1:9/', '--secret', KEY, '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with the reason for a bad command line (%j)', async (args, reason) => {
    const ran = await og(['send-test-events', ...args]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(reason);
    expect(ran.stderr).toContain('See og-oca send-test-events --help');
  });
});

describe('og-oca verify', () => {
  const capture = async (options: { ts?: number; body?: string } = {}) => {
    const body =
      options.body ?? pythonJson(ordergrooveEvent({ type: 'order.reminder', token: 'abcd.ef.gh' }));
    const header = await signWebhook({ body, secrets: KEY, ...(options.ts && { ts: options.ts }) });
    const file = join(mkdtempSync(join(tmpdir(), 'og-oca-verify-')), 'body.json');
    writeFileSync(file, body);
    return { body, header, file };
  };

  it('verifies a captured delivery from a file, or from stdin', async () => {
    const { body, header, file } = await capture();
    const fromFile = await og(['verify', '--secret', KEY, '--header', header, '--body-file', file]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/^verified: order\.reminder \(event [0-9a-f]{20}\)\n$/);
    const fromStdin = await og(['verify', '--secret', KEY, '--header', header], { input: body });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toMatch(/^verified: order\.reminder/);
  });

  it('takes the header copied with its name, and a second key during a rotation', async () => {
    const { header, file } = await capture();
    const ran = await og([
      'verify',
      ...['--secret', OLD, '--secret', KEY, '--body-file', file],
      ...['--header', `Ordergroove-Signature: ${header}`],
    ]);
    expect(ran.code).toBe(0);
  });

  it('names re-serialized JSON as the likely cause when the body was parsed and written again', async () => {
    const { body, header } = await capture();
    const reserialized = JSON.stringify(JSON.parse(body));
    const ran = await og(['verify', '--secret', KEY, '--header', header], { input: reserialized });
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/^not verified: signature_mismatch\n/);
    expect(ran.stdout).toMatch(/likely cause: body changed: the body was re-serialized/);
  });

  it('names an added newline as the likely cause', async () => {
    const { body, header } = await capture();
    const ran = await og(['verify', '--secret', KEY, '--header', header], { input: `${body}\n` });
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/likely cause: body changed: a newline was added at the end/);
  });

  it('names a wrong key as the likely cause, and a key with a stray newline', async () => {
    const { header, file } = await capture();
    const wrong = await og(['verify', '--secret', OLD, '--header', header, '--body-file', file]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/likely cause: no matching key/);
    const spaced = await og([
      'verify',
      ...['--secret', `${KEY}\n`, '--header', header, '--body-file', file],
    ]);
    expect(spaced.code).toBe(1);
    expect(spaced.stdout).toMatch(/likely cause: the key has leading or trailing whitespace/);
  });

  it('names the timestamp when the delivery is older than the tolerance; --tolerance accepts it', async () => {
    const { header, file } = await capture({ ts: Math.floor(Date.now() / 1000) - 3600 });
    const old = await og(['verify', '--secret', KEY, '--header', header, '--body-file', file]);
    expect(old.code).toBe(1);
    expect(old.stdout).toMatch(/^not verified: timestamp_out_of_tolerance\n/);
    expect(old.stdout).toMatch(/likely cause: the timestamp is outside the tolerance/);
    const tolerant = await og([
      'verify',
      ...['--secret', KEY, '--header', header, '--body-file', file, '--tolerance', '7200'],
    ]);
    expect(tolerant.code).toBe(0);
  });

  it('names a header that is not a whole signature', async () => {
    const { header, file } = await capture();
    const ran = await og([
      'verify',
      ...['--secret', KEY, '--header', header.slice(0, 30), '--body-file', file],
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/^not verified: malformed_header\n/);
    expect(ran.stdout).toMatch(/likely cause: the header is not a whole Ordergroove-Signature/);
  });

  it.each([
    [['--header', 'ts=1,sig=00'], /--secret is required/],
    [['--secret', KEY], /--header is required/],
    [
      ['--secret', KEY, '--header', 'x', '--body-file', '/nonexistent/body'],
      /cannot read --body-file .*ENOENT/,
    ],
    [['--secret', KEY, '--header', 'x', '--tolerance', '5m'], /--tolerance must be whole seconds/],
  ])('exits 2 for a bad command line (%j)', async (args, reason) => {
    const ran = await og(['verify', ...args]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(reason);
  });
});

describe('og-oca link', () => {
  it('prints the link buildActionUrl builds, in the query or the fragment', async () => {
    const landing = 'https://shop.example/subscription-actions';
    const ran = await og([
      'link',
      landing,
      '--token',
      'abcd.ef',
      '--action',
      'delay',
      '--days',
      '21',
    ]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(
      `${buildActionUrl(landing, { token: 'abcd.ef', action: 'delay', days: 21 })}\n`,
    );
    const fragment = await og([
      'link',
      ...[landing, '--token', 'abcd.ef', '--action', 'upsell', '--product', 'SKU-1', '--fragment'],
    ]);
    expect(fragment.stdout).toBe(`${landing}#token=abcd.ef&product=SKU-1&action=upsell\n`);
  });

  it.each([
    [
      ['https://shop.example/l', '--token', 'abcd', '--action', 'cancel'],
      /buildActionUrl: .*action/,
    ],
    [['http://shop.example/l', '--token', 'abcd', '--action', 'skip'], /must be an https: URL/],
    [['https://shop.example/l', '--action', 'skip'], /--token is required/],
    [['--token', 'abcd', '--action', 'skip'], /give one landing URL \(got 0\)/],
    [['https://shop.example/l', '--token', 'abcd', '--action', 'delay', '--days', '400'], /days/],
  ])('exits 2 with buildActionUrl’s reason for bad link parameters (%j)', async (args, reason) => {
    const ran = await og(['link', ...args]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(reason);
  });
});

describe('og-oca', () => {
  it.each(['fake', 'send-test-events', 'link', 'verify'])(
    'og-oca %s --help prints its usage and exits 0',
    async (command) => {
      const ran = await og([command, '--help']);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toMatch(new RegExp(`^Usage: og-oca ${command} `));
      expect(ran.stdout).toMatch(/Exit codes: 0 /);
    },
  );

  it('lists its commands with --help (exit 0), and without a command exits 2', async () => {
    const help = await og(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['fake', 'send-test-events', 'link', 'verify']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
    const none = await og([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^og-oca: give a command/);
    const unknown = await og(['trigger']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^og-oca: unknown command trigger/);
  });
});

describe('og-oca fake', () => {
  /** Starts `og-oca fake`, resolves with its printout once it is listening. */
  const fake = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ child: ChildProcess; stdout: string }>((done, fail) => {
      const child = start(['fake', '--port', '0', ...args], env);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('Ctrl-C to stop.')) done({ child, stdout });
      });
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => fail(new Error(`exited ${code}: ${stderr}`)));
    });

  it('serves the one-click API, prints the data-api-base, a token and a working link per action', async () => {
    const landing = 'http://127.0.0.1:8080/landing.html';
    const { child, stdout } = await fake(['--landing', landing]);
    const api = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
    expect(api).toBeDefined();
    expect(stdout).toContain(`data-api-base="${api}"`);
    const links = stdout.match(/http:\/\/127\.0\.0\.1:8080\/landing\.html\?\S+/g) ?? [];
    expect(links.map((link) => new URL(link).searchParams.get('action'))).toEqual([
      'delay',
      'skip',
      'reactivate',
      'upsell',
    ]);
    for (const link of links) {
      const params = new URL(link).searchParams;
      const answer = await fetch(`${api}/one_click/${params.get('action')}?${params}`);
      expect(answer.status, link).toBe(200);
    }
    const any = /A token valid for any action: (\S+)/.exec(stdout)?.[1];
    expect((await fetch(`${api}/one_click/skip?token=${any}`)).status).toBe(200);
    expect((await fetch(`${api}/one_click/skip?token=${any}`)).status).toBe(400);
    const closed = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
  });

  it('refuses a non-loopback host, saying why, unless the control routes may be exposed', async () => {
    const ran = await og(['fake', '--port', '0', '--host', '0.0.0.0']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(
      /refusing to listen on 0\.0\.0\.0\. Its control routes .* answer anyone who can reach the port/,
    );
    expect(ran.stderr).toContain('--expose-control-routes');
    for (const [args, env] of [
      [['--expose-control-routes'], {}],
      [[], { EXPOSE_CONTROL_ROUTES: '1' }],
    ] as const) {
      const { child, stdout } = await fake(['--host', '0.0.0.0', ...args], env);
      expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      child.kill('SIGTERM');
    }
  });

  it('send-test-events --api mints the tokens on it: the relay gets tokens the fake API takes', async () => {
    const { stdout } = await fake([]);
    const api = /listening on (\S+)\n/.exec(stdout)?.[1] as string;
    const target = await relay('fetch');
    const ran = await og([
      'send-test-events',
      ...['--to', target.url, '--secret', KEY, '--api', api],
    ]);
    expect(ran.code).toBe(0);
    expect(target.received).toHaveLength(TOKEN_EVENT_TYPES.length);
    for (const event of target.received) {
      const token = event.data?.object?.one_click_token as string;
      expect((await fetch(`${api}/one_click/skip?token=${token}`)).status, event.type).toBe(200);
    }
    const closed = await listening(createServer());
    servers.pop()?.close();
    const unreachable = await og([
      'send-test-events',
      ...['--to', target.url, '--secret', KEY, '--api', closed, '--event', 'order.reminder'],
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toContain(`could not mint a token on ${closed}`);
  });

  it('exits 2 for a landing page a link may not point at, and for a bad port', async () => {
    const landing = await og(['fake', '--port', '0', '--landing', 'http://shop.example/l']);
    expect(landing.code).toBe(2);
    expect(landing.stderr).toMatch(/--landing: buildActionUrl: landingUrl must be an https: URL/);
    const port = await og(['fake', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a whole number from 0 to 65535/);
  });
});
