/**
 * The webhook lab in the inbox: the "Send test webhook" bar above the list, the banner
 * after a delivery, the relay's emails as messages, and the lab view (`/?view=webhooks`):
 * the flow, the rotation switch, what the relay does in each situation and the delivery
 * log. Plain forms and links only.
 */

import {
  EVENT_TYPES,
  ROTATION_PHASES,
  type RotationPhase,
  SIGNING_KEYS,
  type WebhookDelivery,
} from 'og-oca/testing';
import { brandedEmail, fmt, type Message, orderTable, STORE } from './emails.ts';
import { attr, esc, html, raw } from './html.ts';
import {
  fingerprint,
  type Handled,
  type Lab,
  type LabEmail,
  outcomeOf,
  RELAY_KEY_CHOICES,
  RELAY_KEY_SETS,
  type RelayKeys,
  type StoredToken,
} from './lab.ts';

const PHASE_TEXT: Record<RotationPhase, { name: string; signs: string }> = {
  before: { name: 'Before rotation', signs: 'Signs with the old key' },
  rotating: { name: 'Rotating (24 h)', signs: 'Signs with both keys' },
  after: { name: 'Rotation complete', signs: 'Signs with the new key only' },
};

const RELAY_TEXT: Record<RelayKeys, { name: string; short: string }> = {
  old: { name: 'Old key only', short: 'old key' },
  both: { name: 'New + old keys', short: 'new + old keys' },
  new: { name: 'New key only', short: 'new key' },
};

/** A header value that may break after its commas, and nowhere else. */
const header = (parts: string[]) => raw(parts.map(esc).join(',<wbr>'));

/** `ts=…,sig=<new>,sig=<old>`: the header's shape in a phase. */
const headerShape = (phase: RotationPhase) =>
  header(['ts=…', ...SIGNING_KEYS[phase].map((role) => `sig=<${role}>`)]);

/** A code (an error code, an event type) that may break after its underscores (`signature_<wbr>mismatch`). */
const breakable = (code: string | undefined) =>
  html`<code>${raw(esc(code).replaceAll('_', '_<wbr>'))}</code>`;

/** A key as the lab shows it: its prefix and last four characters. */
const maskKey = (key: string) => `${key.slice(0, 7)}…${key.slice(-4)}`;

/** The header sent, shortened: `ts=1763…,sig=3fa9c2d1…(new),sig=…(old)`. */
const shortHeader = (delivery: WebhookDelivery) => {
  let role = 0;
  return header(
    delivery.header
      .split(',')
      .map((part) =>
        part.startsWith('sig=')
          ? `sig=${part.slice(4, 12)}…(${delivery.signedWith[role++] ?? '?'})`
          : part,
      ),
  );
};

type Outcome = {
  outcome: Handled['outcome'] | 'duplicate' | 'ignored' | 'rejected' | 'failed';
  code?: string;
  emailId?: string | undefined;
};

/** What became of a delivery, for the log and the banner: the relay's answer and what it did. */
const outcomeOfDelivery = (lab: Lab, delivery: WebhookDelivery): Outcome => {
  if (delivery.status === 0) return { outcome: 'failed', code: 'no_answer' };
  const answer = (typeof delivery.answer === 'object' && delivery.answer) || {};
  const handled = lab.handled.get(delivery.eventId);
  const emailId = handled?.emailId;
  if (delivery.ok && 'status' in answer) {
    if (answer.status === 'handled') return { outcome: handled?.outcome ?? 'stored', emailId };
    if (answer.status === 'duplicate') return { outcome: 'duplicate', emailId };
  }
  if (delivery.ok) return { outcome: 'ignored' };
  const code =
    'error' in answer && typeof answer.error === 'string'
      ? answer.error
      : `http_${delivery.status}`;
  return { outcome: delivery.status >= 500 ? 'failed' : 'rejected', code };
};

/** What the relay did, in a few words (the log's answer column). */
const DONE: Record<Outcome['outcome'], string> = {
  emailed: 'handled · emailed',
  stored: 'handled · token stored',
  no_token: 'handled · no usable token, nothing sent',
  duplicate: 'duplicate · not handled again',
  ignored: 'ignored',
  rejected: '',
  failed: '',
};

/** Test hooks shared by a banner and a log row. */
const outcomeAttributes = (delivery: WebhookDelivery, { outcome, code }: Outcome) =>
  html` data-delivery="${delivery.id}" data-outcome="${outcome}"${attr(code, 'data-error-code', code)}`;

const sendWebhookForm = (back: 'inbox' | 'webhooks') => html`
  <form class="lab-send" method="post" action="/lab/send-webhook">
    <input type="hidden" name="back" value="${back}">
    ${
      back === 'webhooks' &&
      html`<label class="lab-muted">Event <select name="type">${EVENT_TYPES.map(
        (type) => html`<option${attr(type === 'order.reminder', 'selected')}>${type}</option>`,
      )}</select></label>
      <label class="lab-muted"><input type="checkbox" name="twice" data-lab="twice"> Deliver it twice</label>
      <label class="lab-muted"><input type="checkbox" name="esp" value="fail" data-lab="esp-fail"> Email service fails once</label>`
    }
    <button class="lab-btn lab-btn--primary" type="submit" data-lab="send-webhook">Send test webhook</button>
  </form>`;

/** What Ordergroove does next about a failed attempt. */
const retryNote = (lab: Lab, delivery: WebhookDelivery) => {
  const { target } = lab;
  if (!target.enabled) return 'Ordergroove disabled the target after too many failures in a row.';
  if (delivery.duplicate || delivery.attempt >= target.maxAttempts) return '';
  return `Ordergroove retries it (attempt ${delivery.attempt + 1} of ${target.maxAttempts} is due soon), so fixing the relay now still brings the email.`;
};

/** The banner after a "Send test webhook" (`?delivery=<id>`). */
export const deliveryFlash = (lab: Lab, delivery: WebhookDelivery | undefined, inLab = false) => {
  if (!delivery) return '';
  const result = outcomeOfDelivery(lab, delivery);
  const hooks = outcomeAttributes(delivery, result);
  switch (result.outcome) {
    case 'emailed':
      return html`<div class="lab-flash lab-flash--ok" role="status"${hooks}>
      <strong>Webhook delivered.</strong> The relay verified Ordergroove’s signature and emailed you 1-click links.
      <a href="/?m=${result.emailId}">Open the email</a></div>`;
    case 'rejected':
    case 'failed':
      return html`<div class="lab-flash lab-flash--failed" role="alert"${hooks}>
      <strong>Webhook delivery failed:</strong> ${delivery.status ? html`the relay answered ${delivery.status} ${breakable(result.code)}` : (delivery.error ?? 'no answer')}. No email was sent. ${retryNote(lab, delivery)}
      ${!inLab && html`<a href="/?view=webhooks">See the webhook lab</a>`}</div>`;
    default:
      return html`<div class="lab-flash" role="status"${hooks}><strong>Webhook delivered.</strong> The relay answered ${delivery.status}: ${DONE[result.outcome]} (token <code>${fingerprint(delivery.token)}</code>); no email for this event.</div>`;
  }
};

/** The bar above the message list: send a webhook, and where the lab stands. */
export const labBar = (lab: Lab, back: 'inbox' | 'webhooks') => html`
  <div class="lab-bar">
    ${sendWebhookForm(back)}
    <a class="lab-bar-state" href="/?view=webhooks">
      <span>Ordergroove: <strong>${PHASE_TEXT[lab.target.phase].name.toLowerCase()}</strong></span>
      <span>Relay: <strong>${RELAY_TEXT[lab.relayKeys].short}</strong></span>
    </a>
  </div>`;

/** Which token an email carries, and whether the relay still holds it as the current one. */
const tokenNote = (email: LabEmail, current: StoredToken | undefined) => {
  const mine = html`<code>${fingerprint(email.token)}</code>`;
  if (!current || current.token === email.token) {
    return html`Its token ${mine} <span data-token="current">is the current one</span> for this ${email.kind === 'reminder' ? 'order' : 'subscription'}.`;
  }
  return html`Its token ${mine} <span data-token="replaced">was used and replaced</span> by <code>${fingerprint(current.token)}</code> (<code>${current.type}</code>); the webhook lab has the current links.`;
};

/** A relay email as an inbox message: a reminder, or a winback after a cancellation. */
export const webhookMessage = (email: LabEmail, now: Date, current?: StoredToken): Message => {
  const place = email.place ? new Date(`${email.place}T12:00:00`) : undefined;
  const day = place ? fmt(place, { weekday: 'long' }) : 'soon';
  const when = place ? fmt(place, { weekday: 'long', month: 'long', day: 'numeric' }) : 'soon';
  const names = email.items.map((item) => item.name);
  const what = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  const reminder = email.kind === 'reminder';
  const buttons = html`<p class="email-actions">${email.links.map(
    (link) =>
      html`<a class="email-btn email-btn--${link.variant}" href="${link.href}" target="_blank" rel="noopener noreferrer" data-case="webhook-${link.id}">${link.label}</a>`,
  )}</p>`;
  return {
    id: email.id,
    sender: STORE,
    subject: reminder
      ? `Your next box ships ${day} — change it in one click`
      : `We miss you, ${email.firstName} — come back in one click`,
    snippet: reminder
      ? `Hi ${email.firstName}, your ${what ?? 'subscription'} ships ${when}. Delay it, skip it or add to it in one click.`
      : 'Your subscription is cancelled. Reactivate it in one click and your next box is 20% off.',
    ageHours: Math.max(0, now.getTime() - email.receivedAt) / 3_600_000,
    unread: email.unread,
    label: 'Webhook relay',
    webhook: true,
    note: html`Ordergroove sent a signed <code>${email.type}</code> (event <code>${email.eventId}</code>); the relay’s <code>createWebhookHandler</code> verified it and ran its route once, which took the token with <code>actionTokenOf</code> and built these links with <code>buildActionUrl</code>. ${tokenNote(email, current)} <a href="/?view=webhooks">Webhook lab</a>`,
    body: () =>
      reminder
        ? brandedEmail(
            `Your next box ships ${day}`,
            html`<p>Hi ${email.firstName},</p>
        <p>Your next Bean &amp; Bloom box ships <strong>${when}</strong>.</p>
        ${orderTable(email.items.map((item) => [item.name, `${item.detail ? `${item.detail} · ` : ''}× ${item.quantity}`, `$${item.price}`]))}
        ${email.total && html`<p class="email-total">Total <strong>$${email.total}</strong> · Free shipping</p>`}
        <p>Need more time, or want something extra? One click — no password needed.</p>
        ${buttons}`,
          )
        : brandedEmail(
            'We miss you',
            html`<p>Hi ${email.firstName},</p>
        <p>Your subscription is cancelled. Come back today and your next box is <strong>20% off</strong>.</p>
        ${buttons}`,
          ),
  };
};

const plural = (roles: readonly string[]) =>
  `${roles.join(' and ')} key${roles.length > 1 ? 's' : ''}`;

/** The lab view (`?view=webhooks`), with the banner of a delivery just sent. */
export const labView = (lab: Lab, now: Date, sent: WebhookDelivery | undefined) => {
  const { phase } = lab.target;
  const { relayKeys } = lab;
  const next = outcomeOf(phase, relayKeys);
  const phaseIndex = ROTATION_PHASES.indexOf(phase);

  const stepForm = (step: string, label: string, enabled: boolean, variant = 'secondary') => html`
    <form method="post" action="/lab/rotation">
      <input type="hidden" name="back" value="webhooks">
      <button class="lab-btn lab-btn--${variant}" type="submit" name="step" value="${step}" data-lab="${step}"${attr(!enabled, 'disabled')}>${label}</button>
    </form>`;

  const deliveryRow = (delivery: WebhookDelivery) => {
    const result = outcomeOfDelivery(lab, delivery);
    const { outcome, code, emailId } = result;
    const ok = delivery.ok;
    const answer = ok
      ? html`<span class="lab-status lab-status--ok">${delivery.status} · ${DONE[outcome]}</span>${emailId && html` <a href="/?m=${emailId}">Open email</a>`}`
      : html`<span class="lab-status lab-status--failed">Failed · ${delivery.status ? html`${delivery.status} ${breakable(code)}` : (delivery.error ?? 'no answer')}</span> <span class="lab-muted">No email</span>`;
    return html`<tr class="${ok ? 'is-ok' : 'is-failed'}"${outcomeAttributes(delivery, result)}>
      <td><time datetime="${new Date(delivery.at).toISOString()}">${fmt(new Date(delivery.at), { hour: 'numeric', minute: '2-digit', second: '2-digit' })}</time></td>
      <td><code>${delivery.type}</code> <span class="lab-muted">${delivery.duplicate ? 'duplicate' : `attempt ${delivery.attempt}`} of event <code>${delivery.eventId.slice(0, 8)}</code> · token <code>${fingerprint(delivery.token)}</code> · ${PHASE_TEXT[delivery.phase].name}</span></td>
      <td><code class="lab-header">${shortHeader(delivery)}</code></td>
      <td>${answer}</td>
    </tr>`;
  };

  const tokenRow = (
    stored: StoredToken,
  ) => html`<tr data-token-about="${stored.about}" data-token-fingerprint="${fingerprint(stored.token)}">
      <td>${stored.about.split(':')[0]} <code>${stored.about.split(':')[1]?.slice(0, 8)}</code></td>
      <td><code>${fingerprint(stored.token)}</code> <span class="lab-muted">from ${breakable(stored.type)}${stored.replaced > 0 && ` · replaced ${stored.replaced}`}</span></td>
      <td>${stored.links.map((link) => html`<a href="${link.href}" target="_blank" rel="noopener noreferrer" data-case="stored-${link.id}">${link.label}</a> `)}</td>
    </tr>`;

  return html`<article class="message lab" aria-labelledby="lab-title">
    <header class="message-head">
      <h1 id="lab-title">Webhook lab</h1>
      <span class="mail-chip mail-chip--webhook-relay">Webhook relay</span>
    </header>
    ${deliveryFlash(lab, sent, true)}
    <p class="lab-intro">The seed flow, end to end. The fake Ordergroove signs an <code>order.reminder</code> carrying a fresh <code>one_click_token</code> and POSTs it to this demo’s relay, at least once. The relay is og-oca’s <code>createWebhookHandler</code>: it verifies the <code>Ordergroove-Signature</code> header against the raw body, answers a copy it already handled <code>duplicate</code>, and runs the event’s route once. The route reads the token with <code>actionTokenOf</code>, builds links with <code>buildActionUrl</code> (in the fragment), emails this inbox and keeps the newest token per order and subscription. Keys, rotation, tokens and emails belong to this browser only.</p>
    <ol class="lab-flow" aria-label="The flow">
      <li><strong class="lab-flow-step">Ordergroove</strong><span>signs <code>${headerShape(phase)}</code></span></li>
      <li><strong class="lab-flow-step">Relay</strong><span><code>POST /relay/<wbr>ordergroove</code> verifies with the ${RELAY_TEXT[relayKeys].short}, once per event</span></li>
      <li><strong class="lab-flow-step">Inbox</strong><span>email with 1-click links</span></li>
      <li><strong class="lab-flow-step">Landing page</strong><span>og-oca calls <code>/one_click/…</code> once</span></li>
    </ol>

    <div class="lab-grid">
      <section class="lab-card" aria-labelledby="lab-og-title">
        <h2 id="lab-og-title">Ordergroove’s signing key</h2>
        <ol class="lab-phases">${ROTATION_PHASES.map(
          (p, index) => html`
          <li class="lab-phase${p === phase ? ' is-current' : index < phaseIndex ? ' is-done' : ''}" data-phase="${p}"${attr(p === phase, 'aria-current', 'step')}>
            <strong class="lab-phase-name">${PHASE_TEXT[p].name}</strong> <code>${headerShape(p)}</code>
            <span>${PHASE_TEXT[p].signs}</span>
          </li>`,
        )}</ol>
        <div class="lab-actions">
          ${stepForm('startRotation', 'Start rotation', phase === 'before', phase === 'before' ? 'primary' : 'secondary')}
          ${stepForm('completeRotation', 'Complete rotation', phase === 'rotating', phase === 'rotating' ? 'primary' : 'secondary')}
          ${stepForm('reset', 'Start over', phase !== 'before' || relayKeys !== 'old', 'plain')}
        </div>
        <p class="lab-muted">Old key <code>${maskKey(lab.target.keys.old)}</code> · new key <code>${maskKey(lab.target.keys.new)}</code></p>
      </section>

      <section class="lab-card" aria-labelledby="lab-relay-title">
        <h2 id="lab-relay-title">The relay’s secrets</h2>
        <p class="lab-muted">What the relay passes as <code>createWebhookHandler({ secrets })</code>.</p>
        <form class="lab-segmented" method="post" action="/lab/relay-keys" aria-label="The relay’s secrets">
          <input type="hidden" name="back" value="webhooks">
          ${RELAY_KEY_CHOICES.map(
            (choice) =>
              html`<button class="lab-segment" type="submit" name="keys" value="${choice}" data-lab="relay-${choice}" aria-pressed="${choice === relayKeys}">${RELAY_TEXT[choice].name}</button>`,
          )}
        </form>
        <p class="lab-muted">Rotate without dropping a webhook: add the new key next to the old one, let Ordergroove complete the rotation, then remove the old key.</p>
      </section>
    </div>

    <section class="lab-card" aria-labelledby="lab-matrix-title">
      <h2 id="lab-matrix-title">What the relay does with the next webhook</h2>
      <table class="lab-matrix">
        <thead><tr><th scope="col">Ordergroove</th>${RELAY_KEY_CHOICES.map((choice) => html`<th scope="col">Relay: ${RELAY_TEXT[choice].short}</th>`)}</tr></thead>
        <tbody>${ROTATION_PHASES.map(
          (p) => html`<tr>
            <th scope="row">${PHASE_TEXT[p].name} <code>${headerShape(p)}</code></th>
            ${RELAY_KEY_CHOICES.map((choice) => {
              const result = outcomeOf(p, choice);
              const current = p === phase && choice === relayKeys;
              return html`<td class="lab-cell lab-cell--${result === 'accepted' ? 'ok' : 'failed'}${current ? ' is-current' : ''}"${attr(current, 'aria-current', 'true')}>${result === 'accepted' ? 'Accepted' : html`Rejected ${breakable(result)}`}${current && html` <span class="lab-now">now</span>`}</td>`;
            })}
          </tr>`,
        )}</tbody>
      </table>
      <div class="lab-next">
        <p data-lab="prediction" data-outcome="${next}">Next webhook: Ordergroove signs with the ${plural(SIGNING_KEYS[phase])}; the relay knows the ${plural(RELAY_KEY_SETS[relayKeys])} → <strong>${next === 'accepted' ? 'accepted' : `rejected (${next})`}</strong>.</p>
        ${sendWebhookForm('webhooks')}
      </div>
    </section>

    <section class="lab-card" aria-labelledby="lab-tokens-title">
      <h2 id="lab-tokens-title">Tokens the relay keeps</h2>
      <p class="lab-muted">Every token event stores its token for its order or subscription; a <code>*.refresh_<wbr>one_click_token</code> (Ordergroove sends one once a token is used) replaces it, and an older event arriving late does not. These are the links the store would send now.</p>
      ${
        lab.tokens.size === 0
          ? html`<p class="lab-muted">No tokens yet.</p>`
          : html`<table class="lab-matrix lab-tokens">
        <thead><tr><th scope="col">About</th><th scope="col">Current token</th><th scope="col">Links</th></tr></thead>
        <tbody>${[...lab.tokens.values()].reverse().map(tokenRow)}</tbody>
      </table>`
      }
    </section>

    <section class="lab-card" aria-labelledby="lab-deliveries-title">
      <h2 id="lab-deliveries-title">Deliveries</h2>
      ${
        lab.target.enabled
          ? html`<p class="lab-muted">Like Ordergroove, the fake retries a failed delivery after 1, 2, 4 and 8 minutes, then every 10 minutes, ${lab.target.maxAttempts} attempts in all, and disables a target that keeps failing; here it all runs faster. A delivery may also come twice, or after a later one: the relay’s handler answers a copy of an event it handled <code>200 duplicate</code> without running it again, and a route that throws (the email service failed) <code>500</code>, so the retry runs it.${lab.errors[0] && html` Route failures reported to <code>onError</code>: ${lab.errors.length} (latest: <code>${lab.errors[0].type}</code>).`}</p>`
          : html`<form class="lab-flash lab-flash--failed" role="alert" method="post" action="/lab/enable" data-lab="target-disabled"><strong>Ordergroove disabled this target</strong> after too many failed deliveries in a row; new events are not sent. <input type="hidden" name="back" value="webhooks"><button class="lab-btn lab-btn--secondary" type="submit" data-lab="enable">Enable it again</button></form>`
      }
      ${
        lab.target.deliveries.length === 0
          ? html`<p class="lab-muted">No webhooks sent yet. Press “Send test webhook”.</p>`
          : html`<table class="lab-deliveries">
        <thead><tr><th scope="col">Sent</th><th scope="col">Event</th><th scope="col">Ordergroove-Signature</th><th scope="col">Relay’s answer</th></tr></thead>
        <tbody>${lab.target.deliveries.map(deliveryRow)}</tbody>
      </table>`
      }
      <p class="lab-muted">Times are this server’s clock (${fmt(now, { timeZoneName: 'short', hour: 'numeric', minute: '2-digit' })}).</p>
    </section>
  </article>`;
};
