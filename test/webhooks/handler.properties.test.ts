// @vitest-environment node
// createWebhookHandler with generated requests (methods, bodies, signatures, timestamps,
// header names, body limits): every request gets a documented answer, and the route runs
// exactly for a genuine, fresh delivery (signatures made with node:crypto, not src/).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { createWebhookHandler } from '../../src/webhooks';
import { hostileText, LIMIT, runs } from '../helpers/properties';

// Time for FC_RUNS cases on a busy machine (test/helpers/properties.ts).
vi.setConfig({ testTimeout: LIMIT });

const encoder = new TextEncoder();

/** HMAC-SHA256 hex of `${ts}.${body}`, keyed with the secret's UTF-8 bytes (docs/contract.md, "Webhooks"). */
const hmac = (secret: string, ts: string, body: Uint8Array) =>
  createHmac('sha256', encoder.encode(secret))
    .update(Buffer.concat([encoder.encode(`${ts}.`), body]))
    .digest('hex');

describe('createWebhookHandler', () => {
  const SECRET = 'fuzz-handler-key-0123456789';
  const now = Math.floor(Date.now() / 1000);
  const eventArb = fc.record(
    {
      id: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.integer(),
        fc.constant(undefined),
        fc.anything(),
      ),
      type: fc.oneof(
        fc.constantFrom('order.reminder', 'subscription.cancel', '*', '__proto__', 'constructor'),
        hostileText(12),
        fc.anything(),
      ),
      data: fc.anything(),
    },
    { requiredKeys: [] },
  );
  const requestArb = fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
    body: fc.oneof(
      eventArb.map((event) => JSON.stringify(event) ?? '{}'),
      fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
      fc.string({ unit: 'binary', maxLength: 80 }),
      hostileText(),
    ),
    signedWith: fc.constantFrom(SECRET, SECRET, 'another-key', undefined),
    ts: fc.oneof(
      fc.integer({ min: now - 100, max: now + 100 }),
      fc.integer({ min: now - 13 * 3600, max: now + 13 * 3600 }),
    ),
    // '' or something that makes a signed header unusable (a bad sig, a second ts, a 65th digit)
    extra: fc.constantFrom('', '', ',sig=zz', ',ts=1', 'f'),
    unsigned: hostileText(30),
    headerName: fc.constantFrom('Ordergroove-Signature', 'ordergroove-signature', 'X-Other'),
    maxBodyBytes: fc.constantFrom(undefined, 40),
  });

  test('any request gets a documented answer; the route runs exactly for a genuine, fresh delivery', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const calls: unknown[] = [];
        const handler = createWebhookHandler({
          secrets: SECRET,
          on: { '*': (event) => void calls.push(event) },
          maxBodyBytes: r.maxBodyBytes,
        });
        const bytes = encoder.encode(r.body);
        const value =
          r.signedWith === undefined
            ? r.unsigned
            : `ts=${r.ts},sig=${hmac(r.signedWith, String(r.ts), bytes)}${r.extra}`;
        const headers = new Headers();
        try {
          headers.set(r.headerName, value);
        } catch {
          // not a valid header value: sent without it
        }
        const request = new Request('https://relay.example/og', {
          method: r.method,
          headers,
          body: r.method === 'GET' ? undefined : r.body,
        });
        const response = await handler(request);
        const text = await response.text();
        const answer = JSON.parse(text);
        expect([200, 400, 405, 413]).toContain(response.status);
        expect(text).not.toContain(SECRET);
        let parsed: unknown;
        try {
          parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
        } catch {}
        const genuine =
          r.method === 'POST' &&
          r.signedWith === SECRET &&
          r.headerName !== 'X-Other' &&
          r.extra === '' &&
          Math.abs(now - r.ts) <= 12 * 3600 &&
          bytes.length <= (r.maxBodyBytes ?? 1024 * 1024) &&
          typeof parsed === 'object' &&
          parsed !== null &&
          !Array.isArray(parsed);
        if (genuine) {
          expect(answer).toEqual({ status: 'handled' });
          expect(calls).toEqual([parsed]);
        } else {
          expect(calls).toEqual([]);
          if (response.status === 200) expect(answer).toEqual({ status: 'ignored' });
          else expect(typeof answer.error).toBe('string');
        }
      }),
      runs,
    );
  });
});
