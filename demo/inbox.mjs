// @ts-check
/**
 * The demo inbox: a server-rendered email client showing the subscription emails a
 * Bean & Bloom Coffee subscriber receives, each with 1-click links to the landing page,
 * plus "sandbox" emails with every failure case. Every render mints fresh tokens on the
 * fake Ordergroove API, so each link works exactly once, like the real thing.
 *
 * Every action link carries `data-case="<id>"` so tests can find it.
 *
 * It also shows this browser's webhook lab (demo/webhook-lab.mjs): emails the webhook
 * relay sent (newest first, labelled "Webhook relay"), a "Send test webhook" form, and
 * with `?view=webhooks` the key-rotation switch and the delivery log. Plain forms and
 * links only: no script on the page.
 */
import { SIGNING_KEYS } from './fake-ordergroove/webhooks.mjs';
import { outcomeOf, RELAY_KEY_CHOICES, RELAY_KEY_SETS, ROTATION_PHASES } from './webhook-lab.mjs';

/** @typedef {import('./fake-ordergroove/model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {import('./fake-ordergroove/model.mjs').TokenSpec} TokenSpec */
/** @typedef {import('./webhook-lab.mjs').Lab} Lab */
/** @typedef {import('./webhook-lab.mjs').LabEmail} LabEmail */
/** @typedef {import('./webhook-lab.mjs').RelayKeys} RelayKeys */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').RotationPhase} RotationPhase */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').WebhookDelivery} WebhookDelivery */

/**
 * Escapes text for HTML element content and attribute values.
 * @param {unknown} value
 */
const esc = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * Marks a string as already-safe HTML for the `html` template tag.
 * @param {string} value
 */
const raw = (value) => ({ __html: value });

/**
 * Template tag: interpolations are escaped unless wrapped in `raw()`; arrays are joined.
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 */
const html = (strings, ...values) => {
  /** @param {unknown} value @returns {string} */
  const part = (value) => {
    if (value == null || value === false) return '';
    if (Array.isArray(value)) return value.map(part).join('');
    if (typeof value === 'object' && '__html' in value) return String(value.__html);
    return esc(value);
  };
  return raw(
    strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''),
  );
};

const DAY = 86_400_000;

/** @param {Date} date @param {Intl.DateTimeFormatOptions} options */
const fmt = (date, options) => new Intl.DateTimeFormat('en-US', options).format(date);

/** Next `weekday` (0 = Sunday) at least `minDays` from `now`. */
const next = (/** @type {Date} */ now, /** @type {number} */ weekday, minDays = 2) => {
  const date = new Date(now.getTime() + minDays * DAY);
  while (date.getDay() !== weekday) date.setTime(date.getTime() + DAY);
  return date;
};

/** How a mail client labels a received time. */
const received = (/** @type {Date} */ now, /** @type {Date} */ at) => {
  const days = Math.floor((now.setHours(0, 0, 0, 0) - new Date(at).setHours(0, 0, 0, 0)) / DAY);
  if (days <= 0) return fmt(at, { hour: 'numeric', minute: '2-digit' });
  if (days === 1) return 'Yesterday';
  if (days < 7) return fmt(at, { weekday: 'short' });
  return fmt(at, { month: 'short', day: 'numeric' });
};

const STORE = {
  name: 'Bean & Bloom Coffee',
  from: 'hello@beanandbloom.example',
  initials: 'BB',
};
const SANDBOX = { name: 'og-oca sandbox', from: 'sandbox@og-oca.example', initials: 'og' };

/**
 * @typedef {object} LinkSpec
 * @property {TokenSpec | null} [mint] Token to mint; `null` = no token in the link.
 * @property {string} [token] A literal token instead of minting one.
 * @property {string} [action]
 * @property {Record<string, string>} [params]
 * @property {'query' | 'fragment' | 'legacy'} [form]
 * @property {string} [page]
 */

/**
 * @param {FakeOrdergroove} fake
 * @param {LinkSpec} spec
 */
const buildLink = (fake, spec) => {
  const page = spec.page ?? '/landing.html';
  const token = spec.token ?? (spec.mint === null ? undefined : fake.mint(spec.mint ?? {}));
  if (spec.form === 'legacy') {
    const parts = [`og_quick_action=${spec.action}`];
    if (spec.params?.days) parts.push(`og_delay_by=${spec.params.days}`);
    parts.push(`og_quick_action_token=${token}`);
    return `${page}#${parts.join('#')}`;
  }
  const query = new URLSearchParams();
  if (token !== undefined) query.set('token', token);
  if (spec.action !== undefined) query.set('action', spec.action);
  for (const [key, value] of Object.entries(spec.params ?? {})) query.set(key, value);
  return `${page}${spec.form === 'fragment' ? '#' : '?'}${query}`;
};

/**
 * @typedef {object} Ctx
 * @property {(id: string, label: string, spec: LinkSpec, variant?: 'primary' | 'secondary' | 'plain') => {__html: string}} button
 * @property {(id: string, label: string, spec: LinkSpec) => {__html: string}} link
 * @property {Date} now
 */

/**
 * @typedef {object} Message
 * @property {string} id
 * @property {typeof STORE} sender
 * @property {string} subject
 * @property {string} snippet
 * @property {number} ageHours
 * @property {boolean} [unread]
 * @property {string} [label]
 * @property {string | {__html: string}} [note] A demo annotation shown by the "client", outside the email.
 * @property {(ctx: Ctx) => {__html: string}} body
 * @property {LabEmail} [webhook] Set on emails the webhook relay sent.
 */

/** @param {Array<[string, string, string]>} items name, detail, price */
const orderTable = (items) => html`
  <table class="email-order">
    <tbody>
      ${items.map(
        ([name, detail, price]) => html`<tr>
          <td><img src="/assets/coffee-bag.svg" alt="" width="48" height="48"></td>
          <td><strong>${name}</strong><br><span class="email-muted">${detail}</span></td>
          <td class="email-price">${price}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;

/** @param {string} title @param {unknown} content */
const brandedEmail = (title, content) => html`
  <div class="email">
    <div class="email-brand"><img src="/assets/bean-and-bloom.svg" alt="Bean &amp; Bloom Coffee" width="168" height="40"></div>
    <div class="email-content">
      <h2 class="email-title">${title}</h2>
      ${content}
    </div>
    <div class="email-footer">
      <p>Bean &amp; Bloom Coffee · 214 Roastery Lane · Portland, OR 97209</p>
      <p>You get this email because you subscribe to Bean &amp; Bloom deliveries. These links act on your subscription without signing in; each works once.</p>
    </div>
  </div>`;

/**
 * @param {string} intro
 * @param {Array<[unknown, string]>} rows link, what happens
 */
const sandboxEmail = (intro, rows) => html`
  <div class="email email--plain">
    <div class="email-content">
      <p>${intro}</p>
      <table class="sandbox-table">
        <thead><tr><th scope="col">Try this link</th><th scope="col">What the landing page should show</th></tr></thead>
        <tbody>
          ${rows.map(([link, expect]) => html`<tr><td>${link}</td><td>${expect}</td></tr>`)}
        </tbody>
      </table>
      <p class="email-muted">Links are minted fresh each time the inbox loads and work once. Reload the inbox for new ones.</p>
    </div>
  </div>`;

/** @type {Message[]} */
const MESSAGES = [
  {
    id: 'ships-friday',
    sender: STORE,
    subject: 'Your order ships Friday',
    snippet:
      'Hi Sam, your next box of Ethiopia Yirgacheffe and Morning Blend ships Friday. Need more time?',
    ageHours: 0.4,
    unread: true,
    label: 'Subscriptions',
    body: (c) =>
      brandedEmail(
        'Your next box ships Friday',
        html`
        <p>Hi Sam,</p>
        <p>Your next Bean &amp; Bloom box is roasting soon and ships <strong>${fmt(next(c.now, 5), { weekday: 'long', month: 'long', day: 'numeric' })}</strong>.</p>
        ${orderTable([
          ['Ethiopia Yirgacheffe', 'Whole bean · 12 oz × 2', '$36.00'],
          ['Morning Blend', 'Ground, drip · 12 oz × 1', '$16.00'],
        ])}
        <p class="email-total">Total <strong>$52.00</strong> · Free shipping</p>
        <p>Still have plenty of coffee? Change this order in one click — no password needed.</p>
        <p class="email-actions">
          ${c.button('delay-14', 'Delay 14 days', { mint: { action: 'delay' }, action: 'delay', params: { days: '14' } })}
          ${c.button('delay-21', 'Delay 21 days', { mint: { action: 'delay' }, action: 'delay', params: { days: '21' } }, 'secondary')}
          ${c.button('skip', 'Skip this order', { mint: { action: 'skip' }, action: 'skip' }, 'plain')}
        </p>`,
      ),
  },
  {
    id: 'upsell',
    sender: STORE,
    subject: 'Add this to your next box',
    snippet: 'Cold Brew Concentrate is back — add two bottles to Friday’s box, no checkout needed.',
    ageHours: 3,
    unread: true,
    label: 'Subscriptions',
    body: (c) =>
      brandedEmail(
        'Cold Brew Concentrate is back',
        html`
        <p>Hi Sam,</p>
        <div class="email-product">
          <img src="/assets/cold-brew.svg" alt="" width="120" height="120">
          <div>
            <p><strong>Cold Brew Concentrate</strong><br><span class="email-muted">32 oz bottle · makes 16 glasses</span></p>
            <p><strong>$14.00</strong> <span class="email-muted">each, subscriber price</span></p>
          </div>
        </div>
        <p>Add it to the box that ships Friday — it goes on the same delivery and the same card.</p>
        <p class="email-actions">
          ${c.button('upsell', 'Add 2 to my next box', { mint: { action: 'upsell' }, action: 'upsell', params: { product: 'CB-CONC-32', quantity: '2' } })}
        </p>`,
      ),
  },
  {
    id: 'winback',
    sender: STORE,
    subject: 'We miss you, Sam — 15% off to come back',
    snippet:
      'Your Morning Blend subscription is paused. Reactivate today and your next box is 15% off.',
    ageHours: 26,
    unread: true,
    label: 'Subscriptions',
    body: (c) =>
      brandedEmail(
        'We miss you',
        html`
        <p>Hi Sam,</p>
        <p>It has been a while since your last Morning Blend delivery. Come back today and your next box is <strong>15% off</strong>.</p>
        ${orderTable([['Morning Blend', 'Ground, drip · 12 oz × 2, every 4 weeks', '$27.20']])}
        <p class="email-actions">
          ${c.button('reactivate', 'Reactivate my subscription', { mint: { action: 'reactivate' }, action: 'reactivate', params: { og_winback_id: 'WB-SPRING-15' } })}
        </p>
        <p class="email-muted">Offer applies to your next delivery only.</p>`,
      ),
  },
  {
    id: 'ships-monday',
    sender: STORE,
    subject: 'Heads up: your Decaf Colombia box ships Monday',
    snippet:
      'Tap a button and confirm on our site — your Decaf Colombia subscription ships Monday.',
    ageHours: 50,
    label: 'Subscriptions',
    note: 'This store uses og-oca’s confirm mode: the landing page asks for a real click before acting, so mail scanners that open links cannot delay or skip your order.',
    body: (c) =>
      brandedEmail(
        'Your decaf ships Monday',
        html`
        <p>Hi Sam,</p>
        <p>Your Decaf Colombia box ships <strong>${fmt(next(c.now, 1), { weekday: 'long', month: 'long', day: 'numeric' })}</strong>.</p>
        ${orderTable([['Decaf Colombia', 'Whole bean · 12 oz × 1', '$17.00']])}
        <p class="email-actions">
          ${c.button('confirm-delay', 'Delay 21 days', { page: '/landing-confirm.html', mint: { action: 'delay' }, action: 'delay', params: { days: '21' } })}
          ${c.button('confirm-skip', 'Skip this order', { page: '/landing-confirm.html', mint: { action: 'skip' }, action: 'skip' }, 'plain')}
        </p>`,
      ),
  },
  {
    id: 'sandbox-links',
    sender: SANDBOX,
    subject: 'Sandbox: broken and unusual links',
    snippet:
      'Unknown action, no token, malformed token, legacy #og_quick_action links, fragment links…',
    ageHours: 75,
    label: 'Sandbox',
    body: (c) =>
      sandboxEmail('Links as they arrive in the wild — some broken, some just unusual.', [
        [
          c.link('unknown-action', 'Unknown action (action=pause)', { action: 'pause' }),
          'Error “unknown_action”, no request sent, no Try again.',
        ],
        [
          c.link('no-token', 'Link with no token', {
            mint: null,
            action: 'delay',
            params: { days: '14' },
          }),
          'Error “missing_token”, no request sent.',
        ],
        [
          c.link('malformed-token', 'Malformed token (HTML in it)', {
            token: '"><img src=x onerror=alert(1)>',
            action: 'skip',
          }),
          'Error “invalid_link”; the markup is never rendered.',
        ],
        [
          c.link('bad-days', 'Delay by 400 days', { action: 'delay', params: { days: '400' } }),
          'Error “invalid_link” (days must be 1–365), no request sent.',
        ],
        [
          c.link('wrong-action', 'Skip token on a delay link', {
            mint: { action: 'skip' },
            action: 'delay',
            params: { days: '14' },
          }),
          'The API answers 400 “token not valid for this action”: error “rejected”.',
        ],
        [
          c.link('uppercase-action', 'action=DELAY (upper case)', {
            action: 'DELAY',
            params: { days: '14' },
          }),
          'Success: actions are case-insensitive.',
        ],
        [
          c.link('base64-token', 'Old-style base64 token (+ / =)', {
            mint: { format: 'base64' },
            action: 'skip',
          }),
          'Success: the token is URL-encoded on the way to the API.',
        ],
        [
          c.link('legacy', 'Legacy #og_quick_action=delay#og_delay_by=21 link', {
            mint: { action: 'delay' },
            action: 'delay',
            params: { days: '21' },
            form: 'legacy',
          }),
          'Success: “delayed 21 days”; the fragment is removed from the address bar.',
        ],
        [
          c.link('fragment', 'Fragment link (#token=…&action=skip)', {
            mint: { action: 'skip' },
            action: 'skip',
            form: 'fragment',
          }),
          'Success: the token never reaches the store’s server logs.',
        ],
      ]),
  },
  {
    id: 'sandbox-failures',
    sender: SANDBOX,
    subject: 'Sandbox: server and network failures',
    snippet:
      'API down, API error, HTML error page, non-JSON success, dropped connection, slow network…',
    ageHours: 76,
    label: 'Sandbox',
    body: (c) =>
      sandboxEmail('The fake Ordergroove API misbehaves on purpose for these tokens.', [
        [
          c.link('error503', 'API down once (503)', {
            mint: { fault: 'error503', faultTimes: 1 },
            action: 'delay',
            params: { days: '14' },
          }),
          'Error “server” with Try again; Try again succeeds.',
        ],
        [
          c.link('error500', 'API error every time (500)', {
            mint: { fault: 'error500' },
            action: 'skip',
          }),
          'Error “server” with Try again; it keeps failing, and never sends twice on its own.',
        ],
        [
          c.link('html500', 'API returns an HTML error page', {
            mint: { fault: 'html500' },
            action: 'skip',
          }),
          'Error “server”; the page’s script and onerror never run.',
        ],
        [
          c.link('nonjson', 'API answers 200 “OK” as plain text', {
            mint: { fault: 'nonjson' },
            action: 'skip',
          }),
          'Success: a 200 is a success whatever its body.',
        ],
        [
          c.link('reset', 'Connection dropped once', {
            mint: { fault: 'reset', faultTimes: 1 },
            action: 'skip',
          }),
          'Error “network” with Try again; Try again succeeds.',
        ],
        [
          c.link('slow-ok', 'Slow API (1.5 s)', {
            mint: { fault: 'slow', delayMs: 1500 },
            action: 'delay',
            params: { days: '14' },
          }),
          'The pending state, then success.',
        ],
        [
          c.link('slow-timeout', 'Slow API (5 s) on a page with a 2 s timeout', {
            page: '/landing-slow.html',
            mint: { fault: 'slow', delayMs: 5000, faultTimes: 1 },
            action: 'skip',
          }),
          'Error “timeout” after 2 s with Try again; Try again succeeds.',
        ],
        [
          c.link('used', 'A link that was already used', {
            mint: { state: 'used' },
            action: 'skip',
          }),
          'Friendly “already used” error, no Try again.',
        ],
        [
          c.link('expired', 'An expired link', {
            mint: { state: 'expired' },
            action: 'delay',
            params: { days: '14' },
          }),
          'Error “expired_token”, no Try again.',
        ],
      ]),
  },
  {
    id: 'sandbox-pages',
    sender: SANDBOX,
    subject: 'Sandbox: ESM build, strict CSP, confirm mode',
    snippet:
      'The same action through the npm (ESM) build, under a strict Content-Security-Policy, and in confirm mode.',
    ageHours: 77,
    label: 'Sandbox',
    body: (c) =>
      sandboxEmail('Three other ways a store can put og-oca on its landing page.', [
        [
          c.link('esm', 'ESM page (import { run } from og-oca)', {
            page: '/landing-esm.html',
            mint: { action: 'delay' },
            action: 'delay',
            params: { days: '14' },
          }),
          'Success, through dist/oca.mjs and ky from an import map.',
        ],
        [
          c.link('csp', 'Strict CSP page', {
            page: '/landing-csp.html',
            mint: { action: 'skip' },
            action: 'skip',
          }),
          'Success under script-src ’self’; style-src ’self’; require-trusted-types-for ’script’.',
        ],
        [
          c.link('confirm', 'Confirm mode', {
            page: '/landing-confirm.html',
            mint: { action: 'delay' },
            action: 'delay',
            params: { days: '21' },
          }),
          'A “Delay 21 days” button; nothing is sent until you click it.',
        ],
      ]),
  },
  {
    id: 'reminder-used',
    sender: STORE,
    subject: 'Reminder: your box ships tomorrow',
    snippet: 'Your Morning Blend box ships tomorrow. Skip it in one click.',
    ageHours: 24 * 9,
    label: 'Subscriptions',
    note: 'You already clicked “Skip” in this email, so its link has been used.',
    body: (c) =>
      brandedEmail(
        'Your box ships tomorrow',
        html`
        <p>Hi Sam,</p>
        <p>Your Morning Blend box ships tomorrow.</p>
        ${orderTable([['Morning Blend', 'Ground, drip · 12 oz × 2', '$32.00']])}
        <p class="email-actions">
          ${c.button('reminder-used', 'Skip this order', { mint: { state: 'used' }, action: 'skip' })}
        </p>`,
      ),
  },
  {
    id: 'expired',
    sender: STORE,
    subject: 'Your box is on its way — plan your next one',
    snippet: 'Your order is on its way. Want the next one later? Delay it by 14 days.',
    ageHours: 24 * 40,
    label: 'Subscriptions',
    note: 'This email is weeks old: its link has expired.',
    body: (c) =>
      brandedEmail(
        'Your box is on its way',
        html`
        <p>Hi Sam,</p>
        <p>Your Morning Blend box left our roastery today. Want more time before the next one?</p>
        <p class="email-actions">
          ${c.button('expired-delay', 'Delay my next box 14 days', { mint: { state: 'expired' }, action: 'delay', params: { days: '14' } })}
        </p>`,
      ),
  },
];

/* ───────────────────────── The webhook lab ───────────────────────── */

/** @type {Record<RotationPhase, { name: string, signs: string }>} */
const PHASE_TEXT = {
  before: { name: 'Before rotation', signs: 'Signs with the old key' },
  rotating: { name: 'Rotating (24 h)', signs: 'Signs with both keys' },
  after: { name: 'Rotation complete', signs: 'Signs with the new key only' },
};

/** @type {Record<RelayKeys, { name: string, short: string }>} */
const RELAY_TEXT = {
  old: { name: 'Old key only', short: 'old key' },
  both: { name: 'New + old keys', short: 'new + old keys' },
  new: { name: 'New key only', short: 'new key' },
};

/** `ts=…,sig=<new>,sig=<old>` for a phase, as the header's shape. */
const headerShape = (/** @type {RotationPhase} */ phase) =>
  ['ts=…', ...SIGNING_KEYS[phase].map((role) => `sig=<${role}>`)].join(',');

/** A key as the lab shows it: its prefix and last four characters. */
const maskKey = (/** @type {string} */ key) => `${key.slice(0, 7)}…${key.slice(-4)}`;

/** The delivery's sent header, shortened: `ts=1763…,sig=3fa9c2d1…(new),sig=…(old)`. */
const shortHeader = (/** @type {WebhookDelivery} */ delivery) => {
  let role = 0;
  return delivery.header
    .split(',')
    .map((part) => {
      if (!part.startsWith('sig=')) return part;
      const label = delivery.signedWith[role++] ?? '?';
      return `sig=${part.slice(4, 12)}…(${label})`;
    })
    .join(',');
};

/**
 * What became of a delivery, for the log and the flash.
 * @param {WebhookDelivery} delivery
 * @returns {{ outcome: 'emailed' | 'ignored' | 'rejected' | 'failed', code?: string, emailId?: string }}
 */
const deliveryOutcome = (delivery) => {
  const answer =
    typeof delivery.answer === 'object' && delivery.answer !== null
      ? /** @type {Record<string, unknown>} */ (delivery.answer)
      : {};
  if (delivery.status === 0) return { outcome: 'failed', code: 'no_answer' };
  if (delivery.ok && answer.status === 'emailed') {
    return { outcome: 'emailed', emailId: typeof answer.email === 'string' ? answer.email : '' };
  }
  if (delivery.ok) return { outcome: 'ignored' };
  return {
    outcome: 'rejected',
    code: typeof answer.error === 'string' ? answer.error : `http_${delivery.status}`,
  };
};

/**
 * A "Send test webhook" button: a plain form (POST, then a redirect back here).
 * @param {'inbox' | 'webhooks'} back
 * @param {string} [extraClass]
 */
const sendWebhookForm = (back, extraClass = '') => html`
  <form class="lab-send${extraClass}" method="post" action="/lab/send-webhook">
    <input type="hidden" name="back" value="${back}">
    <button class="lab-btn lab-btn--primary" type="submit" data-lab="send-webhook">Send test webhook</button>
  </form>`;

/**
 * The banner after a "Send test webhook" (`?delivery=<id>`).
 * @param {WebhookDelivery | undefined} delivery
 */
const deliveryFlash = (delivery) => {
  if (!delivery) return '';
  const { outcome, code, emailId } = deliveryOutcome(delivery);
  const attributes = raw(
    ` data-delivery="${delivery.id}" data-outcome="${outcome}"${code ? ` data-error-code="${esc(code)}"` : ''}`,
  );
  if (outcome === 'emailed') {
    return html`<div class="lab-flash lab-flash--ok" role="status"${attributes}>
      <strong>Webhook delivered.</strong> The relay verified Ordergroove’s signature and emailed you 1-click links.
      <a href="/?m=${emailId}">Open the email</a>
    </div>`;
  }
  if (outcome === 'ignored') {
    return html`<div class="lab-flash" role="status"${attributes}><strong>Webhook accepted</strong> and ignored by the relay (no email for this event type).</div>`;
  }
  if (outcome === 'failed') {
    return html`<div class="lab-flash lab-flash--failed" role="alert"${attributes}>
      <strong>Webhook delivery failed:</strong> ${delivery.error ?? 'no answer'}. No email was sent.
    </div>`;
  }
  return html`<div class="lab-flash lab-flash--failed" role="alert"${attributes}>
    <strong>Webhook delivery failed:</strong> the relay answered ${delivery.status} <code>${code}</code>. No email was sent.
    <a href="/?view=webhooks">See the webhook lab</a>
  </div>`;
};

/**
 * The bar above the message list: send a webhook, and where the lab stands.
 * @param {Lab} lab
 * @param {'inbox' | 'webhooks'} back
 */
const labBar = (lab, back) => html`
  <div class="lab-bar">
    ${sendWebhookForm(back)}
    <a class="lab-bar-state" href="/?view=webhooks">
      <span>Ordergroove: <strong>${PHASE_TEXT[lab.target.phase].name.toLowerCase()}</strong></span>
      <span>Relay: <strong>${RELAY_TEXT[lab.relayKeys].short}</strong></span>
    </a>
  </div>`;

/**
 * A webhook relay email as an inbox message.
 * @param {LabEmail} email
 * @param {Date} now
 * @returns {Message}
 */
const webhookMessage = (email, now) => {
  const place = email.place ? new Date(`${email.place}T12:00:00`) : undefined;
  const when = place ? fmt(place, { weekday: 'long', month: 'long', day: 'numeric' }) : 'soon';
  const names = email.items.map((item) => item.name);
  const what = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return {
    id: email.id,
    sender: STORE,
    subject: `Your next box ships ${place ? fmt(place, { weekday: 'long' }) : 'soon'} — change it in one click`,
    snippet: `Hi ${email.firstName}, your ${what ?? 'subscription'} ships ${when}. Delay it, skip it or add to it in one click.`,
    ageHours: Math.max(0, now.getTime() - email.receivedAt) / 3_600_000,
    unread: email.unread,
    label: 'Webhook relay',
    webhook: email,
    note: html`Ordergroove sent a signed <code>${email.type}</code> (event <code>${email.eventId}</code>); the relay checked it with <code>verifyWebhook</code>, took <code>data.object.one_click_token</code> with <code>actionTokenOf</code> and built these links with <code>buildActionUrl</code>. One token serves every button, once. <a href="/?view=webhooks">Webhook lab</a>`,
    body: () =>
      brandedEmail(
        `Your next box ships ${place ? fmt(place, { weekday: 'long' }) : 'soon'}`,
        html`
        <p>Hi ${email.firstName},</p>
        <p>Your next Bean &amp; Bloom box ships <strong>${when}</strong>.</p>
        ${orderTable(email.items.map((item) => [item.name, `${item.detail ? `${item.detail} · ` : ''}× ${item.quantity}`, `$${item.price}`]))}
        ${email.total ? html`<p class="email-total">Total <strong>$${email.total}</strong> · Free shipping</p>` : ''}
        <p>Need more time, or want something extra? One click — no password needed.</p>
        <p class="email-actions">
          ${email.links.map(
            (link) =>
              html`<a class="email-btn email-btn--${link.variant}" href="${link.href}" target="_blank" rel="noopener noreferrer" data-case="webhook-${link.id}">${link.label}</a>`,
          )}
        </p>`,
      ),
  };
};

/**
 * The lab view (`?view=webhooks`): the flow, the rotation switch, the outcome table and
 * the delivery log.
 * @param {Lab} lab
 * @param {Date} now
 */
const labView = (lab, now) => {
  const phase = lab.target.phase;
  const relayKeys = lab.relayKeys;
  const next = outcomeOf(phase, relayKeys);
  const phaseIndex = ROTATION_PHASES.indexOf(phase);

  const stepForm = (
    /** @type {string} */ step,
    /** @type {string} */ label,
    /** @type {boolean} */ enabled,
    variant = 'secondary',
  ) => html`
    <form method="post" action="/lab/rotation">
      <input type="hidden" name="back" value="webhooks">
      <button class="lab-btn lab-btn--${variant}" type="submit" name="step" value="${step}" data-lab="${step}"${raw(enabled ? '' : ' disabled')}>${label}</button>
    </form>`;

  const deliveryRow = (/** @type {WebhookDelivery} */ delivery) => {
    const { outcome, code, emailId } = deliveryOutcome(delivery);
    const ok = outcome === 'emailed' || outcome === 'ignored';
    return html`<tr class="${ok ? 'is-ok' : 'is-failed'}" data-delivery="${delivery.id}" data-outcome="${outcome}"${raw(code ? ` data-error-code="${esc(code)}"` : '')}>
      <td><time datetime="${new Date(delivery.at).toISOString()}">${fmt(new Date(delivery.at), { hour: 'numeric', minute: '2-digit', second: '2-digit' })}</time></td>
      <td><code>${delivery.type}</code><br><span class="lab-muted">${PHASE_TEXT[delivery.phase].name}</span></td>
      <td><code class="lab-header">${shortHeader(delivery)}</code></td>
      <td>${
        outcome === 'emailed'
          ? html`<span class="lab-status lab-status--ok">${delivery.status} · emailed</span> <a href="/?m=${emailId}">Open email</a>`
          : outcome === 'ignored'
            ? html`<span class="lab-status lab-status--ok">${delivery.status} · ignored</span>`
            : outcome === 'failed'
              ? html`<span class="lab-status lab-status--failed">Failed · ${delivery.error ?? 'no answer'}</span><br><span class="lab-muted">No email</span>`
              : html`<span class="lab-status lab-status--failed">Failed · ${delivery.status} <code>${code}</code></span><br><span class="lab-muted">No email</span>`
      }</td>
    </tr>`;
  };

  return html`<article class="message lab" aria-labelledby="lab-title">
    <header class="message-head">
      <h1 id="lab-title">Webhook lab</h1>
      <span class="mail-chip mail-chip--webhook-relay">Webhook relay</span>
    </header>
    <p class="lab-intro">The seed flow, end to end. The fake Ordergroove signs an <code>order.reminder</code> carrying a fresh <code>one_click_token</code> and POSTs it to this demo’s relay. The relay verifies the <code>Ordergroove-Signature</code> header against the raw body with <code>verifyWebhook</code>, reads the token with <code>actionTokenOf</code>, builds Delay and Skip links with <code>buildActionUrl</code>, and emails this inbox. Keys, rotation and emails belong to this browser only.</p>
    <ol class="lab-flow" aria-label="The flow">
      <li><strong class="lab-flow-step">Ordergroove</strong><span>signs <code>${headerShape(phase)}</code></span></li>
      <li><strong class="lab-flow-step">Relay</strong><span><code>POST /relay/ordergroove</code> · verifies with the ${RELAY_TEXT[relayKeys].short}</span></li>
      <li><strong class="lab-flow-step">Inbox</strong><span>email with 1-click links</span></li>
      <li><strong class="lab-flow-step">Landing page</strong><span>og-oca calls <code>/one_click/…</code> once</span></li>
    </ol>

    <div class="lab-grid">
      <section class="lab-card" aria-labelledby="lab-og-title">
        <h2 id="lab-og-title">Ordergroove’s signing key</h2>
        <ol class="lab-phases">
          ${ROTATION_PHASES.map(
            (
              p,
              index,
            ) => html`<li class="lab-phase${p === phase ? ' is-current' : index < phaseIndex ? ' is-done' : ''}" data-phase="${p}"${raw(p === phase ? ' aria-current="step"' : '')}>
              <strong class="lab-phase-name">${PHASE_TEXT[p].name}</strong>
              <code>${headerShape(p)}</code>
              <span>${PHASE_TEXT[p].signs}</span>
            </li>`,
          )}
        </ol>
        <div class="lab-actions">
          ${stepForm('startRotation', 'Start rotation', phase === 'before', phase === 'before' ? 'primary' : 'secondary')}
          ${stepForm('completeRotation', 'Complete rotation', phase === 'rotating', phase === 'rotating' ? 'primary' : 'secondary')}
          ${stepForm('reset', 'Start over', phase !== 'before' || relayKeys !== 'old', 'plain')}
        </div>
        <p class="lab-keys">Old key <code>${maskKey(lab.target.keys.old)}</code> · new key <code>${maskKey(lab.target.keys.new)}</code></p>
      </section>

      <section class="lab-card" aria-labelledby="lab-relay-title">
        <h2 id="lab-relay-title">The relay’s secrets</h2>
        <p class="lab-muted">What the relay passes as <code>verifyWebhook({ secrets })</code>.</p>
        <form class="lab-segmented" method="post" action="/lab/relay-keys" aria-label="The relay’s secrets">
          <input type="hidden" name="back" value="webhooks">
          ${RELAY_KEY_CHOICES.map(
            (choice) =>
              html`<button class="lab-segment" type="submit" name="keys" value="${choice}" data-lab="relay-${choice}" aria-pressed="${choice === relayKeys ? 'true' : 'false'}">${RELAY_TEXT[choice].name}</button>`,
          )}
        </form>
        <p class="lab-muted">Rotate without dropping a webhook: add the new key next to the old one, let Ordergroove complete the rotation, then remove the old key.</p>
      </section>
    </div>

    <section class="lab-card" aria-labelledby="lab-matrix-title">
      <h2 id="lab-matrix-title">What the relay does with the next webhook</h2>
      <table class="lab-matrix">
        <thead><tr><th scope="col">Ordergroove</th>${RELAY_KEY_CHOICES.map((choice) => html`<th scope="col">Relay: ${RELAY_TEXT[choice].short}</th>`)}</tr></thead>
        <tbody>
          ${ROTATION_PHASES.map(
            (p) => html`<tr>
              <th scope="row">${PHASE_TEXT[p].name}<br><code>${headerShape(p)}</code></th>
              ${RELAY_KEY_CHOICES.map((choice) => {
                const result = outcomeOf(p, choice);
                const current = p === phase && choice === relayKeys;
                return html`<td class="lab-cell lab-cell--${result === 'accepted' ? 'ok' : 'failed'}${current ? ' is-current' : ''}"${raw(current ? ' aria-current="true"' : '')}>${result === 'accepted' ? 'Accepted' : html`Rejected <code>${result}</code>`}${current ? html`<span class="lab-now">now</span>` : ''}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="lab-next">
        <p data-lab="prediction" data-outcome="${next}">Next webhook: Ordergroove signs with the ${SIGNING_KEYS[phase].join(' and ')} key${SIGNING_KEYS[phase].length > 1 ? 's' : ''}; the relay knows the ${RELAY_KEY_SETS[relayKeys].join(' and ')} key${RELAY_KEY_SETS[relayKeys].length > 1 ? 's' : ''} → <strong>${next === 'accepted' ? 'accepted' : `rejected (${next})`}</strong>.</p>
        ${sendWebhookForm('webhooks')}
      </div>
    </section>

    <section class="lab-card" aria-labelledby="lab-deliveries-title">
      <h2 id="lab-deliveries-title">Deliveries</h2>
      ${
        lab.target.deliveries.length === 0
          ? html`<p class="lab-muted">No webhooks sent yet. Press “Send test webhook”.</p>`
          : html`<table class="lab-deliveries">
        <thead><tr><th scope="col">Sent</th><th scope="col">Event</th><th scope="col">Ordergroove-Signature</th><th scope="col">Relay’s answer</th></tr></thead>
        <tbody>${lab.target.deliveries.map(deliveryRow)}</tbody>
      </table>`
      }
      <p class="lab-muted">Times are this server’s clock (${fmt(now, { timeZoneName: 'short', hour: 'numeric', minute: '2-digit' })}). Ordergroove would retry a failed delivery with backoff; the fake does not.</p>
    </section>
  </article>`;
};

const ICONS = {
  inbox:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v16H4z M4 13h4l2 3h4l2-3h4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/></svg>',
  star: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/></svg>',
  clock:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="8.5" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M12 7v5l3 2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>',
  send: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 11 21 3l-8 18-2-8z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/></svg>',
  draft:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 3h9l4 4v14H6z M14 3v5h5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/></svg>',
  label:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6h11l5 6-5 6H4z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/></svg>',
  webhook:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 7a3 3 0 1 1 4.5 2.6L16 15 M7.5 12.5 5 17a3 3 0 1 0 4.5 2.6H15 M19 17.5a3 3 0 1 0-2.2-5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
};

/**
 * Renders the inbox page.
 * @param {object} options
 * @param {FakeOrdergroove} options.fake Mints the links' tokens.
 * @param {string} [options.selected] Id of the message to open; default the newest.
 * @param {string} [options.search] Filters the list (subject, sender, snippet).
 * @param {Date} [options.now]
 * @param {Lab} [options.lab] This browser's webhook lab: its emails join the list.
 * @param {'webhooks'} [options.view] Show the webhook lab instead of a message.
 * @param {number} [options.delivery] Show the outcome of this delivery (after a send).
 * @returns {string}
 */
export function renderInbox({ fake, selected, search, now = new Date(), lab, view, delivery }) {
  const query = (search ?? '').trim().toLowerCase();
  const all = [...(lab?.emails ?? []).map((email) => webhookMessage(email, now)), ...MESSAGES];
  const list = query
    ? all.filter((m) =>
        `${m.subject} ${m.snippet} ${m.sender.name} ${m.label ?? ''}`.toLowerCase().includes(query),
      )
    : all;
  const showLab = Boolean(lab) && view === 'webhooks';
  const open = showLab ? undefined : (list.find((m) => m.id === selected) ?? list[0]);
  // A webhook email being opened now is read (the server marks it after this render).
  const unread = all.filter((m) => m.unread && !(m.webhook && m === open)).length;
  const searchSuffix = query ? `&q=${encodeURIComponent(search ?? '')}` : '';
  const sent = lab?.target.deliveries.find((d) => d.id === delivery);

  /** @type {Ctx} */
  const ctx = {
    now,
    button: (id, label, spec, variant = 'primary') =>
      html`<a class="email-btn email-btn--${variant}" href="${buildLink(fake, spec)}" target="_blank" rel="noopener noreferrer" data-case="${id}">${label}</a>`,
    link: (id, label, spec) =>
      html`<a href="${buildLink(fake, spec)}" target="_blank" rel="noopener noreferrer" data-case="${id}">${label}</a>`,
  };

  /** `Webhook relay` → `mail-chip--webhook-relay` */
  const chip = (/** @type {string} */ label) =>
    html`<span class="mail-chip mail-chip--${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}">${label}</span>`;

  const item = (/** @type {Message} */ m) => {
    const at = new Date(now.getTime() - m.ageHours * 3_600_000);
    const current = m === open;
    return html`<li>
      <a class="mail-item${m.unread && !(m.webhook && current) ? ' is-unread' : ''}${current ? ' is-open' : ''}${m.webhook ? ' mail-item--webhook' : ''}" href="/?m=${m.id}${searchSuffix}"${raw(current ? ' aria-current="true"' : '')} data-message="${m.id}">
        <span class="mail-item-from">${m.sender.name}</span>
        <time class="mail-item-date" datetime="${at.toISOString()}">${received(new Date(now), at)}</time>
        <span class="mail-item-subject">${m.subject}</span>
        <span class="mail-item-snippet">${m.snippet}</span>
        ${m.label ? chip(m.label) : ''}
      </a>
    </li>`;
  };

  const reader = () => {
    if (showLab && lab) return labView(lab, now);
    if (!open) {
      return html`<div class="mail-empty"><p>No messages match “${search}”.</p><p><a href="/">Clear search</a></p></div>`;
    }
    const at = new Date(now.getTime() - open.ageHours * 3_600_000);
    return html`<article class="message" aria-labelledby="message-subject"${raw(open.webhook ? ` data-webhook-email="${esc(open.id)}"` : '')}>
      <header class="message-head">
        <h1 id="message-subject">${open.subject}</h1>
        ${open.label ? chip(open.label) : ''}
      </header>
      <div class="message-meta">
        <span class="avatar avatar--${open.sender === STORE ? 'store' : 'sandbox'}" aria-hidden="true">${open.sender.initials}</span>
        <div>
          <div><strong>${open.sender.name}</strong> <span class="message-address">&lt;${open.sender.from}&gt;</span></div>
          <div class="message-to">to me</div>
        </div>
        <time datetime="${at.toISOString()}">${fmt(at, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</time>
      </div>
      ${open.note ? html`<p class="message-note${open.webhook ? ' message-note--webhook' : ''}" role="note"><strong>${open.webhook ? 'Delivered by the webhook relay.' : 'Demo note:'}</strong> ${open.note}</p>` : ''}
      ${open.body(ctx)}
    </article>`;
  };

  const folder = (
    /** @type {keyof typeof ICONS} */ icon,
    /** @type {string} */ name,
    { count = 0, current = false, href = '' } = {},
  ) => {
    const inner = html`${raw(ICONS[icon])}<span>${name}</span>${count ? html`<span class="mail-count">${count}</span>` : ''}`;
    if (current) {
      return html`<li><a href="${href || '/'}" aria-current="page" class="mail-folder is-current">${inner}</a></li>`;
    }
    return href
      ? html`<li><a href="${href}" class="mail-folder">${inner}</a></li>`
      : html`<li><span class="mail-folder">${inner}</span></li>`;
  };
  const failed = lab?.target.deliveries.filter((d) => !d.ok).length ?? 0;

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${showLab ? 'Webhook lab – ' : open ? `${open.subject} – ` : ''}Inbox (${unread}) – sam.rivera@mail.example</title>
<link rel="icon" href="/assets/mail.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
</head>
<body class="mail">
<header class="mail-top">
  <a class="mail-logo" href="/" aria-label="Mail"><img src="/assets/mail.svg" alt="" width="32" height="32"><span>Mail</span></a>
  <form class="mail-search" role="search" action="/" method="get">
    <input type="search" name="q" value="${search ?? ''}" placeholder="Search mail" aria-label="Search mail">
  </form>
  <p class="mail-demo-badge">og-oca demo · fake Ordergroove API</p>
  <span class="avatar avatar--me" title="Sam Rivera (sam.rivera@mail.example)" aria-hidden="true">SR</span>
</header>
<div class="mail-layout">
  <nav class="mail-nav" aria-label="Folders">
    <ul>
      ${folder('inbox', 'Inbox', { count: unread, current: !showLab, href: '/' })}
      ${folder('star', 'Starred')}
      ${folder('clock', 'Snoozed')}
      ${folder('send', 'Sent')}
      ${folder('draft', 'Drafts')}
    </ul>
    <h2 class="mail-nav-heading">Labels</h2>
    <ul>
      ${folder('label', 'Subscriptions')}
      ${folder('label', 'Sandbox')}
    </ul>
    ${lab ? html`<h2 class="mail-nav-heading">Demo</h2><ul>${folder('webhook', 'Webhook lab', { count: failed, current: showLab, href: '/?view=webhooks' })}</ul>` : ''}
  </nav>
  <section class="mail-list" aria-label="Messages">
    <h2 class="visually-hidden">Messages</h2>
    ${lab ? labBar(lab, showLab ? 'webhooks' : 'inbox') : ''}
    ${deliveryFlash(sent)}
    <ul>${list.map(item)}</ul>
  </section>
  <main class="mail-reader" id="main">${reader()}</main>
</div>
</body>
</html>
`;
  return page.__html;
}

/** Ids of the messages, newest first (for tests). */
export const MESSAGE_IDS = MESSAGES.map((m) => m.id);
