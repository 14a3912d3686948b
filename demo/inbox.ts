/**
 * The demo inbox: a server-rendered email client (folders, a message list, a reader)
 * showing the emails of `emails.ts` and this browser's webhook lab. No script on the page.
 */

import type { FakeOrdergroove } from 'og-oca/testing';
import { buildLink, type Ctx, fmt, MESSAGES, type Message, received, STORE } from './emails.ts';
import { attr, html, raw } from './html.ts';
import type { Lab } from './lab.ts';
import { deliveryFlash, labBar, labView, webhookMessage } from './lab-view.ts';

const icon = (paths: string) =>
  raw(
    `<svg viewBox="0 0 24 24" aria-hidden="true"><g fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${paths}</g></svg>`,
  );
const ICONS = {
  inbox: icon('<path d="M4 4h16v16H4z M4 13h4l2 3h4l2-3h4"/>'),
  star: icon('<path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"/>'),
  clock: icon('<circle cx="12" cy="12" r="8.5"/><path d="M12 7v5l3 2"/>'),
  send: icon('<path d="M3 11 21 3l-8 18-2-8z"/>'),
  draft: icon('<path d="M6 3h9l4 4v14H6z M14 3v5h5"/>'),
  label: icon('<path d="M4 6h11l5 6-5 6H4z"/>'),
  webhook: icon(
    '<path d="M9 7a3 3 0 1 1 4.5 2.6L16 15 M7.5 12.5 5 17a3 3 0 1 0 4.5 2.6H15 M19 17.5a3 3 0 1 0-2.2-5"/>',
  ),
};

/** `Webhook relay` → `mail-chip--webhook-relay` */
export const chip = (label: string) =>
  html`<span class="mail-chip mail-chip--${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}">${label}</span>`;

export interface InboxOptions {
  /** Mints the links' tokens. */
  fake: FakeOrdergroove;
  /** Id of the message to open; default the newest. */
  selected?: string | undefined;
  /** Filters the list (subject, sender, snippet, label). */
  search?: string | undefined;
  now?: Date;
  /** This browser's webhook lab: its emails join the list. */
  lab?: Lab | undefined;
  /** Show the webhook lab instead of a message. */
  view?: 'webhooks' | undefined;
  /** Show the outcome of this delivery (after a send). */
  delivery?: number | undefined;
}

/** The inbox page. */
export function renderInbox({
  fake,
  selected,
  search = '',
  now = new Date(),
  lab,
  view,
  delivery,
}: InboxOptions): string {
  const query = search.trim().toLowerCase();
  const all = [
    ...(lab?.emails ?? []).map((email) => webhookMessage(email, now, lab?.tokens.get(email.about))),
    ...MESSAGES,
  ];
  const list = all.filter((m) =>
    `${m.subject} ${m.snippet} ${m.sender.name} ${m.label}`.toLowerCase().includes(query),
  );
  const showLab = Boolean(lab) && view === 'webhooks';
  const open = showLab ? undefined : (list.find((m) => m.id === selected) ?? list[0]);
  // On a phone the list and the reader take turns: reading once a message or the lab is chosen.
  const reading = showLab || selected !== undefined;
  // A webhook email opened now is read (the server marks it after this render).
  const unread = all.filter((m) => m.unread && !(m.webhook && m === open)).length;
  const searchSuffix = query ? `&q=${encodeURIComponent(search)}` : '';
  const sent = lab?.target.deliveries.find((d) => d.id === delivery);

  const ctx: Ctx = {
    now,
    button: (id, label, spec, variant = 'primary') =>
      html`<a class="email-btn email-btn--${variant}" href="${buildLink(fake, spec)}" target="_blank" rel="noopener noreferrer" data-case="${id}">${label}</a>`,
    link: (id, label, spec) =>
      html`<a href="${buildLink(fake, spec)}" target="_blank" rel="noopener noreferrer" data-case="${id}">${label}</a>`,
  };

  const item = (m: Message) => {
    const at = new Date(now.getTime() - m.ageHours * 3_600_000);
    const current = m === open;
    const classes = [
      'mail-item',
      m.unread && !(m.webhook && current) && 'is-unread',
      current && 'is-open',
      m.webhook && 'mail-item--webhook',
    ];
    return html`<li>
      <a class="${classes.filter(Boolean).join(' ')}" href="/?m=${m.id}${searchSuffix}"${attr(current, 'aria-current', 'true')} data-message="${m.id}">
        <span class="mail-item-from">${m.sender.name}</span>
        <time class="mail-item-date" datetime="${at.toISOString()}">${received(now, at)}</time>
        <span class="mail-item-subject">${m.subject}</span>
        <span class="mail-item-snippet">${m.snippet}</span>
        ${chip(m.label)}
      </a>
    </li>`;
  };

  const reader = () => {
    if (showLab && lab) return labView(lab, now, sent);
    if (!open) {
      return html`<div class="mail-empty"><p>No messages match “${search}”.</p><p><a href="/">Clear search</a></p></div>`;
    }
    const at = new Date(now.getTime() - open.ageHours * 3_600_000);
    return html`<article class="message" aria-labelledby="message-subject"${attr(open.webhook, 'data-webhook-email', open.id)}>
      <header class="message-head">
        <h1 id="message-subject">${open.subject}</h1>
        ${chip(open.label)}
      </header>
      <div class="message-meta">
        <span class="avatar avatar--${open.sender === STORE ? 'store' : 'sandbox'}" aria-hidden="true">${open.sender.initials}</span>
        <div>
          <div><strong>${open.sender.name}</strong> <span class="message-address">&lt;${open.sender.from}&gt;</span></div>
          <div class="message-to">to me</div>
        </div>
        <time datetime="${at.toISOString()}">${fmt(at, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}</time>
      </div>
      ${open.note && html`<p class="message-note${open.webhook ? ' message-note--webhook' : ''}" role="note"><strong>${open.webhook ? 'Delivered by the webhook relay.' : 'Demo note:'}</strong> ${open.note}</p>`}
      ${open.body(ctx)}
    </article>`;
  };

  const folder = (
    icon: keyof typeof ICONS,
    name: string,
    { count = 0, current = false, href = '' } = {},
  ) => {
    const inner = html`${ICONS[icon]}<span>${name}</span>${count > 0 && html`<span class="mail-count">${count}</span>`}`;
    if (!href) return html`<li><span class="mail-folder">${inner}</span></li>`;
    return html`<li><a href="${href}" class="mail-folder${current ? ' is-current' : ''}"${attr(current, 'aria-current', 'page')}>${inner}</a></li>`;
  };
  const failed = lab?.target.deliveries.filter((d) => !d.ok).length ?? 0;
  const title = showLab ? 'Webhook lab – ' : open ? `${open.subject} – ` : '';

  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}Inbox (${unread}) – sam.rivera@mail.example</title>
<link rel="icon" href="/assets/mail.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
</head>
<body class="mail${reading ? ' is-reading' : ''}${showLab ? ' is-lab' : ''}">
<header class="mail-top">
  <a class="mail-logo" href="/" aria-label="Mail"><img src="/assets/mail.svg" alt="" width="32" height="32"><span>Mail</span></a>
  <form class="mail-search" role="search" action="/" method="get">
    <input type="search" name="q" value="${search}" placeholder="Search mail" aria-label="Search mail">
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
    <ul>${folder('label', 'Subscriptions')}${folder('label', 'Sandbox')}</ul>
    ${lab && html`<h2 class="mail-nav-heading">Demo</h2><ul>${folder('webhook', 'Webhook lab', { count: failed, current: showLab, href: '/?view=webhooks' })}</ul>`}
  </nav>
  <section class="mail-list" aria-label="Messages">
    <h2 class="visually-hidden">Messages</h2>
    ${lab && labBar(lab, showLab ? 'webhooks' : 'inbox')}
    ${!showLab && lab && deliveryFlash(lab, sent)}
    <ul>${list.map(item)}</ul>
  </section>
  <main class="mail-reader" id="main">
    <a class="mail-back" href="/${query ? `?q=${encodeURIComponent(search)}` : ''}">← Inbox</a>
    ${reader()}
  </main>
</div>
</body>
</html>
`.value;
}
