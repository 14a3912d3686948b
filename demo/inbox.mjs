// @ts-check
/**
 * The demo inbox: a server-rendered email client showing the subscription emails a
 * Bean & Bloom Coffee subscriber receives, each with 1-click links to the landing page,
 * plus "sandbox" emails with every failure case. Every render mints fresh tokens on the
 * fake Ordergroove API, so each link works exactly once, like the real thing.
 *
 * Every action link carries `data-case="<id>"` so tests can find it.
 */

/** @typedef {import('./fake-ordergroove/model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {import('./fake-ordergroove/model.mjs').TokenSpec} TokenSpec */

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
 * @property {string} [note] A demo annotation shown by the "client", outside the email.
 * @property {(ctx: Ctx) => {__html: string}} body
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
};

/**
 * Renders the inbox page.
 * @param {object} options
 * @param {FakeOrdergroove} options.fake Mints the links' tokens.
 * @param {string} [options.selected] Id of the message to open; default the newest.
 * @param {string} [options.search] Filters the list (subject, sender, snippet).
 * @param {Date} [options.now]
 * @returns {string}
 */
export function renderInbox({ fake, selected, search, now = new Date() }) {
  const query = (search ?? '').trim().toLowerCase();
  const list = query
    ? MESSAGES.filter((m) =>
        `${m.subject} ${m.snippet} ${m.sender.name} ${m.label ?? ''}`.toLowerCase().includes(query),
      )
    : MESSAGES;
  const open = list.find((m) => m.id === selected) ?? list[0];
  const unread = MESSAGES.filter((m) => m.unread).length;
  const searchSuffix = query ? `&q=${encodeURIComponent(search ?? '')}` : '';

  /** @type {Ctx} */
  const ctx = {
    now,
    button: (id, label, spec, variant = 'primary') =>
      html`<a class="email-btn email-btn--${variant}" href="${buildLink(fake, spec)}" target="_blank" rel="noopener noreferrer" data-case="${id}">${label}</a>`,
    link: (id, label, spec) =>
      html`<a href="${buildLink(fake, spec)}" target="_blank" rel="noopener noreferrer" data-case="${id}">${label}</a>`,
  };

  const item = (/** @type {Message} */ m) => {
    const at = new Date(now.getTime() - m.ageHours * 3_600_000);
    const current = m === open;
    return html`<li>
      <a class="mail-item${m.unread ? ' is-unread' : ''}${current ? ' is-open' : ''}" href="/?m=${m.id}${searchSuffix}"${raw(current ? ' aria-current="true"' : '')}>
        <span class="mail-item-from">${m.sender.name}</span>
        <time class="mail-item-date" datetime="${at.toISOString()}">${received(new Date(now), at)}</time>
        <span class="mail-item-subject">${m.subject}</span>
        <span class="mail-item-snippet">${m.snippet}</span>
        ${m.label ? html`<span class="mail-chip mail-chip--${m.label.toLowerCase()}">${m.label}</span>` : ''}
      </a>
    </li>`;
  };

  const reader = () => {
    if (!open) {
      return html`<div class="mail-empty"><p>No messages match “${search}”.</p><p><a href="/">Clear search</a></p></div>`;
    }
    const at = new Date(now.getTime() - open.ageHours * 3_600_000);
    return html`<article class="message" aria-labelledby="message-subject">
      <header class="message-head">
        <h1 id="message-subject">${open.subject}</h1>
        ${open.label ? html`<span class="mail-chip mail-chip--${open.label.toLowerCase()}">${open.label}</span>` : ''}
      </header>
      <div class="message-meta">
        <span class="avatar avatar--${open.sender === STORE ? 'store' : 'sandbox'}" aria-hidden="true">${open.sender.initials}</span>
        <div>
          <div><strong>${open.sender.name}</strong> <span class="message-address">&lt;${open.sender.from}&gt;</span></div>
          <div class="message-to">to me</div>
        </div>
        <time datetime="${at.toISOString()}">${fmt(at, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</time>
      </div>
      ${open.note ? html`<p class="message-note" role="note"><strong>Demo note:</strong> ${open.note}</p>` : ''}
      ${open.body(ctx)}
    </article>`;
  };

  const folder = (
    /** @type {keyof typeof ICONS} */ icon,
    /** @type {string} */ name,
    count = 0,
    current = false,
  ) =>
    current
      ? html`<li><a href="/" aria-current="page" class="mail-folder is-current">${raw(ICONS[icon])}<span>${name}</span>${count ? html`<span class="mail-count">${count}</span>` : ''}</a></li>`
      : html`<li><span class="mail-folder">${raw(ICONS[icon])}<span>${name}</span></span></li>`;

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${open ? `${open.subject} – ` : ''}Inbox (${unread}) – sam.rivera@mail.example</title>
<link rel="icon" href="/assets/mail.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
</head>
<body class="mail">
<header class="mail-top">
  <a class="mail-logo" href="/"><img src="/assets/mail.svg" alt="" width="32" height="32"><span>Mail</span></a>
  <form class="mail-search" role="search" action="/" method="get">
    <input type="search" name="q" value="${search ?? ''}" placeholder="Search mail" aria-label="Search mail">
  </form>
  <p class="mail-demo-badge">og-oca demo · fake Ordergroove API</p>
  <span class="avatar avatar--me" title="Sam Rivera (sam.rivera@mail.example)" aria-hidden="true">SR</span>
</header>
<div class="mail-layout">
  <nav class="mail-nav" aria-label="Folders">
    <ul>
      ${folder('inbox', 'Inbox', unread, true)}
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
  </nav>
  <section class="mail-list" aria-label="Messages">
    <h2 class="visually-hidden">Messages</h2>
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
