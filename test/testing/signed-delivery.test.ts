// @vitest-environment node
// signedDelivery: a signed test delivery a relay built on createWebhookHandler accepts, as a
// Fetch Request or as a body and headers.
import { describe, expect, it } from 'vitest';
import { ordergrooveEvent, signedDelivery } from '../../src/testing/index.ts';
import {
  createWebhookHandler,
  type OrdergrooveEvent,
  verifyWebhook,
} from '../../src/webhooks/index.ts';

const KEY = 'og_whk_signed_delivery_new_0123456789';
const OLD = 'og_whk_signed_delivery_old_9876543210';

const relay = (secrets: string | string[]) => {
  const handled: OrdergrooveEvent[] = [];
  const handler = createWebhookHandler({
    secrets,
    on: { '*': (event) => void handled.push(event) },
    onError: () => {},
  });
  return { handler, handled };
};

const event = () => ordergrooveEvent({ type: 'order.reminder', token: 'tok.signed.delivery' });

describe('signedDelivery', () => {
  it('makes a Request that a createWebhookHandler relay takes, once per event id', async () => {
    const { handler, handled } = relay(KEY);
    const delivery = await signedDelivery(event(), { secret: KEY });
    const first = await handler(delivery.request('https://shop.example/webhooks/ordergroove'));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'handled' });
    // Each call is a new Request: the same delivery again is a duplicate.
    const again = await handler(delivery.request());
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(handled).toHaveLength(1);
    expect(handled[0]?.data?.object?.one_click_token).toBe('tok.signed.delivery');
  });

  it('serializes an event as Ordergroove does (Python-style JSON), and sends a string as it is', async () => {
    const delivery = await signedDelivery({ id: 'evt_1', note: 'café' }, { secret: KEY });
    expect(delivery.body).toBe('{"id": "evt_1", "note": "caf\\u00e9"}');
    const raw = '{"id":"evt_2","type":"order.reminder"}';
    expect((await signedDelivery(raw, { secret: KEY })).body).toBe(raw);
  });

  it('gives the header and the headers for frameworks without Fetch Requests', async () => {
    const delivery = await signedDelivery(event(), { secret: KEY, ts: 1_700_000_000 });
    expect(delivery.header).toMatch(/^ts=1700000000,sig=[0-9a-f]{64}$/);
    expect(delivery.headers).toEqual({
      'content-type': 'application/json',
      'Ordergroove-Signature': delivery.header,
    });
    await expect(
      verifyWebhook({
        body: delivery.body,
        header: delivery.headers,
        secrets: KEY,
        now: 1_700_000_000_000,
      }),
    ).resolves.toMatchObject({ type: 'order.reminder' });
  });

  it('signs with the given ts: an old one is refused for its age', async () => {
    const ts = Math.floor(Date.now() / 1000) - 24 * 3600;
    const delivery = await signedDelivery(event(), { secret: KEY, ts });
    const { handler, handled } = relay(KEY);
    const answer = await handler(delivery.request());
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'timestamp_out_of_tolerance' });
    expect(handled).toHaveLength(0);
  });

  it('with rotation, signs with both keys: a relay on either key takes it', async () => {
    const delivery = await signedDelivery(event(), { secret: KEY, rotation: OLD });
    expect(delivery.header).toMatch(/^ts=\d+,sig=[0-9a-f]{64},sig=[0-9a-f]{64}$/);
    for (const secrets of [KEY, OLD]) {
      expect((await relay(secrets).handler(delivery.request())).status, secrets).toBe(200);
    }
    const plain = await signedDelivery(event(), { secret: KEY });
    expect((await relay(OLD).handler(plain.request())).status).toBe(400);
  });

  it('rejects an empty secret, as signWebhook does', async () => {
    await expect(signedDelivery(event(), { secret: '' })).rejects.toThrow(TypeError);
  });
});
