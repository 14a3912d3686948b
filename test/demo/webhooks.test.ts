// @vitest-environment node
// The demo's seed flow: the fake Ordergroove's signed webhooks and key rotation
// (demo/fake-ordergroove/webhooks.ts), the relay and the per-browser labs (demo/lab.ts)
// and their routes in demo/server.ts. Signing and verifying go through the built
// dist/webhooks.mjs (`npm run build` first), as the demo does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeOrdergroove,
  createWebhookTarget,
  type FakeOrdergroove,
  loadWebhooks,
  orderReminderEvent,
  pythonJson,
  ROTATION_PHASES,
  SIGNING_KEYS,
} from '../../demo/fake-ordergroove/index.ts';
import {
  createLab,
  outcomeOf,
  RELAY_KEY_CHOICES,
  REMINDER_LINKS,
  relayWebhook,
} from '../../demo/lab.ts';
import { LAB_COOKIE, startDemo } from '../../demo/server.ts';

const LANDING = 'https://shop.example/landing.html';
const OLD = 'og_whk_old_0123456789abcdef0123456789abcdef';
const NEW = 'og_whk_new_fedcba9876543210fedcba9876543210';

/** A signed order.reminder, as the fake sends it. */
const signedReminder = async (fake: FakeOrdergroove, secrets: string | string[], ts?: number) => {
  const { signWebhook } = await loadWebhooks();
  const token = fake.mint();
  const body = pythonJson(orderReminderEvent({ token }));
  const header = await signWebhook({ body, secrets, ts });
  return { token, body, header };
};

/** Node lower-cases header names; the relay gets `req.headers` as it is. */
const nodeHeaders = (header: string) => ({
  host: 'relay.example',
  'content-type': 'application/json',
  'ordergroove-signature': header,
});

describe('the fake Ordergroove signs like Ordergroove', () => {
  it('serializes like Python json.dumps: the design test vector verifies byte for byte', async () => {
    const { signWebhook } = await loadWebhooks();
    const body = pythonJson({ test: 2432232314 });
    expect(body).toBe('{"test": 2432232314}');
    expect(
      await signWebhook({
        body,
        secrets: 'super-secret-webhooks-verification-key',
        ts: 1592570791,
      }),
    ).toBe('ts=1592570791,sig=b39846a10503cb0559f8997f5f6934f2560a05a16eadaa60d859dc66689ea644');
    expect(pythonJson({ a: [1, 'é', null, true], b: { c: '×' }, d: undefined })).toBe(
      '{"a": [1, "\\u00e9", null, true], "b": {"c": "\\u00d7"}}',
    );
  });

  it('builds an Ordergroove-shaped order.reminder carrying the minted token', () => {
    const fake = createFakeOrdergroove();
    const token = fake.mint();
    const event = orderReminderEvent({ token, now: Date.UTC(2026, 0, 5, 12) });
    expect(event).toMatchObject({
      type: 'order.reminder',
      created: Date.UTC(2026, 0, 5, 12) / 1000,
      data: {
        object: {
          type: 'order',
          one_click_token: token,
          place: '2026-01-08',
          status_display: 'Unsent',
          total: '52.00',
        },
      },
      snapshot: { customer: { email: 'sam.rivera@mail.example', first_name: 'Sam' } },
    });
    expect(event.id).toMatch(/^[0-9a-f]{20}$/);
    expect(event.snapshot.items.map((item) => item.product)).toEqual([
      'ETH-YIRG-12',
      'MORN-BLND-12',
    ]);
    // Valid for every action, single use.
    expect(fake.inspect(token)).toMatchObject({ action: undefined, state: 'valid' });
  });
});

describe('relay (relayWebhook)', () => {
  it('a valid webhook becomes an email whose links parse back to the token and actions', async () => {
    const fake = createFakeOrdergroove();
    const { token, body, header } = await signedReminder(fake, OLD);
    const result = await relayWebhook({
      body: Buffer.from(body),
      headers: nodeHeaders(header),
      secrets: OLD,
      landingUrl: LANDING,
    });
    expect(result).toMatchObject({ status: 200, outcome: 'emailed' });
    if (result.outcome !== 'emailed') throw new Error('not emailed');
    const { email } = result;
    expect(email).toMatchObject({
      type: 'order.reminder',
      to: 'sam.rivera@mail.example',
      firstName: 'Sam',
      token,
      total: '52.00',
    });
    expect(email.items).toEqual([
      { name: 'Ethiopia Yirgacheffe', detail: 'Whole bean, 12 oz', quantity: 2, price: '36.00' },
      { name: 'Morning Blend', detail: 'Ground for drip, 12 oz', quantity: 1, price: '16.00' },
    ]);
    const parsed = email.links.map((link) => {
      const url = new URL(link.href);
      return {
        id: link.id,
        page: `${url.origin}${url.pathname}`,
        ...Object.fromEntries(url.searchParams),
      };
    });
    expect(parsed).toEqual([
      { id: 'delay-14', page: LANDING, token, action: 'delay', days: '14' },
      { id: 'delay-21', page: LANDING, token, action: 'delay', days: '21' },
      { id: 'skip', page: LANDING, token, action: 'skip' },
      {
        id: 'upsell',
        page: LANDING,
        token,
        action: 'upsell',
        product: 'CB-CONC-32',
        quantity: '1',
      },
    ]);
    expect(email.links.map((link) => link.id)).toEqual(REMINDER_LINKS.map((link) => link.id));
    // The token in the links works at the fake API, once.
    const first = await fake.handle({ path: '/one_click/delay', query: { token, days: '14' } });
    const second = await fake.handle({ path: '/one_click/skip', query: { token } });
    expect([first, second].map((answer) => ('status' in answer ? answer.status : 0))).toEqual([
      200, 400,
    ]);
  });

  it('accepts the body as a string or bytes and the header under any case', async () => {
    const fake = createFakeOrdergroove();
    const { body, header } = await signedReminder(fake, OLD);
    for (const [raw, headers] of [
      [body, { 'Ordergroove-Signature': header }],
      [new TextEncoder().encode(body), new Headers({ 'ORDERGROOVE-SIGNATURE': header })],
      [body, header],
    ] as const) {
      const result = await relayWebhook({
        body: raw,
        headers: headers as never,
        secrets: OLD,
        landingUrl: LANDING,
      });
      expect(result.outcome).toBe('emailed');
    }
  });

  it('a tampered body is rejected with signature_mismatch and produces no email', async () => {
    const fake = createFakeOrdergroove();
    const { body, header } = await signedReminder(fake, OLD);
    for (const tampered of [
      body.replace('"total": "52.00"', '"total": "0.01"'),
      `${body} `,
      JSON.stringify(JSON.parse(body)), // parsed and re-serialized: not the signed bytes
    ]) {
      expect(tampered).not.toBe(body);
      const result = await relayWebhook({
        body: tampered,
        headers: nodeHeaders(header),
        secrets: OLD,
        landingUrl: LANDING,
      });
      expect(result).toMatchObject({
        status: 400,
        outcome: 'rejected',
        code: 'signature_mismatch',
      });
      expect(result).not.toHaveProperty('email');
    }
  });

  it('the wrong key is rejected with signature_mismatch', async () => {
    const fake = createFakeOrdergroove();
    const { body, header } = await signedReminder(fake, NEW);
    const result = await relayWebhook({
      body,
      headers: nodeHeaders(header),
      secrets: OLD,
      landingUrl: LANDING,
    });
    expect(result).toMatchObject({ status: 400, code: 'signature_mismatch' });
    if (result.outcome !== 'rejected') throw new Error('not rejected');
    expect(result.message).not.toContain(OLD);
    expect(result.message).not.toContain(NEW);
  });

  it('passes on the other verification codes', async () => {
    const fake = createFakeOrdergroove();
    const stale = await signedReminder(fake, OLD, Math.floor(Date.now() / 1000) - 3600);
    const cases = [
      [{}, 'missing_header'],
      [{ 'ordergroove-signature': 'ts=1,sig=nothex' }, 'malformed_header'],
      [{ 'ordergroove-signature': `ts=${Math.floor(Date.now() / 1000)}` }, 'no_signature'],
      [nodeHeaders(stale.header), 'timestamp_out_of_tolerance'],
    ] as const;
    for (const [headers, code] of cases) {
      const result = await relayWebhook({
        body: stale.body,
        headers,
        secrets: OLD,
        landingUrl: LANDING,
      });
      expect(result, code).toMatchObject({ status: 400, outcome: 'rejected', code });
    }
  });

  it('refuses a reminder without a token (422) and ignores other event types (202)', async () => {
    const { signWebhook } = await loadWebhooks();
    const relay = async (event: unknown) => {
      const body = pythonJson(event);
      const header = await signWebhook({ body, secrets: OLD });
      return relayWebhook({
        body,
        headers: nodeHeaders(header),
        secrets: OLD,
        landingUrl: LANDING,
      });
    };
    expect(await relay({ type: 'order.reminder', data: { object: {} } })).toMatchObject({
      status: 422,
      code: 'missing_one_click_token',
    });
    expect(
      await relay({ type: 'order.reminder', data: { object: { one_click_token: '<b>x</b>' } } }),
    ).toMatchObject({ status: 422, code: 'invalid_one_click_token' });
    expect(
      await relay({ type: 'subscription.cancel', data: { object: { one_click_token: 'abcd' } } }),
    ).toMatchObject({ status: 202, outcome: 'ignored' });
  });

  it('treats a missing secret as a programmer error (throws, for a 500)', async () => {
    const fake = createFakeOrdergroove();
    const { body, header } = await signedReminder(fake, OLD);
    await expect(
      relayWebhook({ body, headers: nodeHeaders(header), secrets: '', landingUrl: LANDING }),
    ).rejects.toThrow(TypeError);
  });
});

describe('key rotation', () => {
  it('is a three-state machine: before → rotating → after, reset from anywhere', () => {
    const target = createWebhookTarget({
      fake: createFakeOrdergroove(),
      url: 'http://relay.invalid/',
      keys: { old: OLD, new: NEW },
    });
    expect(ROTATION_PHASES).toEqual(['before', 'rotating', 'after']);
    expect(target.phase).toBe('before');
    expect(target.signingSecrets()).toEqual([OLD]);
    expect(target.apply('completeRotation')).toBe(false);
    expect(target.phase).toBe('before');
    expect(target.apply('startRotation')).toBe(true);
    expect(target.signingSecrets()).toEqual([NEW, OLD]);
    expect(target.apply('startRotation')).toBe(false);
    expect(target.apply('completeRotation')).toBe(true);
    expect(target.phase).toBe('after');
    expect(target.signingSecrets()).toEqual([NEW]);
    expect(target.apply('reset')).toBe(true);
    expect(target.phase).toBe('before');
    expect(target.apply('bogus' as never)).toBe(false);
  });

  it('the relay accepts whenever it knows one of the signing keys', () => {
    const table = Object.fromEntries(
      ROTATION_PHASES.map((phase) => [
        phase,
        RELAY_KEY_CHOICES.map((keys) => `${keys}:${outcomeOf(phase, keys)}`),
      ]),
    );
    expect(table).toEqual({
      before: ['old:accepted', 'both:accepted', 'new:signature_mismatch'],
      rotating: ['old:accepted', 'both:accepted', 'new:accepted'],
      after: ['old:signature_mismatch', 'both:accepted', 'new:accepted'],
    });
    expect(SIGNING_KEYS.rotating).toEqual(['new', 'old']);
  });

  it('every phase × relay configuration gives the predicted result at the relay', async () => {
    const fake = createFakeOrdergroove();
    // A lab whose "network" is a direct call into its own relay.
    const lab = createLab({
      id: 'lab-under-test-01',
      fake,
      relayUrl: 'http://relay.invalid/relay/ordergroove/lab-under-test-01',
      landingUrl: LANDING,
      fetch: async (_url, init) => {
        const headers = Object.fromEntries(
          Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [
            k.toLowerCase(),
            v,
          ]),
        );
        const result = await lab.receive({ body: String(init?.body), headers });
        return new Response(JSON.stringify(result), { status: result.status });
      },
    });
    for (const phase of ROTATION_PHASES) {
      if (phase === 'rotating') lab.rotate('startRotation');
      if (phase === 'after') lab.rotate('completeRotation');
      for (const keys of RELAY_KEY_CHOICES) {
        lab.setRelayKeys(keys);
        const emails = lab.emails.length;
        const delivery = (await lab.send())!;
        const expected = outcomeOf(phase, keys);
        expect(delivery.header.match(/sig=/g)?.length, `${phase}/${keys}`).toBe(
          phase === 'rotating' ? 2 : 1,
        );
        expect(delivery.signedWith).toEqual(SIGNING_KEYS[phase]);
        if (expected === 'accepted') {
          expect(delivery.status, `${phase}/${keys}`).toBe(200);
          expect(lab.emails.length).toBe(emails + 1);
          expect(lab.emails[0]?.token).toBe(delivery.token);
        } else {
          expect(delivery.status, `${phase}/${keys}`).toBe(400);
          expect(delivery.answer).toMatchObject({ code: 'signature_mismatch' });
          expect(lab.emails.length).toBe(emails);
        }
      }
    }
    expect(lab.rotate('reset')).toBe(true);
    expect(lab.relayKeys).toBe('old');
  });
});

describe('the demo server: inbox, lab forms and relay endpoint', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, apiPort: 0 });
  });
  afterAll(() => demo.close());

  /** A browser: keeps the lab cookie, follows nothing by itself. */
  const browser = () => {
    let cookie = '';
    const request = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${demo.url}${path}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) },
      });
      const set = response.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0] ?? '';
      return response;
    };
    const form = (path: string, fields: Record<string, string>) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    /** POST a form, check the 303, GET the page it points to. */
    const submit = async (path: string, fields: Record<string, string>) => {
      const response = await form(path, fields);
      expect(response.status).toBe(303);
      const location = response.headers.get('location') ?? '';
      expect(location).toMatch(/^\/(?:\?|$)/);
      return { location, html: await (await request(location)).text() };
    };
    const lab = () => demo.labs.get(cookie.split('=')[1]);
    return { request, form, submit, lab, cookie: () => cookie };
  };

  it('gives each browser its own lab through an HttpOnly cookie', async () => {
    const first = browser();
    const response = await first.request('/');
    expect(response.headers.get('set-cookie')).toMatch(
      new RegExp(`^${LAB_COOKIE}=[\\w-]{16}; Path=/; HttpOnly; SameSite=Lax$`),
    );
    const again = await first.request('/');
    expect(again.headers.get('set-cookie')).toBeNull();
    const second = browser();
    await second.request('/');
    expect(second.cookie()).not.toBe(first.cookie());
    expect(first.lab()).toBeDefined();
    expect(first.lab()).not.toBe(second.lab());
  });

  it('Send test webhook: POST, 303 back, and the relay’s email is newest in the inbox', async () => {
    const b = browser();
    const before = await (await b.request('/')).text();
    expect(before).toContain('<form class="lab-send" method="post" action="/lab/send-webhook">');
    expect(before).not.toMatch(/<script/i);

    const { location, html } = await b.submit('/lab/send-webhook', { back: 'inbox' });
    expect(location).toBe('/?delivery=1');
    const delivery = b.lab()?.target.deliveries[0];
    expect(delivery).toMatchObject({ id: 1, status: 200, ok: true, phase: 'before' });
    expect(delivery?.header).toMatch(/^ts=\d{10},sig=[0-9a-f]{64}$/);

    expect(html).toMatch(
      /<div class="lab-flash lab-flash--ok" role="status" data-delivery="1" data-outcome="emailed">/,
    );
    // Newest first, open, labelled as the relay's.
    const items = [...html.matchAll(/data-message="([^"]+)"/g)].map((m) => m[1]);
    expect(items[0]).toBe('wh-1');
    expect(html).toContain('<span class="mail-chip mail-chip--webhook-relay">Webhook relay</span>');
    expect(html).toContain('data-webhook-email="wh-1"');
    const links = [...html.matchAll(/href="([^"]+)"[^>]*data-case="(webhook-[\w-]+)"/g)].map(
      (m) => [m[2], new URL((m[1] ?? '').replaceAll('&amp;', '&'))] as const,
    );
    expect(links.map(([id]) => id)).toEqual([
      'webhook-delay-14',
      'webhook-delay-21',
      'webhook-skip',
      'webhook-upsell',
    ]);
    for (const [, url] of links) {
      expect(url.origin).toBe(demo.url);
      expect(url.pathname).toBe('/landing.html');
      expect(url.searchParams.get('token')).toBe(delivery?.token);
    }
    // The token is real at the fake API.
    expect(demo.fake.inspect(delivery?.token ?? '')).toMatchObject({ state: 'valid' });
  });

  it('shows the three rotation situations; a rejected delivery sends no email until a retry gets through', async () => {
    const b = browser();
    await b.request('/');
    const send = async () => {
      const emails = b.lab()?.emails.length ?? 0;
      const { html, location } = await b.submit('/lab/send-webhook', { back: 'webhooks' });
      const id = Number(new URLSearchParams(location.split('?')[1]).get('delivery'));
      const delivery = b.lab()?.target.deliveries.find((d) => d.id === id);
      return { html, delivery, newEmails: (b.lab()?.emails.length ?? 0) - emails };
    };

    // Before the rotation: the relay has the old key.
    let view = await (await b.request('/?view=webhooks')).text();
    expect(view).toContain('data-phase="before" aria-current="step"');
    expect(view).toContain('data-lab="relay-old" aria-pressed="true"');
    expect(view).toContain('data-lab="prediction" data-outcome="accepted"');
    expect((await send()).newEmails).toBe(1);

    // During: both signatures; either key alone is enough.
    view = (await b.submit('/lab/rotation', { step: 'startRotation', back: 'webhooks' })).html;
    expect(view).toContain('data-phase="rotating" aria-current="step"');
    for (const keys of ['old', 'new', 'both']) {
      view = (await b.submit('/lab/relay-keys', { keys, back: 'webhooks' })).html;
      expect(view).toContain(`data-lab="relay-${keys}" aria-pressed="true"`);
      const { delivery, newEmails } = await send();
      expect(delivery?.header).toMatch(/^ts=\d+,sig=[0-9a-f]{64},sig=[0-9a-f]{64}$/);
      expect(delivery?.signedWith).toEqual(['new', 'old']);
      expect(newEmails, keys).toBe(1);
    }

    // After: the new key only; a relay still on the old key refuses.
    await b.submit('/lab/relay-keys', { keys: 'old', back: 'webhooks' });
    view = (await b.submit('/lab/rotation', { step: 'completeRotation', back: 'webhooks' })).html;
    expect(view).toContain('data-lab="prediction" data-outcome="signature_mismatch"');
    const rejected = await send();
    expect(rejected.newEmails).toBe(0);
    expect(rejected.delivery).toMatchObject({
      status: 400,
      ok: false,
      answer: { error: 'signature_mismatch' },
    });
    expect(rejected.html).toMatch(
      /<div class="lab-flash lab-flash--failed" role="alert" data-delivery="\d+" data-outcome="rejected" data-error-code="signature_mismatch">/,
    );
    expect(rejected.html).toMatch(
      /<tr class="is-failed" data-delivery="\d+" data-outcome="rejected" data-error-code="signature_mismatch">/,
    );
    expect(rejected.html).toContain('Ordergroove retries it (attempt 2 of 60');
    // The fix: give the relay the new key. Ordergroove's next retry of the refused event
    // goes through and its email arrives: nothing was lost.
    await b.submit('/lab/relay-keys', { keys: 'new', back: 'webhooks' });
    await expect
      .poll(() => b.lab()?.emails.some((email) => email.token === rejected.delivery?.token))
      .toBe(true);
    const retried = b.lab()?.target.deliveries.filter((d) => d.token === rejected.delivery?.token);
    expect(retried?.[0]).toMatchObject({ ok: true, eventId: rejected.delivery?.eventId });
    expect(retried?.[0]?.attempt).toBeGreaterThan(1);
    expect((await send()).newEmails).toBe(1);

    // Start over: back to the old key everywhere.
    view = (await b.submit('/lab/rotation', { step: 'reset', back: 'webhooks' })).html;
    expect(view).toContain('data-phase="before" aria-current="step"');
    expect(view).toContain('data-lab="relay-old" aria-pressed="true"');
  });

  it('sends any of the five events: the relay emails a reminder and ignores the others', async () => {
    const b = browser();
    await b.request('/');
    const { html } = await b.submit('/lab/send-webhook', {
      back: 'webhooks',
      type: 'subscription.cancel',
    });
    expect(html).toMatch(
      /<div class="lab-flash" role="status" data-delivery="\d+" data-outcome="ignored">/,
    );
    expect(b.lab()?.target.deliveries[0]).toMatchObject({
      type: 'subscription.cancel',
      status: 202,
    });
    expect(b.lab()?.emails).toEqual([]);
    await b.submit('/lab/send-webhook', { back: 'webhooks', type: 'no.such.event' });
    expect(b.lab()?.target.deliveries[0]?.type).toBe('order.reminder');
  });

  it('ignores impossible steps and unknown values', async () => {
    const b = browser();
    await b.request('/');
    await b.submit('/lab/rotation', { step: 'completeRotation' });
    await b.submit('/lab/rotation', { step: 'explode' });
    await b.submit('/lab/relay-keys', { keys: 'all' });
    expect(b.lab()?.target.phase).toBe('before');
    expect(b.lab()?.relayKeys).toBe('old');
    expect((await b.form('/lab/nope', {})).status).toBe(404);
  });

  it('the relay endpoint verifies raw bodies over real HTTP', async () => {
    const b = browser();
    await b.request('/');
    const lab = b.lab();
    if (!lab) throw new Error('no lab');
    const path = `/relay/ordergroove/${lab.id}`;
    const { body, header } = await signedReminder(demo.fake, lab.target.keys.old);
    const post = (raw: string, signature?: string) =>
      fetch(`${demo.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'Ordergroove-Signature': signature } : {}),
        },
        body: raw,
      });

    const tampered = await post(body.replace('"quantity": 2', '"quantity": 20'), header);
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toEqual({ error: 'signature_mismatch' });
    const unsigned = await post(body);
    expect(await unsigned.json()).toEqual({ error: 'missing_header' });
    expect(lab.emails).toHaveLength(0);

    const good = await post(body, header);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ status: 'emailed', email: 'wh-1' });
    expect(lab.emails).toHaveLength(1);

    expect(
      (await fetch(`${demo.url}/relay/ordergroove/AAAAAAAAAAAAAAAA`, { method: 'POST' })).status,
    ).toBe(404);
    expect((await fetch(`${demo.url}${path}`)).status).toBe(405);
    const huge = await post('x'.repeat(300 * 1024), header);
    expect(huge.status).toBe(413);
  });
});

describe('a relay that keeps failing', () => {
  it('gets its target disabled; the lab says so and can enable it again', async () => {
    const demo = await startDemo({
      port: 0,
      apiPort: 0,
      webhooks: { timeScale: 1 / 6000, disableAfter: 3 },
    });
    try {
      const first = await fetch(`${demo.url}/`);
      const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
      const lab = demo.labs.get(cookie.split('=')[1]);
      if (!lab) throw new Error('no lab');
      lab.setRelayKeys('new'); // Ordergroove still signs with the old key: every attempt fails
      const post = (path: string, body: string) =>
        fetch(`${demo.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
      await post('/lab/send-webhook', 'back=webhooks');
      await expect.poll(() => lab.target.enabled).toBe(false);
      expect(lab.target.deliveries).toHaveLength(3);
      const view = await (
        await fetch(`${demo.url}/?view=webhooks`, { headers: { cookie } })
      ).text();
      expect(view).toContain('data-lab="target-disabled"');
      expect((await post('/lab/send-webhook', 'back=webhooks')).headers.get('location')).toBe(
        '/?view=webhooks&delivery=0',
      );
      expect(lab.target.deliveries).toHaveLength(3);
      await post('/lab/enable', 'back=webhooks');
      expect(lab.target.enabled).toBe(true);
    } finally {
      await demo.close();
    }
  });
});
