/**
 * The webhook lab: the whole seed flow for one browser.
 *
 *   fake Ordergroove (a webhook target with keys and a rotation phase)
 *     ── signed order.reminder, real HTTP ──▶ POST /relay/ordergroove/<lab id>
 *   the relay (its configured secrets): verifyWebhook → actionTokenOf → buildActionUrl
 *     ──▶ an email in this lab's mailbox, shown in the demo inbox
 *
 * Each browser gets its own lab (the server keys it by a cookie), so two people, or tests
 * running in parallel, never see each other's keys, rotation or emails. State: the
 * fake's rotation `phase` and the relay's `relayKeys`; what the next delivery does is
 * `outcomeOf(phase, relayKeys)`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { OrdergrooveEvent } from '../src/webhooks/index.ts';
import type { FakeOrdergroove } from './fake-ordergroove/model.ts';
import {
  type DeliveryOptions,
  type EventType,
  loadWebhooks,
  type RotationPhase,
  type RotationStep,
  SIGNING_KEYS,
  type WebhookDelivery,
  WebhookTarget,
} from './fake-ordergroove/webhooks.ts';

export type RelayKeys = 'old' | 'both' | 'new';
export const RELAY_KEY_CHOICES: readonly RelayKeys[] = ['old', 'both', 'new'];
/** The relay's configurations → its secrets, by role. */
export const RELAY_KEY_SETS = { old: ['old'], both: ['new', 'old'], new: ['new'] } as const;

/** Accepted when the relay knows one of the keys Ordergroove signs with now. */
export const outcomeOf = (phase: RotationPhase, relayKeys: RelayKeys) =>
  SIGNING_KEYS[phase].some((role) =>
    (RELAY_KEY_SETS[relayKeys] as readonly string[]).includes(role),
  )
    ? 'accepted'
    : 'signature_mismatch';

/** The 1-click links every reminder email carries. One token serves them all, once. */
export const REMINDER_LINKS = [
  { id: 'delay-14', label: 'Delay 14 days', action: 'delay', days: 14, variant: 'primary' },
  { id: 'delay-21', label: 'Delay 21 days', action: 'delay', days: 21, variant: 'secondary' },
  { id: 'skip', label: 'Skip this order', action: 'skip', variant: 'plain' },
  {
    id: 'upsell',
    label: 'Add a Cold Brew Concentrate',
    action: 'upsell',
    product: 'CB-CONC-32',
    quantity: 1,
    variant: 'plain',
  },
] as const;

export type LinkVariant = 'primary' | 'secondary' | 'plain';

/** The email the relay hands to its "ESP". */
export interface RelayEmail {
  eventId: string;
  type: string;
  /** Epoch milliseconds. */
  receivedAt: number;
  to: string;
  firstName: string;
  /** The order's date, `YYYY-MM-DD`, or `''`. */
  place: string;
  items: { name: string; detail: string; quantity: number; price: string }[];
  total: string;
  token: string;
  links: { id: string; label: string; action: string; variant: LinkVariant; href: string }[];
}

export type RelayResult =
  | { status: 200; outcome: 'emailed'; email: RelayEmail }
  | { status: 202; outcome: 'ignored'; reason: string }
  | { status: 400 | 422; outcome: 'rejected'; code: string; message: string };

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const text = (value: unknown, fallback: string) =>
  typeof value === 'string' && value.trim() !== '' ? value.slice(0, 200) : fallback;

/**
 * Verifies a webhook and turns an `order.reminder` into an email with 1-click links:
 * a refused delivery → 400 with verifyWebhook's `code`; an `order.reminder` without a
 * usable `one_click_token` → 422; another event type → 202, ignored. Programmer errors
 * (no secret, a bad landing URL) are thrown (→ 500).
 */
export async function relayWebhook({
  body,
  headers,
  secrets,
  landingUrl,
  now,
}: {
  /** The raw request body. */
  body: string | Uint8Array | ArrayBuffer;
  /** The request's headers as Node gives them (or a Headers, or the header value). */
  headers: IncomingHttpHeaders | Headers | string;
  /** The relay's verification key(s). */
  secrets: string | string[];
  /** Absolute URL of the landing page running og-oca. */
  landingUrl: string;
  /** The relay's clock. */
  now?: Date | number;
}): Promise<RelayResult> {
  const { verifyWebhook, actionTokenOf, buildActionUrl, WebhookVerificationError } =
    await loadWebhooks();
  let event: OrdergrooveEvent;
  try {
    event = await verifyWebhook({ body, header: headers, secrets, now });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return { status: 400, outcome: 'rejected', code: error.code, message: error.message };
  }
  const type = text(event.type, 'unknown');
  if (type !== 'order.reminder') {
    return { status: 202, outcome: 'ignored', reason: `no email for ${type} events` };
  }
  const token = actionTokenOf(event);
  if (!token) {
    return {
      status: 422,
      outcome: 'rejected',
      code: 'missing_one_click_token',
      message: 'The order.reminder has no data.object.one_click_token.',
    };
  }
  let links: RelayEmail['links'];
  try {
    // buildActionUrl checks the token and every parameter: a token the landing page would
    // refuse throws here instead of going out in an email.
    links = REMINDER_LINKS.map(({ id, label, action, variant, ...params }) => ({
      id,
      label,
      action,
      variant,
      href: buildActionUrl(landingUrl, { token, action, ...params }),
    }));
  } catch (error) {
    if (!(error instanceof TypeError && /^buildActionUrl: token /.test(error.message))) throw error;
    return {
      status: 422,
      outcome: 'rejected',
      code: 'invalid_one_click_token',
      message: error.message,
    };
  }
  const object = record(event.data?.object);
  const snapshot = record(event.snapshot);
  const customer = record(snapshot.customer);
  const items = (Array.isArray(snapshot.items) ? snapshot.items : []).slice(0, 20).map((raw) => {
    const item = record(raw);
    return {
      name: text(item.name, text(item.product, 'Subscription item')),
      detail: text(item.detail, ''),
      quantity: Number.isInteger(item.quantity) ? Number(item.quantity) : 1,
      price: text(item.total_price, text(item.price, '')),
    };
  });
  return {
    status: 200,
    outcome: 'emailed',
    email: {
      eventId: text(event.id, ''),
      type,
      receivedAt: now === undefined ? Date.now() : new Date(now).getTime(),
      to: text(customer.email, 'subscriber@mail.example'),
      firstName: text(customer.first_name, 'there'),
      place: /^\d{4}-\d{2}-\d{2}$/.test(String(object.place)) ? String(object.place) : '',
      items,
      total: text(object.total, ''),
      token,
      links,
    },
  };
}

/** An email the relay sent, as the inbox shows it. */
export type LabEmail = RelayEmail & { id: string; unread: boolean };

const MAX_EMAILS = 25;

export interface LabOptions {
  id: string;
  fake: FakeOrdergroove;
  /** Where the fake POSTs (this lab's relay endpoint). */
  relayUrl: string;
  /** Where the emails' links point (absolute). */
  landingUrl: string;
  fetch?: typeof globalThis.fetch;
  /** How the fake delivers (retry schedule, time scale…); default Ordergroove's, in real time. */
  delivery?: DeliveryOptions;
}

/** One browser's lab: the fake's side (`target`), the relay's keys and its mailbox. */
export class Lab {
  readonly id: string;
  readonly target: WebhookTarget;
  readonly landingUrl: string;
  /** Newest first. */
  readonly emails: LabEmail[] = [];
  #relayKeys: RelayKeys = 'old';
  #serial = 0;

  constructor({ id, fake, relayUrl, landingUrl, fetch, delivery }: LabOptions) {
    this.id = id;
    this.landingUrl = landingUrl;
    this.target = new WebhookTarget({
      ...delivery,
      fake,
      url: relayUrl,
      ...(fetch ? { fetch } : {}),
    });
  }

  get relayKeys(): RelayKeys {
    return this.#relayKeys;
  }

  /** A step of the rotation; `reset` also puts the relay back on the old key. */
  rotate(step: RotationStep): boolean {
    const changed = this.target.apply(step);
    if (changed && step === 'reset') this.#relayKeys = 'old';
    return changed;
  }

  setRelayKeys(keys: RelayKeys): boolean {
    if (!RELAY_KEY_CHOICES.includes(keys)) return false;
    this.#relayKeys = keys;
    return true;
  }

  relaySecrets(): string[] {
    return RELAY_KEY_SETS[this.#relayKeys].map((role) => this.target.keys[role]);
  }

  /**
   * Ordergroove sends an event (retried until the relay takes it); resolves with the first
   * attempt, or undefined when the target is disabled and nothing was sent.
   */
  async send(type: EventType = 'order.reminder'): Promise<WebhookDelivery | undefined> {
    await loadWebhooks(); // a missing build fails here, with its explanation
    return this.target.attempt(this.target.emit(type));
  }

  /** The relay endpoint's handler. */
  async receive({
    body,
    headers,
  }: {
    body: Uint8Array | string;
    headers: IncomingHttpHeaders | Headers;
  }): Promise<RelayResult & { emailId?: string }> {
    const result = await relayWebhook({
      body,
      headers,
      secrets: this.relaySecrets(),
      landingUrl: this.landingUrl,
    });
    if (result.outcome !== 'emailed') return result;
    this.#serial += 1;
    const email = { ...result.email, id: `wh-${this.#serial}`, unread: true };
    this.emails.unshift(email);
    this.emails.length = Math.min(this.emails.length, MAX_EMAILS);
    return { ...result, emailId: email.id };
  }

  markRead(emailId: string): void {
    const email = this.emails.find((e) => e.id === emailId);
    if (email) email.unread = false;
  }
}

export const createLab = (options: LabOptions) => new Lab(options);

/** What a lab id looks like (cookie values and relay URLs are checked against it). */
export const LAB_ID_PATTERN = /^[\w-]{16}$/;

/** A new lab id: 16 URL-safe characters. */
export const newLabId = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('base64url');

/** The labs of one demo server, least recently used dropped first. */
export class LabStore {
  readonly #labs = new Map<string, Lab>();
  readonly #max: number;

  constructor({ max = 200 }: { max?: number } = {}) {
    this.#max = max;
  }

  get(id: string | undefined): Lab | undefined {
    const lab = id === undefined || !LAB_ID_PATTERN.test(id) ? undefined : this.#labs.get(id);
    if (lab) {
      this.#labs.delete(lab.id);
      this.#labs.set(lab.id, lab);
    }
    return lab;
  }

  add(lab: Lab): Lab {
    this.#labs.set(lab.id, lab);
    for (const [id, oldest] of this.#labs) {
      if (this.#labs.size <= this.#max) break;
      oldest.target.close();
      this.#labs.delete(id);
    }
    return lab;
  }

  /** Stops every lab's pending deliveries. */
  close(): void {
    for (const lab of this.#labs.values()) lab.target.close();
  }

  get size(): number {
    return this.#labs.size;
  }
}
