// og-oca/webhooks in a real browser: the same bundle that Node, Deno, Bun and edge workers
// import (dist/webhooks.mjs; Web Crypto in a browser) verifies and signs inside Chromium.
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type * as Webhooks from '../src/webhooks/index';

declare global {
  interface Window {
    /** The module under test, put here by beforeEach. */
    ogWebhooks?: typeof Webhooks;
  }
}

// The design's test vector.
const VECTOR = {
  key: 'super-secret-webhooks-verification-key',
  ts: 1592570791,
  body: '{"test": 2432232314}',
  sig: 'b39846a10503cb0559f8997f5f6934f2560a05a16eadaa60d859dc66689ea644',
};

test.beforeEach(async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.ok()).toBe(true);
  // Web Crypto's subtle API exists only in secure contexts (https, localhost, 127.0.0.1).
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  // A string, not a function: Playwright's TypeScript transform may rewrite an import()
  // written inside a test function into require(), which does not exist in the page.
  await page.evaluate(
    "import('/dist/webhooks.mjs').then((module) => { window.ogWebhooks = module; })",
  );
});

test('verifies the design test vector', async ({ page }) => {
  const event = await page.evaluate(async (v) => {
    const m = window.ogWebhooks;
    if (!m) throw new Error('og-oca/webhooks did not load');
    return m.verifyWebhook({
      body: v.body,
      header: `ts=${v.ts},sig=${v.sig}`,
      secrets: v.key,
      now: v.ts * 1000,
    });
  }, VECTOR);
  expect(event).toEqual({ test: 2432232314 });
});

test('signs the design test vector to the same header', async ({ page }) => {
  const header = await page.evaluate(async (v) => {
    const m = window.ogWebhooks;
    if (!m) throw new Error('og-oca/webhooks did not load');
    return m.signWebhook({ body: v.body, secrets: v.key, ts: v.ts });
  }, VECTOR);
  expect(header).toBe(`ts=${VECTOR.ts},sig=${VECTOR.sig}`);
});

test('verifies the vector from bytes and a Headers object too', async ({ page }) => {
  const events = await page.evaluate(async (v) => {
    const m = window.ogWebhooks;
    if (!m) throw new Error('og-oca/webhooks did not load');
    const bytes = new TextEncoder().encode(v.body);
    const headers = new Headers({ 'ordergroove-signature': `ts=${v.ts},sig=${v.sig}` });
    const now = new Date(v.ts * 1000);
    return Promise.all([
      m.verifyWebhook({ body: bytes, header: headers, secrets: v.key, now }),
      m.verifyWebhook({ body: bytes.buffer, header: headers, secrets: [v.key], now }),
    ]);
  }, VECTOR);
  expect(events).toEqual([{ test: 2432232314 }, { test: 2432232314 }]);
});

test('rejects a one-byte change of the body with signature_mismatch', async ({ page }) => {
  const outcome = await page.evaluate(async (v) => {
    const m = window.ogWebhooks;
    if (!m) throw new Error('og-oca/webhooks did not load');
    const tampered = v.body.replace('2432232314', '2432232315');
    try {
      await m.verifyWebhook({
        body: tampered,
        header: `ts=${v.ts},sig=${v.sig}`,
        secrets: v.key,
        now: v.ts * 1000,
      });
      return { resolved: true };
    } catch (error) {
      const e = error as Webhooks.WebhookVerificationError;
      return {
        resolved: false,
        typed: e instanceof m.WebhookVerificationError,
        name: e.name,
        code: e.code,
        leaksSecret: e.message.includes(v.key),
      };
    }
  }, VECTOR);
  expect(outcome).toEqual({
    resolved: false,
    typed: true,
    name: 'WebhookVerificationError',
    code: 'signature_mismatch',
    leaksSecret: false,
  });
});

test('signs a rotation header and verifies it with the old key or the new key alone', async ({
  page,
}) => {
  const token = 'eyJhbGciOiJFUzUxMiJ9.e30.c2ln+/=';
  const body = JSON.stringify({
    type: 'order.reminder',
    data: { object: { one_click_token: token } },
  });
  const result = await page.evaluate(
    async ({ v, body }) => {
      const m = window.ogWebhooks;
      if (!m) throw new Error('og-oca/webhooks did not load');
      const header = await m.signWebhook({ body, secrets: ['new-key', v.key], ts: v.ts });
      const now = v.ts * 1000;
      const withOld = await m.verifyWebhook({ body, header, secrets: v.key, now });
      const withNew = await m.verifyWebhook({ body, header, secrets: 'new-key', now });
      const withOther = await m
        .verifyWebhook({ body, header, secrets: 'some-other-key', now })
        .then(
          () => 'resolved',
          (e: Webhooks.WebhookVerificationError) => e.code,
        );
      const found = m.actionTokenOf(withNew);
      const link = found
        ? m.buildActionUrl('https://shop.example/subscription-actions', {
            token: found,
            action: 'delay',
          })
        : '';
      return { header, oldToken: m.actionTokenOf(withOld), newToken: found, withOther, link };
    },
    { v: VECTOR, body },
  );
  // Same bytes as Node's own HMAC: new key first, then old, as during Ordergroove's rotation.
  const sig = (key: string) =>
    createHmac('sha256', key).update(`${VECTOR.ts}.${body}`).digest('hex');
  expect(result.header).toBe(`ts=${VECTOR.ts},sig=${sig('new-key')},sig=${sig(VECTOR.key)}`);
  expect(result.oldToken).toBe(token);
  expect(result.newToken).toBe(token);
  expect(result.withOther).toBe('signature_mismatch');
  expect(result.link).toBe(
    'https://shop.example/subscription-actions?token=eyJhbGciOiJFUzUxMiJ9.e30.c2ln%2B%2F%3D&action=delay',
  );
  expect(new URL(result.link).searchParams.get('token')).toBe(token);
});

test('createWebhookHandler answers in the browser too: handled, then duplicate, and 400 for another key', async ({
  page,
}) => {
  const answers = await page.evaluate(async (v) => {
    const m = window.ogWebhooks;
    if (!m) throw new Error('og-oca/webhooks did not load');
    const seen: string[] = [];
    const handler = m.createWebhookHandler({
      secrets: v.key,
      on: { 'order.reminder': (event) => void seen.push(String(m.actionTokenOf(event))) },
    });
    const body = JSON.stringify({
      id: 'evt_browser_1',
      type: 'order.reminder',
      data: { object: { one_click_token: 'eyJhbGciOiJFUzUxMiJ9.e30.c2ln' } },
    });
    const post = async (secrets: string) => {
      const header = await m.signWebhook({ body, secrets });
      const response = await handler(
        new Request('https://relay.example/', {
          method: 'POST',
          headers: { [m.SIGNATURE_HEADER]: header },
          body,
        }),
      );
      const answer = (await response.json()) as Record<string, string>;
      return [response.status, answer.status ?? answer.error];
    };
    return { answers: [await post(v.key), await post(v.key), await post('another-key')], seen };
  }, VECTOR);
  expect(answers).toEqual({
    answers: [
      [200, 'handled'],
      [200, 'duplicate'],
      [400, 'signature_mismatch'],
    ],
    seen: ['eyJhbGciOiJFUzUxMiJ9.e30.c2ln'],
  });
});
