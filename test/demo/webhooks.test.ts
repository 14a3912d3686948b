// @vitest-environment node
// The demo's seed flow: the fake Ordergroove's signed webhooks and key rotation
// (og-oca/testing), the relay built on createWebhookHandler and the
// per-browser labs (demo/lab.ts), and their routes in demo/server.ts. Signing and verifying
// go through the built dist/webhooks.mjs (`npm run build` first), as the demo does.

import {
  createFakeOrdergroove,
  createWebhookTarget,
  type EventSubject,
  type EventType,
  ordergrooveEvent,
  orderReminderEvent,
  pythonJson,
  ROTATION_PHASES,
  SIGNING_KEYS,
} from 'og-oca/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createLab,
  fingerprint,
  type Lab,
  outcomeOf,
  RELAY_KEY_CHOICES,
  REMINDER_LINKS,
} from '../../demo/lab.ts';
import { loadWebhooks } from '../../demo/load-webhooks.ts';
import { LAB_COOKIE, startDemo } from '../../demo/server.ts';

const LANDING = 'https://shop.example/landing.html';
const OLD = 'og_whk_old_0123456789abcdef0123456789abcdef';
const NEW = 'og_whk_new_fedcba9876543210fedcba9876543210';

/** A lab whose relay is called directly (no network). */
const newLab = () => {
  const fake = createFakeOrdergroove();
  const lab = createLab({
    id: 'lab-under-test-01',
    fake,
    relayUrl: 'http://relay.invalid/relay/ordergroove/lab-under-test-01',
    landingUrl: LANDING,
    fetch: (url, init) => lab.relay(new Request(url, init)),
  });
  return { fake, lab };
};

/** POSTs `event` to the lab's relay, signed (by default with the old key) as Ordergroove signs. */
const deliver = async (
  lab: Lab,
  event: unknown,
  { secrets = lab.target.keys.old, body = pythonJson(event), header = '' } = {},
) => {
  const { signWebhook } = await loadWebhooks();
  const signature = header || (await signWebhook({ body: pythonJson(event), secrets }));
  const response = await lab.relay(
    new Request('http://relay.invalid/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ordergroove-signature': signature },
      body,
    }),
  );
  return { status: response.status, answer: (await response.json()) as Record<string, unknown> };
};

/** An event of `type` as the fake builds it (about a new order or subscription unless `about`). */
const event = (
  type: EventType,
  token: string,
  options: { now?: number; about?: EventSubject } = {},
) => ordergrooveEvent({ type, token, ...options });

/** The keys of a fragment link, and its query (which must be empty). */
const fragmentOf = (href: string): Record<string, string> => {
  const url = new URL(href);
  return {
    page: `${url.origin}${url.pathname}`,
    search: url.search,
    ...Object.fromEntries(new URLSearchParams(url.hash.slice(1))),
  };
};

afterEach(() => {
  vi.useRealTimers();
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

describe('the relay: the lab’s createWebhookHandler', () => {
  it('turns a verified reminder into one email whose fragment links carry the token', async () => {
    const { fake, lab } = newLab();
    const token = fake.mint();
    const reminder = orderReminderEvent({ token });
    expect(await deliver(lab, reminder)).toEqual({ status: 200, answer: { status: 'handled' } });
    expect(lab.emails).toHaveLength(1);
    const email = lab.emails[0];
    expect(email).toMatchObject({
      id: 'wh-1',
      kind: 'reminder',
      type: 'order.reminder',
      eventId: reminder.id,
      to: 'sam.rivera@mail.example',
      firstName: 'Sam',
      token,
      total: '52.00',
      about: `order:${reminder.data.object.public_id}`,
    });
    expect(email?.items).toEqual([
      { name: 'Ethiopia Yirgacheffe', detail: 'Whole bean, 12 oz', quantity: 2, price: '36.00' },
      { name: 'Morning Blend', detail: 'Ground for drip, 12 oz', quantity: 1, price: '16.00' },
    ]);
    // In the fragment (never sent to the shop's server), none in the query.
    expect(email?.links.map((link) => ({ id: link.id, ...fragmentOf(link.href) }))).toEqual([
      { id: 'delay-14', page: LANDING, search: '', token, action: 'delay', days: '14' },
      { id: 'delay-21', page: LANDING, search: '', token, action: 'delay', days: '21' },
      { id: 'skip', page: LANDING, search: '', token, action: 'skip' },
      {
        id: 'upsell',
        page: LANDING,
        search: '',
        token,
        action: 'upsell',
        product: 'CB-CONC-32',
        quantity: '1',
      },
    ]);
    expect(email?.links.map((link) => link.id)).toEqual(REMINDER_LINKS.map((link) => link.id));
    expect(lab.handled.get(reminder.id)).toEqual({
      outcome: 'emailed',
      emailId: 'wh-1',
      about: email?.about,
    });
    // The token in the links works at the fake API, once.
    const first = await fake.handle({ path: '/one_click/delay', query: { token, days: '14' } });
    const second = await fake.handle({ path: '/one_click/skip', query: { token } });
    expect([first, second].map((answer) => ('status' in answer ? answer.status : 0))).toEqual([
      200, 400,
    ]);
  });

  it('verifies the raw bytes: a changed body, a wrong key or a bad header is a 400 with its code, and no route runs', async () => {
    const { fake, lab } = newLab();
    const reminder = orderReminderEvent({ token: fake.mint() });
    const body = pythonJson(reminder);
    for (const tampered of [
      body.replace('"total": "52.00"', '"total": "0.01"'),
      `${body} `,
      JSON.stringify(JSON.parse(body)), // parsed and re-serialized: not the signed bytes
    ]) {
      expect(tampered).not.toBe(body);
      const { status, answer } = await deliver(lab, reminder, { body: tampered });
      expect([status, answer.error]).toEqual([400, 'signature_mismatch']);
    }
    const { old, new: next } = lab.target.keys;
    const wrongKey = await deliver(lab, reminder, { secrets: next });
    expect([wrongKey.status, wrongKey.answer.error]).toEqual([400, 'signature_mismatch']);
    expect(JSON.stringify(wrongKey.answer)).not.toMatch(new RegExp(`${old}|${next}`));
    for (const [header, code] of [
      ['ts=1,sig=nothex', 'malformed_header'],
      [`ts=${Math.floor(Date.now() / 1000)}`, 'no_signature'],
    ]) {
      expect((await deliver(lab, reminder, { header })).answer.error).toBe(code);
    }
    const unsigned = await lab.relay(
      new Request('http://relay.invalid/', { method: 'POST', body }),
    );
    expect([unsigned.status, (await unsigned.json()).error]).toEqual([400, 'missing_header']);
    expect([lab.emails.length, lab.tokens.size, lab.handled.size]).toEqual([0, 0, 0]);
    // The genuine delivery still goes through: nothing was marked handled.
    expect((await deliver(lab, reminder)).answer).toEqual({ status: 'handled' });
  });

  it('answers a copy of a handled event duplicate and handles it once, across a change of keys', async () => {
    const { fake, lab } = newLab();
    const reminder = orderReminderEvent({ token: fake.mint() });
    expect((await deliver(lab, reminder)).answer).toEqual({ status: 'handled' });
    expect(await deliver(lab, reminder)).toEqual({ status: 200, answer: { status: 'duplicate' } });
    lab.setRelayKeys('both'); // a new handler, the same store of handled events
    expect((await deliver(lab, reminder)).answer).toEqual({ status: 'duplicate' });
    expect(lab.emails).toHaveLength(1);
  });

  it('answers 500 when the email service fails, and the retry sends the email once', async () => {
    const { fake, lab } = newLab();
    const reminder = orderReminderEvent({ token: fake.mint() });
    lab.espFailures = 1;
    const failed = await deliver(lab, reminder);
    expect([failed.status, failed.answer.error]).toEqual([500, 'handler_failed']);
    expect(lab.emails).toHaveLength(0);
    expect(lab.tokens.size).toBe(0);
    expect(lab.errors).toEqual([
      { stage: 'handler', type: 'order.reminder', key: `id:${reminder.id}` },
    ]);
    expect((await deliver(lab, reminder)).answer).toEqual({ status: 'handled' });
    expect((await deliver(lab, reminder)).answer).toEqual({ status: 'duplicate' });
    expect(lab.emails.map((email) => email.eventId)).toEqual([reminder.id]);
  });

  it('records a reminder without a usable token and sends nothing (a retry would carry the same one)', async () => {
    const { lab } = newLab();
    for (const token of [undefined, '<b>x</b>']) {
      const reminder = orderReminderEvent({ token: token as string });
      expect((await deliver(lab, reminder)).answer).toEqual({ status: 'handled' });
      expect(lab.handled.get(reminder.id)?.outcome).toBe('no_token');
    }
    expect([lab.emails.length, lab.tokens.size]).toEqual([0, 0]);
  });

  it('keeps the newest token per order: a refresh replaces it, an older event arriving late does not', async () => {
    const { fake, lab } = newLab();
    const [first, second, stale] = [fake.mint(), fake.mint(), fake.mint()];
    const now = Date.now();
    const reminder = event('order.reminder', first, { now: now - 120_000 });
    const about = { object: reminder.data.object };
    const key = `order:${about.object.public_id}`;
    await deliver(lab, reminder);
    expect(lab.tokens.get(key)).toMatchObject({
      token: first,
      type: 'order.reminder',
      replaced: 0,
    });

    const refresh = event('order.refresh_one_click_token', second, { now, about });
    expect((await deliver(lab, refresh)).answer).toEqual({ status: 'handled' });
    const held = lab.tokens.get(key);
    expect(held).toMatchObject({
      token: second,
      type: 'order.refresh_one_click_token',
      eventId: refresh.id,
      replaced: 1,
    });
    expect(held?.links.map((link) => fragmentOf(link.href).token)).toEqual(Array(4).fill(second));
    expect(lab.handled.get(refresh.id)).toEqual({ outcome: 'stored', about: key });
    expect(lab.emails).toHaveLength(1); // a refresh sends no email

    const late = event('order.refresh_one_click_token', stale, { now: now - 60_000, about });
    expect((await deliver(lab, late)).answer).toEqual({ status: 'handled' });
    expect(lab.tokens.get(key)?.token).toBe(second);
  });

  it('emails a winback with a reactivate link for a cancellation; a new subscription’s token is only kept', async () => {
    const { fake, lab } = newLab();
    const created = event('subscription.create', fake.mint());
    await deliver(lab, created);
    expect(lab.emails).toHaveLength(0);
    const about = { object: created.data.object };
    const key = `subscription:${about.object.public_id}`;
    expect(lab.tokens.get(key)?.links.map((link) => link.action)).toEqual(['upsell']);
    const token = fake.mint();
    await deliver(lab, event('subscription.cancel', token, { about }));
    expect(lab.emails[0]).toMatchObject({ kind: 'winback', type: 'subscription.cancel', token });
    expect(lab.emails[0]?.links.map((link) => fragmentOf(link.href))).toEqual([
      { page: LANDING, search: '', token, action: 'reactivate', og_winback_id: 'WB-COMEBACK-20' },
    ]);
    expect(lab.tokens.get(key)).toMatchObject({
      token,
      replaced: 1,
    });
  });

  it('answers 200 ignored to an event type it has no route for, and 405 to anything but POST', async () => {
    const { lab } = newLab();
    expect(
      await deliver(lab, { id: 'evt_other', type: 'customer.update', data: { object: {} } }),
    ).toEqual({
      status: 200,
      answer: { status: 'ignored' },
    });
    expect((await lab.relay(new Request('http://relay.invalid/'))).status).toBe(405);
    expect(lab.handled.size).toBe(0);
  });

  it('accepts a retry signed up to 12 hours ago, so a late unsigned-again retry is not lost', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 0, 5, 8));
    const { fake, lab } = newLab();
    const { signWebhook } = await loadWebhooks();
    const reminders = [
      orderReminderEvent({ token: fake.mint() }),
      orderReminderEvent({ token: fake.mint() }),
    ];
    const headers = await Promise.all(
      reminders.map((r) => signWebhook({ body: pythonJson(r), secrets: lab.target.keys.old })),
    );
    vi.setSystemTime(Date.UTC(2026, 0, 5, 19, 59));
    expect((await deliver(lab, reminders[0], { header: headers[0] })).answer).toEqual({
      status: 'handled',
    });
    vi.setSystemTime(Date.UTC(2026, 0, 5, 20, 1));
    expect((await deliver(lab, reminders[1], { header: headers[1] })).answer.error).toBe(
      'timestamp_out_of_tolerance',
    );
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
    const { lab } = newLab();
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
          expect(delivery.answer).toMatchObject({ error: 'signature_mismatch' });
          expect(lab.emails.length).toBe(emails);
        }
      }
    }
    expect(lab.rotate('reset')).toBe(true);
    expect(lab.relayKeys).toBe('old');
    lab.target.close();
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
      expect([url.origin, url.pathname, url.search]).toEqual([demo.url, '/landing.html', '']);
      expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe(delivery?.token);
    }
    // The page names the token by its fingerprint, never whole outside the links.
    expect(html).toContain(
      `<code>${fingerprint(delivery?.token ?? '')}</code> <span data-token="current">`,
    );
    expect(html.replace(/href="[^"]*"/g, '')).not.toContain(delivery?.token);
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
    // (The fake logs an attempt once the relay has answered it, so the email is there by then.)
    const retried = () =>
      b.lab()?.target.deliveries.filter((d) => d.token === rejected.delivery?.token) ?? [];
    await expect.poll(() => retried()[0]?.ok).toBe(true);
    expect(retried()[0]).toMatchObject({ eventId: rejected.delivery?.eventId });
    expect(retried()[0]?.attempt).toBeGreaterThan(1);
    expect(b.lab()?.emails.some((email) => email.token === rejected.delivery?.token)).toBe(true);
    expect((await send()).newEmails).toBe(1);

    // Start over: back to the old key everywhere.
    view = (await b.submit('/lab/rotation', { step: 'reset', back: 'webhooks' })).html;
    expect(view).toContain('data-phase="before" aria-current="step"');
    expect(view).toContain('data-lab="relay-old" aria-pressed="true"');
  });

  it('sends any of the five events: reminders and cancellations are emailed, every token is kept', async () => {
    const b = browser();
    await b.request('/');
    const { html } = await b.submit('/lab/send-webhook', {
      back: 'webhooks',
      type: 'subscription.create',
    });
    expect(html).toMatch(
      /<div class="lab-flash" role="status" data-delivery="\d+" data-outcome="stored">/,
    );
    expect(b.lab()?.target.deliveries[0]).toMatchObject({
      type: 'subscription.create',
      status: 200,
      answer: { status: 'handled' },
    });
    expect(b.lab()?.emails).toEqual([]);
    const cancel = await b.submit('/lab/send-webhook', {
      back: 'webhooks',
      type: 'subscription.cancel',
    });
    expect(cancel.html).toMatch(/data-outcome="emailed"/);
    expect(b.lab()?.emails[0]).toMatchObject({ kind: 'winback', type: 'subscription.cancel' });
    // The cancellation is about the subscription just created: its token replaced the first.
    expect([...(b.lab()?.tokens.values() ?? [])]).toEqual([
      expect.objectContaining({ type: 'subscription.cancel', replaced: 1 }),
    ]);
    await b.submit('/lab/send-webhook', { back: 'webhooks', type: 'no.such.event' });
    expect(b.lab()?.target.deliveries[0]?.type).toBe('order.reminder');
  });

  it('a delivery that comes twice is answered duplicate the second time and emailed once', async () => {
    const b = browser();
    await b.request('/');
    const { location } = await b.submit('/lab/send-webhook', { back: 'webhooks', twice: 'on' });
    const lab = b.lab();
    const first = lab?.target.deliveries.find(
      (d) => d.id === Number(location.split('delivery=')[1]),
    );
    await expect
      .poll(() => lab?.target.deliveries.filter((d) => d.eventId === first?.eventId).length)
      .toBe(2);
    const [copy] = lab?.target.deliveries ?? [];
    expect(copy).toMatchObject({
      duplicate: true,
      eventId: first?.eventId,
      status: 200,
      answer: { status: 'duplicate' },
    });
    expect(first?.answer).toEqual({ status: 'handled' });
    expect(lab?.emails.map((email) => email.eventId)).toEqual([first?.eventId]);
    const view = await (await b.request('/?view=webhooks')).text();
    expect(view).toMatch(
      new RegExp(`<tr class="is-ok" data-delivery="${copy?.id}" data-outcome="duplicate">`),
    );
    expect(view).toContain('200 · duplicate · not handled again</span> <a href="/?m=wh-1">');
  });

  it('an email service failure is answered 500, and Ordergroove’s retry sends the email once', async () => {
    const b = browser();
    await b.request('/');
    const { html } = await b.submit('/lab/send-webhook', { back: 'webhooks', esp: 'fail' });
    expect(html).toMatch(
      /<div class="lab-flash lab-flash--failed" role="alert" data-delivery="\d+" data-outcome="failed" data-error-code="handler_failed">/,
    );
    const lab = b.lab();
    await expect.poll(() => lab?.target.deliveries[0]?.ok).toBe(true);
    expect(lab?.emails).toHaveLength(1);
    const attempts = lab?.target.deliveries.filter((d) => d.eventId === lab.emails[0]?.eventId);
    expect(attempts?.map((d) => [d.attempt, d.status, d.answer])).toEqual([
      [2, 200, { status: 'handled' }],
      [1, 500, expect.objectContaining({ error: 'handler_failed' })],
    ]);
    expect(lab?.errors[0]).toMatchObject({ stage: 'handler', type: 'order.reminder' });
    expect(lab?.espFailures).toBe(0);
  });

  it('a used token brings a refresh: the relay keeps the new token and the lab links it; the email says its token was replaced', async () => {
    const b = browser();
    await b.request('/');
    await b.submit('/lab/send-webhook', { back: 'inbox' });
    const lab = b.lab();
    const email = lab?.emails[0];
    const used = email?.token ?? '';
    // Nothing to refresh while the token is unused.
    await b.request('/');
    expect(lab?.target.deliveries).toHaveLength(1);
    // The subscriber clicks Skip: the token is used at the API.
    const skip = await fetch(`${demo.apiUrl}/one_click/skip?token=${encodeURIComponent(used)}`);
    expect(skip.status).toBe(200);
    const view = await (await b.request('/?view=webhooks')).text();
    const refresh = lab?.target.deliveries[0];
    expect(refresh).toMatchObject({ type: 'order.refresh_one_click_token', status: 200 });
    const held = lab?.tokens.get(email?.about ?? '');
    expect(held).toMatchObject({
      token: refresh?.token,
      type: 'order.refresh_one_click_token',
      replaced: 1,
    });
    expect(held?.token).not.toBe(used);
    expect(view).toContain(
      `data-token-about="${email?.about}" data-token-fingerprint="${fingerprint(held?.token ?? '')}"`,
    );
    expect(view.replace(/href="[^"]*"/g, '')).not.toContain(held?.token);
    // Once: a second look sends no second refresh.
    await b.request('/');
    expect(
      lab?.target.deliveries.filter((d) => d.type === 'order.refresh_one_click_token'),
    ).toHaveLength(1);
    // The email shows its token was replaced; the lab's link carries the new one, and it works.
    const message = await (await b.request(`/?m=${email?.id}`)).text();
    expect(message).toContain(
      `<span data-token="replaced">was used and replaced</span> by <code>${fingerprint(held?.token ?? '')}</code>`,
    );
    const link = /href="([^"]+)"[^>]*data-case="stored-delay-14"/
      .exec(view)?.[1]
      ?.replaceAll('&amp;', '&');
    const keys = new URLSearchParams(new URL(link ?? '').hash.slice(1));
    expect(keys.get('token')).toBe(held?.token);
    const delay = await fetch(
      `${demo.apiUrl}/one_click/delay?token=${encodeURIComponent(keys.get('token') ?? '')}&days=14`,
    );
    expect(delay.status).toBe(200);
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

  it('the relay endpoint is the handler over real HTTP: raw bodies verified, duplicates answered, 4xx for what cannot be verified', async () => {
    const b = browser();
    await b.request('/');
    const lab = b.lab();
    if (!lab) throw new Error('no lab');
    const path = `/relay/ordergroove/${lab.id}`;
    const { signWebhook } = await loadWebhooks();
    const body = pythonJson(orderReminderEvent({ token: demo.fake.mint() }));
    const header = await signWebhook({ body, secrets: lab.target.keys.old });
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
    expect(await tampered.json()).toMatchObject({ error: 'signature_mismatch' });
    const unsigned = await post(body);
    expect(await unsigned.json()).toMatchObject({ error: 'missing_header' });
    expect(lab.emails).toHaveLength(0);

    const good = await post(body, header);
    expect([good.status, await good.json()]).toEqual([200, { status: 'handled' }]);
    expect(good.headers.get('cache-control')).toBe('no-store');
    expect(good.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await post(body, header)).json()).toEqual({ status: 'duplicate' });
    expect(lab.emails).toHaveLength(1);

    expect(
      (await fetch(`${demo.url}/relay/ordergroove/AAAAAAAAAAAAAAAA`, { method: 'POST' })).status,
    ).toBe(404);
    expect((await fetch(`${demo.url}${path}`)).status).toBe(405);
    const huge = await post('x'.repeat(300 * 1024), header);
    expect([huge.status, (await huge.json()).error]).toEqual([413, 'body_too_large']);
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
