/**
 * The emails in the demo inbox: Bean & Bloom Coffee's subscription emails with 1-click
 * buttons, and "sandbox" emails listing every edge and failure case. Links are built at
 * render time with tokens freshly minted on the fake API, so each works exactly once.
 * Every action link carries `data-case="<id>"` for tests.
 */
import type { FakeOrdergroove, TokenSpec } from 'og-oca/testing';
import { type Html, html } from './html.ts';

const DAY = 86_400_000;

export const fmt = (date: Date, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-US', options).format(date);

/** The next `weekday` (0 = Sunday) at least two days from `now`. */
const next = (now: Date, weekday: number) => {
  const date = new Date(now.getTime() + 2 * DAY);
  while (date.getDay() !== weekday) date.setTime(date.getTime() + DAY);
  return date;
};
const longDay = (date: Date) => fmt(date, { weekday: 'long', month: 'long', day: 'numeric' });

/** How a mail client labels a received time. */
export const received = (now: Date, at: Date) => {
  const days = Math.round(
    (new Date(now).setHours(0, 0, 0, 0) - new Date(at).setHours(0, 0, 0, 0)) / DAY,
  );
  if (days <= 0) return fmt(at, { hour: 'numeric', minute: '2-digit' });
  if (days === 1) return 'Yesterday';
  return fmt(at, days < 7 ? { weekday: 'short' } : { month: 'short', day: 'numeric' });
};

export interface Sender {
  name: string;
  from: string;
  initials: string;
}
export const STORE: Sender = {
  name: 'Bean & Bloom Coffee',
  from: 'hello@beanandbloom.example',
  initials: 'BB',
};
const SANDBOX: Sender = { name: 'og-oca sandbox', from: 'sandbox@og-oca.example', initials: 'og' };

/** A 1-click link in an email. */
interface LinkSpec {
  /** The token to mint; `null` = no token in the link. */
  mint?: TokenSpec | null;
  /** A literal token instead of minting one. */
  token?: string;
  action?: string;
  params?: Record<string, string>;
  form?: 'query' | 'fragment' | 'legacy';
  page?: string;
}

export type Variant = 'primary' | 'secondary' | 'plain';

/** What an email body gets to build its links. */
export interface Ctx {
  button: (id: string, label: string, spec: LinkSpec, variant?: Variant) => Html;
  link: (id: string, label: string, spec: LinkSpec) => Html;
  now: Date;
}

export interface Message {
  id: string;
  sender: Sender;
  subject: string;
  snippet: string;
  ageHours: number;
  unread?: boolean;
  label: string;
  /** A demo annotation shown by the "client", outside the email. */
  note?: string | Html;
  body: (ctx: Ctx) => Html;
  /** Set on emails the webhook relay sent. */
  webhook?: boolean;
}

export const buildLink = (fake: FakeOrdergroove, spec: LinkSpec) => {
  const page = spec.page ?? '/landing.html';
  const token = spec.token ?? (spec.mint === null ? undefined : fake.mint(spec.mint ?? {}));
  if (spec.form === 'legacy') {
    const days = spec.params?.days ? [`og_delay_by=${spec.params.days}`] : [];
    return `${page}#${[`og_quick_action=${spec.action}`, ...days, `og_quick_action_token=${token}`].join('#')}`;
  }
  const query = new URLSearchParams();
  if (token !== undefined) query.set('token', token);
  if (spec.action !== undefined) query.set('action', spec.action);
  for (const [key, value] of Object.entries(spec.params ?? {})) query.set(key, value);
  return `${page}${spec.form === 'fragment' ? '#' : '?'}${query}`;
};

/** `[name, detail, price]` rows. */
export const orderTable = (items: Array<[string, string, string]>) => html`
  <table class="email-order">
    <tbody>${items.map(
      ([name, detail, price]) => html`<tr>
      <td><img src="/assets/coffee-bag.svg" alt="" width="48" height="48"></td>
      <td><strong>${name}</strong><br><span class="email-muted">${detail}</span></td>
      <td class="email-price">${price}</td>
    </tr>`,
    )}</tbody>
  </table>`;

export const brandedEmail = (title: string, content: Html) => html`
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

/** `[link, what the landing page should show]` rows. */
const sandboxEmail = (intro: string, rows: Array<[Html, string]>) => html`
  <div class="email email--plain">
    <div class="email-content">
      <p>${intro}</p>
      <table class="sandbox-table">
        <thead><tr><th scope="col">Try this link</th><th scope="col">What the landing page should show</th></tr></thead>
        <tbody>${rows.map(([link, expect]) => html`<tr><td>${link}</td><td>${expect}</td></tr>`)}</tbody>
      </table>
      <p class="email-muted">Links are minted fresh each time the inbox loads and work once. Reload the inbox for new ones.</p>
    </div>
  </div>`;

const greeting = html`<p>Hi Sam,</p>`;

export const MESSAGES: Message[] = [
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
        html`${greeting}
        <p>Your next Bean &amp; Bloom box is roasting soon and ships <strong>${longDay(next(c.now, 5))}</strong>.</p>
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
        html`${greeting}
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
        html`${greeting}
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
        html`${greeting}
        <p>Your Decaf Colombia box ships <strong>${longDay(next(c.now, 1))}</strong>.</p>
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
      'API down, API error, HTML error page, non-JSON success, dropped connections, slow network…',
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
          c.link('reset', 'Connection dropped before the API acted', {
            mint: { fault: 'reset', faultTimes: 1 },
            action: 'skip',
          }),
          'Error “network” with Try again; Try again succeeds.',
        ],
        [
          c.link('lost', 'Connection dropped after the API acted', {
            mint: { fault: 'lost', faultTimes: 1 },
            action: 'skip',
          }),
          'Error “network”; Try again is told the link was used, so the order did move: success.',
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
          'Error “timeout” after 2 s, although the API acted; Try again is told “used”: success.',
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
        html`${greeting}
        <p>Your Morning Blend box ships tomorrow.</p>
        ${orderTable([['Morning Blend', 'Ground, drip · 12 oz × 2', '$32.00']])}
        <p class="email-actions">${c.button('reminder-used', 'Skip this order', { mint: { state: 'used' }, action: 'skip' })}</p>`,
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
        html`${greeting}
        <p>Your Morning Blend box left our roastery today. Want more time before the next one?</p>
        <p class="email-actions">${c.button('expired-delay', 'Delay my next box 14 days', { mint: { state: 'expired' }, action: 'delay', params: { days: '14' } })}</p>`,
      ),
  },
];
