/**
 * The webhook lab: the whole seed flow for one browser.
 *
 *   fake Ordergroove (a webhook target with keys and a rotation phase)
 *     ── signed events, real HTTP, at least once ──▶ POST /relay/ordergroove/<lab id>
 *   the relay: createWebhookHandler (verify, drop duplicates, route by type)
 *     order.reminder / subscription.cancel → buildActionUrl → an email ("ESP")
 *     every token event → the newest token per order or subscription (token store)
 *
 * Each browser gets its own lab (the server keys it by a cookie), so two people, or tests
 * running in parallel, never see each other's keys, rotation or emails. State: the
 * fake's rotation `phase` and the relay's `relayKeys`; what the next delivery does is
 * `outcomeOf(phase, relayKeys)`.
 */
import { createHash } from 'node:crypto';
import {
  type DeliveryOptions,
  type EventType,
  type FakeOrdergroove,
  type RotationPhase,
  type RotationStep,
  SIGNING_KEYS,
  type WebhookDelivery,
  WebhookTarget,
} from 'og-oca/testing';
import type * as Webhooks from '../src/webhooks/index.ts';
import type {
  OrdergrooveEvent,
  WebhookErrorContext,
  WebhookHandler,
  WebhookStore,
} from '../src/webhooks/index.ts';
import { loadWebhooks } from './load-webhooks.ts';

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

/** A 1-click link the relay builds (`params` go to `buildActionUrl`). */
interface LinkSpec {
  id: string;
  label: string;
  action: string;
  variant: LinkVariant;
  days?: number;
  product?: string;
  quantity?: number;
  winbackId?: string;
}

/** The 1-click links every reminder email carries. One token serves them all, once. */
export const REMINDER_LINKS: readonly LinkSpec[] = [
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
];

/** The link of a winback email, for a cancelled subscription (a live one gets the upsell link). */
export const WINBACK_LINKS: readonly LinkSpec[] = [
  {
    id: 'reactivate',
    label: 'Reactivate my subscription',
    action: 'reactivate',
    winbackId: 'WB-COMEBACK-20',
    variant: 'primary',
  },
];

export type LinkVariant = 'primary' | 'secondary' | 'plain';
export type EmailLink = {
  id: string;
  label: string;
  action: string;
  variant: LinkVariant;
  href: string;
};

/** The email the relay hands to its "ESP": a reminder, or a winback after a cancellation. */
export interface RelayEmail {
  kind: 'reminder' | 'winback';
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
  /** The token store's key of the order or subscription (`order:<public_id>`). */
  about: string;
  links: EmailLink[];
}

/** The newest token the relay holds for an order or subscription. */
export interface StoredToken {
  /** `order:<public_id>` or `subscription:<public_id>`. */
  about: string;
  token: string;
  /** The event that brought it. */
  type: string;
  eventId: string;
  /** The event's `created` (unix seconds): a late, older event does not overwrite a newer token. */
  created: number;
  /** How many earlier tokens it replaced. */
  replaced: number;
  /** The links the store would send now. */
  links: EmailLink[];
}

/** What the relay did with an event (the delivery log shows it next to each attempt). */
export interface Handled {
  outcome: 'emailed' | 'stored' | 'no_token';
  emailId?: string;
  about?: string;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const text = (value: unknown, fallback: string) =>
  typeof value === 'string' && value.trim() !== '' ? value.slice(0, 200) : fallback;

/** A short fingerprint of a token, safe to show: the first 8 hex digits of its SHA-256. */
export const fingerprint = (token: string) =>
  createHash('sha256').update(token).digest('hex').slice(0, 8);

/** The email the relay sends for `event` (what it reads of the order or subscription). */
const emailOf = (
  event: OrdergrooveEvent,
  kind: RelayEmail['kind'],
  token: string,
  about: string,
  links: EmailLink[],
): Omit<RelayEmail, 'receivedAt'> => {
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
    kind,
    eventId: text(event.id, ''),
    type: text(event.type, 'unknown'),
    to: text(customer.email, 'subscriber@mail.example'),
    firstName: text(customer.first_name, 'there'),
    place: /^\d{4}-\d{2}-\d{2}$/.test(String(object.place)) ? String(object.place) : '',
    items,
    total: text(object.total, ''),
    token,
    about,
    links,
  };
};

/** An email the relay sent, as the inbox shows it. */
export type LabEmail = RelayEmail & { id: string; unread: boolean };

const MAX_EMAILS = 25;
const MAX_KEPT = 50;

/** Keeps the newest `max` entries of a map (insertion order). */
const bound = <K, V>(map: Map<K, V>, max = MAX_KEPT) => {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
};

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

/**
 * One browser's lab: the fake's side (`target`), and the merchant's relay: its keys, the
 * og-oca/webhooks handler built on them, its token store, its "ESP" and its mailbox.
 */
export class Lab {
  readonly id: string;
  readonly target: WebhookTarget;
  readonly landingUrl: string;
  /** Newest first. */
  readonly emails: LabEmail[] = [];
  /** The relay's token store: the newest token per order and subscription. */
  readonly tokens = new Map<string, StoredToken>();
  /** What the relay did with each event it handled, by event id. */
  readonly handled = new Map<string, Handled>();
  /** What the handler reported through `onError` (never the error: it may quote a token), newest first. */
  readonly errors: WebhookErrorContext[] = [];
  /** How many sends the "ESP" refuses before it works again (the lab's failure switch). */
  espFailures = 0;
  #relayKeys: RelayKeys = 'old';
  #serial = 0;
  #handler: WebhookHandler | undefined;
  #store: WebhookStore | undefined;

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
    if (changed && step === 'reset') this.setRelayKeys('old');
    return changed;
  }

  /** The relay's secrets change: its handler is built again (the store of handled events stays). */
  setRelayKeys(keys: RelayKeys): boolean {
    if (!RELAY_KEY_CHOICES.includes(keys)) return false;
    this.#relayKeys = keys;
    this.#handler = undefined;
    return true;
  }

  relaySecrets(): string[] {
    return RELAY_KEY_SETS[this.#relayKeys].map((role) => this.target.keys[role]);
  }

  /**
   * Ordergroove sends an event (retried until the relay takes it); resolves with the first
   * attempt, or undefined when the target is disabled and nothing was sent.
   */
  async send(
    type: EventType = 'order.reminder',
    options: { twice?: boolean } = {},
  ): Promise<WebhookDelivery | undefined> {
    await loadWebhooks(); // a missing build fails here, with its explanation
    return this.target.attempt(this.target.emit(type, options));
  }

  /** The relay endpoint: og-oca/webhooks' handler for the relay's current secrets. */
  async relay(request: Request): Promise<Response> {
    const webhooks = await loadWebhooks();
    this.#handler ??= this.#build(webhooks);
    return this.#handler(request);
  }

  #build(webhooks: typeof Webhooks): WebhookHandler {
    this.#store ??= webhooks.memoryStore({ maxEntries: 1000 });
    const route =
      (kind?: RelayEmail['kind']) =>
      async (event: OrdergrooveEvent): Promise<void> =>
        this.#handle(webhooks, event, kind);
    return webhooks.createWebhookHandler({
      secrets: this.relaySecrets(),
      store: this.#store,
      maxBodyBytes: 256 * 1024,
      on: {
        'order.reminder': route('reminder'),
        'subscription.cancel': route('winback'),
        'subscription.create': route(),
        'order.refresh_one_click_token': route(),
        'subscription.refresh_one_click_token': route(),
      },
      onError: (_error, context) => {
        this.errors.unshift(context);
        this.errors.length = Math.min(this.errors.length, MAX_KEPT);
      },
    });
  }

  /**
   * One route: reads the token and builds its links (a missing or unusable token is
   * recorded, not retried: a retry would carry the same one), emails when `kind` says so,
   * then keeps the token as the newest for its order or subscription. Throws only when
   * the "ESP" fails, so that Ordergroove retries.
   */
  async #handle(
    { actionTokenOf, buildActionUrl }: typeof Webhooks,
    event: OrdergrooveEvent,
    kind: RelayEmail['kind'] | undefined,
  ): Promise<void> {
    const eventId = text(event.id, '');
    const object = record(event.data?.object);
    const about = `${object.type === 'order' ? 'order' : 'subscription'}:${text(object.public_id, eventId)}`;
    const token = actionTokenOf(event);
    const specs = about.startsWith('order:')
      ? REMINDER_LINKS
      : object.live === false
        ? WINBACK_LINKS
        : REMINDER_LINKS.filter((link) => link.action === 'upsell');
    let links: EmailLink[] | undefined;
    try {
      links = specs.map(({ id, label, action, variant, ...params }) => ({
        id,
        label,
        action,
        variant,
        href: buildActionUrl(this.landingUrl, {
          token: token ?? '',
          action,
          ...params,
          in: 'fragment',
        }),
      }));
    } catch (error) {
      // No token, or one the landing page would refuse; anything else is a programmer error.
      if (!(error instanceof TypeError && /^buildActionUrl: token /.test(error.message)))
        throw error;
    }
    if (!token || !links) {
      this.#record(eventId, { outcome: 'no_token', about });
      return;
    }
    let emailId: string | undefined;
    if (kind) {
      if (this.espFailures > 0) {
        this.espFailures -= 1;
        throw new Error('the ESP refused the message');
      }
      emailId = `wh-${++this.#serial}`;
      const email = { ...emailOf(event, kind, token, about, links), receivedAt: Date.now() };
      this.emails.unshift({ ...email, id: emailId, unread: true });
      this.emails.length = Math.min(this.emails.length, MAX_EMAILS);
    }
    const created = Number.isInteger(event.created) ? Number(event.created) : 0;
    const held = this.tokens.get(about);
    if (!held || created >= held.created) {
      const replaced = (held?.replaced ?? 0) + (held && held.token !== token ? 1 : 0);
      this.tokens.delete(about);
      this.tokens.set(about, {
        about,
        token,
        type: text(event.type, ''),
        eventId,
        created,
        replaced,
        links,
      });
      bound(this.tokens);
    }
    this.#record(
      eventId,
      emailId ? { outcome: 'emailed', emailId, about } : { outcome: 'stored', about },
    );
  }

  #record(eventId: string, handled: Handled) {
    this.handled.set(eventId, handled);
    bound(this.handled);
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
