// @vitest-environment node
// og-oca/webhooks as the `default` build runs it (Cloudflare Workers, Deno, browsers): the
// sources import hmac.ts, so every HMAC and hash here goes through Web Crypto.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import * as webhooks from '../../src/webhooks';
import * as hmac from '../../src/webhooks/hmac';

const KEY = 'super-secret-webhooks-verification-key';
const TS = 1592570791;
const BODY = '{"test": 2432232314}';
const SIG = 'b39846a10503cb0559f8997f5f6934f2560a05a16eadaa60d859dc66689ea644';
const NOW = TS * 1000;

describe('with Web Crypto', () => {
  it('signs and verifies the design test vector with Web Crypto', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    await expect(webhooks.signWebhook({ body: BODY, secrets: KEY, ts: TS })).resolves.toBe(
      `ts=${TS},sig=${SIG}`,
    );
    await expect(
      webhooks.verifyWebhook({ body: BODY, header: `ts=${TS},sig=${SIG}`, secrets: KEY, now: NOW }),
    ).resolves.toEqual({ test: 2432232314 });
    expect(sign).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('agrees with node:crypto on string and byte messages, and hashes like it', async () => {
    const text = '{"a":"ü ☕"}';
    const expected = createHmac('sha256', 'käy').update(`123.${text}`).digest('hex');
    for (const body of [text, new TextEncoder().encode(text)]) {
      expect(await hmac.hmacHex('käy', '123.', body)).toBe(expected);
    }
    expect(await hmac.sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('returns what it verified when the caller rewrites its buffer during verification', async () => {
    const real = '{"data":{"object":{"one_click_token":"REAL-token-0001"}}}';
    const forged = '{"data":{"object":{"one_click_token":"EVIL-token-6666"}}}';
    const header = await webhooks.signWebhook({ body: real, secrets: KEY, ts: TS });
    const bytes = new TextEncoder().encode(real);
    // Web Crypto is asynchronous: this runs while the signature is being computed.
    const pending = webhooks.verifyWebhook({ body: bytes, header, secrets: KEY, now: NOW });
    bytes.set(new TextEncoder().encode(forged));
    await expect(pending).resolves.toEqual(JSON.parse(real));
  });

  it('handles a delivery end to end, keyed by the body’s SHA-256 when the event has no id', async () => {
    const seen: string[] = [];
    const handler = webhooks.createWebhookHandler({
      secrets: KEY,
      on: { '*': () => void seen.push('handled') },
      onError: () => {},
    });
    const body = '{"type":"order.reminder","data":{"object":{"one_click_token":"tok-1"}}}';
    const header = await webhooks.signWebhook({ body, secrets: KEY });
    const post = () =>
      handler(
        new Request('https://relay.example/og', {
          method: 'POST',
          headers: { 'Ordergroove-Signature': header },
          body,
        }),
      );
    const digest = vi.spyOn(crypto.subtle, 'digest');
    expect((await post()).status).toBe(200);
    expect(await (await post()).json()).toEqual({ status: 'duplicate' });
    expect(seen).toEqual(['handled']);
    expect(digest).toHaveBeenCalled();
  });
});
