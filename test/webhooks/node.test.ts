// @vitest-environment node
// toNodeListener behind real servers: node:http, and Express 4 (mounted plainly, behind
// express.raw(), and — wrongly — behind express.json()).
import { EventEmitter } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  type NodeRequest,
  type OrdergrooveEvent,
  signWebhook,
  toNodeListener,
  type WebhookHandlerOptions,
} from '../../src/webhooks';

const KEY = 'node-test-key-0123456789abcdef';
const BODY = JSON.stringify({
  id: 'evt_node_1',
  type: 'order.reminder',
  data: { object: { one_click_token: 'tok.node.sig' } },
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const listen = async (server: Server): Promise<string> => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const makeHandler = (options: Partial<WebhookHandlerOptions> = {}) => {
  const handled: OrdergrooveEvent[] = [];
  const handler = createWebhookHandler({
    secrets: KEY,
    on: { 'order.reminder': (event) => void handled.push(event) },
    ...options,
  });
  return { handler, handled };
};

const post = async (url: string, body = BODY, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ordergroove-signature': await signWebhook({ body, secrets: KEY }),
      ...headers,
    },
    body,
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};

/** A chunked POST (no content-length) of `size` bytes; resolves with the status. */
const chunked = (url: string, size: number, header: string) =>
  new Promise<number>((resolve, reject) => {
    const request = httpRequest(`${url}/`, {
      method: 'POST',
      headers: { 'ordergroove-signature': header, 'transfer-encoding': 'chunked' },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    const chunk = Buffer.alloc(16 * 1024, 32);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!request.write(chunk)) return request.once('drain', write);
      }
      request.end();
    };
    write();
  });

describe('toNodeListener with node:http', () => {
  it('answers like the Fetch handler: handled, duplicate, 405, 400', async () => {
    const { handler, handled } = makeHandler();
    const url = await listen(createServer(toNodeListener(handler)));
    expect(await post(url)).toMatchObject({ status: 200, body: { status: 'handled' } });
    expect(await post(url)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(handled).toEqual([JSON.parse(BODY)]);

    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const unsigned = await fetch(url, { method: 'POST', body: BODY });
    expect(unsigned.status).toBe(400);
    expect((await unsigned.json()).error).toBe('missing_header');
    const forged = await post(url, BODY.replace('tok.node.sig', 'tok.evil.sig'), {
      'ordergroove-signature': await signWebhook({ body: BODY, secrets: KEY }),
    });
    expect(forged).toMatchObject({ status: 400, body: { error: 'signature_mismatch' } });
    expect(forged.headers.get('content-type')).toBe('application/json');
  });

  it('delivers the 413 for a body over the limit, declared or chunked, and keeps serving', async () => {
    const { handler, handled } = makeHandler({ maxBodyBytes: 64 * 1024 });
    const url = await listen(createServer(toNodeListener(handler)));
    const big = JSON.stringify({ id: 'big', type: 'order.reminder', pad: 'x'.repeat(2_000_000) });
    expect((await post(url, big)).status).toBe(413);
    const header = await signWebhook({ body: 'x', secrets: KEY });
    expect(await chunked(url, 1_000_000, header)).toBe(413);
    expect((await post(url)).status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it('streams a chunked body within the limit to the handler', async () => {
    const { handler, handled } = makeHandler();
    const url = await listen(createServer(toNodeListener(handler)));
    const body = JSON.stringify({ id: 'chunks', type: 'order.reminder', pad: 'y'.repeat(300_000) });
    const header = await signWebhook({ body, secrets: KEY });
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${url}/`, {
        method: 'POST',
        headers: { 'Ordergroove-Signature': header, 'transfer-encoding': 'chunked' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let at = 0; at < body.length; at += 7_000) request.write(body.slice(at, at + 7_000));
      request.end();
    });
    expect(status).toBe(200);
    expect(handled.map((event) => event.id)).toEqual(['chunks']);
  });
});

describe('toNodeListener with a request it drives by hand', () => {
  it('ignores body chunks that still arrive after the handler stopped reading', async () => {
    const { handler, handled } = makeHandler({ maxBodyBytes: 10 });
    const header = await signWebhook({ body: 'x', secrets: KEY });
    const req = Object.assign(new EventEmitter(), {
      method: 'POST',
      url: '/',
      rawHeaders: ['Ordergroove-Signature', header],
      pause: () => {},
      resume: () => {},
    });
    const sent: Record<string, unknown> = {};
    const res = {
      statusCode: 0,
      setHeader: (name: string, value: string) => {
        // The answer is decided, the body no longer read: a late chunk must be dropped.
        req.emit('data', Buffer.alloc(8));
        sent[name] = value;
      },
      end: (body: string) => {
        sent.body = body;
      },
    };
    const done = toNodeListener(handler)(req as unknown as NodeRequest, res);
    req.emit('data', Buffer.alloc(8));
    req.emit('data', Buffer.alloc(8));
    await expect(done).resolves.toBeUndefined();
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(String(sent.body)).error).toBe('body_too_large');
    expect(handled).toEqual([]);
  });
});

describe('toNodeListener with Express 4', () => {
  it('serves a route mounted with the listener alone', async () => {
    const { handler, handled } = makeHandler();
    const app = express();
    app.post('/webhooks/ordergroove', toNodeListener(handler));
    const url = await listen(createServer(app));
    expect(await post(`${url}/webhooks/ordergroove`)).toMatchObject({
      status: 200,
      body: { status: 'handled' },
    });
    expect(handled).toHaveLength(1);
  });

  it('uses the raw Buffer of express.raw()', async () => {
    const { handler, handled } = makeHandler();
    const app = express();
    app.post('/og', express.raw({ type: 'application/json' }), toNodeListener(handler));
    const url = await listen(createServer(app));
    expect(await post(`${url}/og`)).toMatchObject({ status: 200, body: { status: 'handled' } });
    expect(handled).toEqual([JSON.parse(BODY)]);
  });

  it('uses the string of express.text()', async () => {
    const { handler, handled } = makeHandler();
    const app = express();
    app.post('/og', express.text({ type: 'application/json' }), toNodeListener(handler));
    const url = await listen(createServer(app));
    expect(await post(`${url}/og`)).toMatchObject({ status: 200, body: { status: 'handled' } });
    expect(handled).toEqual([JSON.parse(BODY)]);
  });

  it('reads only documented fields: a parsed req.body is refused, a private _body flag is ignored', async () => {
    const { handler, handled } = makeHandler();
    const app = express();
    // A framework that hands over a parsed body (the stream left as it is)…
    app.post('/parsed', (req: { body?: unknown }, _res: unknown, next: () => void) => {
      req.body = JSON.parse(BODY);
      next();
    });
    app.post('/parsed', toNodeListener(handler));
    // …and Express's private flag set without the body being read: the stream is used.
    app.post('/flag', (req: { _body?: unknown }, _res: unknown, next: () => void) => {
      req._body = true;
      next();
    });
    app.post('/flag', toNodeListener(handler));
    const url = await listen(createServer(app));
    const parsed = await post(`${url}/parsed`);
    expect(parsed).toMatchObject({ status: 500, body: { error: 'parsed_body' } });
    expect(parsed.body.message).toContain('express.raw');
    expect(handled).toEqual([]);
    expect(await post(`${url}/flag`)).toMatchObject({ status: 200, body: { status: 'handled' } });
    expect(handled).toEqual([JSON.parse(BODY)]);
  });

  it('answers 500 parsed_body (so Ordergroove retries until fixed) behind express.json()', async () => {
    const { handler, handled } = makeHandler();
    const app = express();
    app.use(express.json());
    app.post('/og', toNodeListener(handler));
    const url = await listen(createServer(app));
    const answer = await post(`${url}/og`);
    expect(answer.status).toBe(500);
    expect(answer.body.error).toBe('parsed_body');
    expect(answer.body.message).toContain('express.raw');
    expect(handled).toEqual([]);
  });

  it('reads the stream itself when express.json() skipped the request (another content type)', async () => {
    const { handler, handled } = makeHandler();
    const app = express();
    app.use(express.json());
    app.post('/og', toNodeListener(handler));
    const url = await listen(createServer(app));
    expect(await post(`${url}/og`, BODY, { 'content-type': 'text/plain' })).toMatchObject({
      status: 200,
    });
    expect(handled).toHaveLength(1);
  });
});
