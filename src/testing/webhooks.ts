/**
 * The fake Ordergroove's outgoing webhooks: one target (the merchant's relay URL), its
 * verification keys and their rotation, Ordergroove-shaped events, and at-least-once
 * delivery over real HTTP as Ordergroove's documents describe it: retries with backoff,
 * a short timeout per attempt, duplicates, out-of-order arrivals, and a target that is
 * disabled when it keeps failing. Signing is og-oca/webhooks' own `signWebhook`.
 *
 * Key rotation is a three-state machine:
 *
 *     before ──startRotation──▶ rotating ──completeRotation──▶ after
 *       ▲                                                        │
 *       └───────────────────────────── reset ────────────────────┘
 *
 *     before     signed with the old key:   ts=…,sig=<old>
 *     rotating   the 24-hour window:         ts=…,sig=<new>,sig=<old>
 *     after      the new key only:           ts=…,sig=<new>
 */
import type { TokenEventType } from '../webhooks/event.js';
import { SIGNATURE_HEADER } from '../webhooks/header.js';
import { signWebhook } from '../webhooks/sign.js';
import type { FakeOrdergroove } from './model.js';

export const ROTATION_PHASES = ['before', 'rotating', 'after'] as const;
export type RotationPhase = (typeof ROTATION_PHASES)[number];
export type KeyRole = 'old' | 'new';
export type RotationStep = 'startRotation' | 'completeRotation' | 'reset';

/** Which keys sign in each phase, in header order (new first, like Ordergroove). */
export const SIGNING_KEYS: Readonly<Record<RotationPhase, readonly KeyRole[]>> = {
  before: ['old'],
  rotating: ['new', 'old'],
  after: ['new'],
};

/** step → [the phase it starts from (`'*'` = any), the phase it leads to]. */
export const ROTATION_STEPS: Readonly<
  Record<RotationStep, readonly [RotationPhase | '*', RotationPhase]>
> = {
  startRotation: ['before', 'rotating'],
  completeRotation: ['rotating', 'after'],
  reset: ['*', 'before'],
};

const MERCHANT = 'bb7a2c40e1d94f0c8a3e5d6b1f2c3a4e';
const CUSTOMER = {
  merchant_user_id: 'SAM-1042',
  first_name: 'Sam',
  last_name: 'Rivera',
  email: 'sam.rivera@mail.example',
};

/** Orders the reminders are about, in turn: `[product, name, detail, quantity, unit price]`. */
const ORDERS: Array<Array<[string, string, string, number, string]>> = [
  [
    ['ETH-YIRG-12', 'Ethiopia Yirgacheffe', 'Whole bean, 12 oz', 2, '18.00'],
    ['MORN-BLND-12', 'Morning Blend', 'Ground for drip, 12 oz', 1, '16.00'],
  ],
  [['DECAF-COL-12', 'Decaf Colombia', 'Whole bean, 12 oz', 1, '17.00']],
  [
    ['GUAT-HUE-12', 'Guatemala Huehuetenango', 'Whole bean, 12 oz', 1, '19.00'],
    ['ESPR-NOIR-12', 'Espresso Noir', 'Ground for espresso, 12 oz', 2, '17.50'],
  ],
];

const DAY_SECONDS = 86_400;

const randomHex = (length: number) =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2))))
    .toString('hex')
    .slice(0, length);

/** A new verification key, shaped like the ones Ordergroove's admin shows. */
export const newVerificationKey = () => `og_whk_${randomHex(40)}`;

/**
 * Serializes like Python's `json.dumps` defaults (`", "` and `": "`, non-ASCII as `\uXXXX`),
 * as Ordergroove's Python services send: a relay must verify the raw body, because
 * `JSON.stringify(JSON.parse(body))` is not the same bytes.
 */
export const pythonJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => `${pythonJson(key)}: ${pythonJson(member)}`);
    return `{${members.join(', ')}}`;
  }
  return String(JSON.stringify(value)).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
};

const isoDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The events that carry a 1-click token, as Ordergroove names them (og-oca/webhooks' `TokenEventType`, every one). */
export const EVENT_TYPES = [
  'order.reminder',
  'order.refresh_one_click_token',
  'subscription.create',
  'subscription.cancel',
  'subscription.refresh_one_click_token',
] as const satisfies readonly TokenEventType[];
// A type added to TokenEventType and not to the list above is a type error here.
const everyType: readonly (typeof EVENT_TYPES)[number][] = [] as TokenEventType[];
void everyType;
export type EventType = TokenEventType;

/** A new event id, shaped like Ordergroove's (20 characters). */
const eventId = () => randomHex(20);

/** What an event is about: an order (with its items) or a subscription, without its token. */
export interface EventSubject {
  object: Record<string, unknown> & { type: 'order' | 'subscription'; public_id: string };
  items?: Record<string, unknown>[];
}

/** A new order, one of the demo orders in turn. */
const newOrder = (created: number, serial: number): EventSubject => {
  const items = (ORDERS[serial % ORDERS.length] ?? []).map(
    ([product, name, detail, quantity, price]) => ({
      public_id: randomHex(32),
      product,
      name,
      detail,
      quantity,
      price,
      total_price: (quantity * Number(price)).toFixed(2),
    }),
  );
  const total = items.reduce((sum, item) => sum + Number(item.total_price), 0).toFixed(2);
  const object = {
    type: 'order' as const,
    merchant: MERCHANT,
    public_id: randomHex(32),
    customer: CUSTOMER.merchant_user_id,
    payment: randomHex(32),
    shipping_address: randomHex(32),
    sub_total: total,
    tax_total: '0.00',
    shipping_total: '0.00',
    discount_total: '0.00',
    total,
    created: created - 25 * DAY_SECONDS,
    place: isoDay(created + 3 * DAY_SECONDS),
    status: 1,
    status_display: 'Unsent',
  };
  return { object, items };
};

const newSubscription = (created: number): EventSubject => ({
  object: {
    type: 'subscription',
    merchant: MERCHANT,
    public_id: randomHex(32),
    customer: CUSTOMER.merchant_user_id,
    product: 'MORN-BLND-12',
    quantity: 2,
    frequency_days: 28,
    live: true,
    created: created - 90 * DAY_SECONDS,
  },
});

const newSubject = (type: EventType, created: number, serial: number) =>
  type.startsWith('order.') ? newOrder(created, serial) : newSubscription(created);

/**
 * An event as Ordergroove's webhooks send it by default: `id`, `type`, `created`,
 * `data.object` (the order or subscription, with its 1-click token in
 * `one_click_token`), `context`, and the customer (and items) in `snapshot`. `about`
 * names an order or subscription of an earlier event (a refresh, a cancellation); by
 * default it is a new one.
 */
export const ordergrooveEvent = ({
  type,
  token,
  serial = 0,
  now = Date.now(),
  about,
}: {
  type: EventType;
  token: string;
  /** Picks one of the demo orders. */
  serial?: number;
  /** Epoch milliseconds. */
  now?: number;
  about?: EventSubject | undefined;
}) => {
  const created = Math.floor(now / 1000);
  const subject = about ?? newSubject(type, created, serial);
  const cancelled =
    type === 'subscription.cancel'
      ? { live: false, cancelled: created, cancel_reason: 'Too much coffee' }
      : {};
  return {
    id: eventId(),
    type,
    created,
    data: { object: { ...subject.object, ...cancelled, one_click_token: token } },
    context: {},
    snapshot: { customer: { ...CUSTOMER }, ...(subject.items && { items: subject.items }) },
  };
};

/** An `order.reminder` (see `ordergrooveEvent`). */
export const orderReminderEvent = (options: { token: string; serial?: number; now?: number }) => {
  const event = ordergrooveEvent({ type: 'order.reminder', ...options });
  return event as typeof event & { snapshot: { items: Record<string, unknown>[] } };
};

/** One delivery attempt, as Ordergroove's admin would list it. */
export interface WebhookDelivery {
  /** 1, 2, 3… per target. */
  id: number;
  eventId: string;
  type: string;
  /** The `one_click_token` in the event. */
  token: string;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** A second delivery of an event the relay already took (at-least-once). */
  duplicate: boolean;
  /** Epoch milliseconds. */
  at: number;
  /** The rotation phase it was signed in. */
  phase: RotationPhase;
  /** The keys behind the `sig=` parts, in header order. */
  signedWith: KeyRole[];
  /** The `Ordergroove-Signature` value sent. */
  header: string;
  /** The raw body sent. */
  body: string;
  /** The relay's HTTP status; 0 when no answer came. */
  status: number;
  ok: boolean;
  /** The relay's answer: parsed JSON, else its text. */
  answer: unknown;
  /** Why no answer came (network error, timeout). */
  error?: string;
}

/** An event and what became of it. */
export interface WebhookEvent {
  id: string;
  type: EventType;
  token: string;
  /** The `public_id` of the order or subscription it is about. */
  about: string;
  /**
   * `pending` while an attempt is due; `delivered` after a 2xx; `failed` when every attempt
   * failed or the target was disabled meanwhile; `dropped` when the target was disabled
   * before the first attempt.
   */
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  /** Every attempt, first first. */
  attempts: WebhookDelivery[];
}

/**
 * Ordergroove's retry schedule: the wait before each retry, ms. Its documents: the first
 * retry about a minute after, the wait growing with each attempt up to 10 minutes, up to
 * 60 attempts over roughly 9 to 10 hours. Here: 1, 2, 4, 8 minutes, then every 10 minutes;
 * 60 attempts over 9 h 25 min.
 */
export const ORDERGROOVE_RETRY_SCHEDULE: readonly number[] = Array.from({ length: 59 }, (_, i) =>
  Math.min(60_000 * 2 ** i, 600_000),
);

/** How the fake delivers: Ordergroove's behaviour, with knobs for tests and the demo. */
export interface DeliveryOptions {
  /** The wait before each retry, ms; its length + 1 is the number of attempts. */
  schedule?: readonly number[];
  /** Every wait is multiplied by this (1 = real time; the demo uses 1/600: 10 min → 1 s). */
  timeScale?: number;
  /** How long one attempt waits for the relay, ms (not scaled); default 5000. */
  attemptTimeoutMs?: number;
  /** The chance that a delivered event is delivered once more, same id and body; default 0. */
  duplicateRate?: number;
  /** The chance that an event misses its first delivery run, so a later one overtakes it; default 0. */
  reorderRate?: number;
  /** Failed attempts in a row after which the target is disabled; default two full schedules. */
  disableAfter?: number;
  /** Numbers in [0, 1) for duplicates and reordering; default `Math.random`. */
  random?: () => number;
  /**
   * `true` (default): each attempt is signed when it is sent (a fresh `ts`). `false`: every
   * attempt repeats the first attempt's header, so a late retry carries an old `ts`
   * (Ordergroove does not say which it does).
   */
  resign?: boolean;
}

const MAX_DELIVERIES = 50;

export interface WebhookTargetOptions extends DeliveryOptions {
  /** Mints the events' action tokens. */
  fake: FakeOrdergroove;
  /** The relay's URL. */
  url: string;
  /** Default: two new random keys. */
  keys?: Partial<Record<KeyRole, string>>;
  fetch?: typeof globalThis.fetch;
  /** Epoch milliseconds. */
  now?: () => number;
}

/** The relay URL a merchant registered, its keys, and the deliveries to it. */
export class WebhookTarget {
  readonly url: string;
  readonly keys: Readonly<Record<KeyRole, string>>;
  /** Every attempt, newest first (at most 50 kept). */
  readonly deliveries: WebhookDelivery[] = [];
  readonly #fake: FakeOrdergroove;
  readonly #fetch: typeof globalThis.fetch;
  readonly #now: () => number;
  readonly #options: Required<DeliveryOptions>;
  /** Attempts due or under way, per event. */
  readonly #timers = new Map<ReturnType<typeof setTimeout>, WebhookEvent>();
  readonly #inFlight = new Map<WebhookEvent, number>();
  readonly #waiters = new Set<() => boolean>();
  readonly #pending = new Set<WebhookEvent>();
  /** The signed body and the header of the first attempt, per event. */
  readonly #signed = new WeakMap<WebhookEvent, { body: string; sent: string; header?: string }>();
  /** Events delivered twice on purpose (`emit(…, { twice: true })`). */
  readonly #twice = new WeakSet<WebhookEvent>();
  /** The orders and subscriptions events were about, oldest first, with their current token. */
  readonly #subjects = new Map<string, EventSubject & { token: string }>();
  #phase: RotationPhase = 'before';
  #enabled = true;
  #failuresInRow = 0;
  #events = 0;
  #attempts = 0;

  constructor({ fake, url, keys = {}, fetch, now, ...options }: WebhookTargetOptions) {
    this.url = url;
    this.keys = { old: keys.old ?? newVerificationKey(), new: keys.new ?? newVerificationKey() };
    this.#fake = fake;
    this.#fetch = fetch ?? globalThis.fetch;
    this.#now = now ?? Date.now;
    const schedule = options.schedule ?? ORDERGROOVE_RETRY_SCHEDULE;
    this.#options = {
      schedule,
      timeScale: options.timeScale ?? 1,
      attemptTimeoutMs: options.attemptTimeoutMs ?? 5000,
      duplicateRate: options.duplicateRate ?? 0,
      reorderRate: options.reorderRate ?? 0,
      disableAfter: options.disableAfter ?? 2 * (schedule.length + 1),
      random: options.random ?? Math.random,
      resign: options.resign ?? true,
    };
  }

  get phase(): RotationPhase {
    return this.#phase;
  }

  /** How many times an event is attempted at most. */
  get maxAttempts(): number {
    return this.#options.schedule.length + 1;
  }

  /** False once the target kept failing (`disableAfter` attempts in a row); see `enable()`. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** The keys Ordergroove signs with now, in header order. */
  signingSecrets(): string[] {
    return SIGNING_KEYS[this.#phase].map((role) => this.keys[role]);
  }

  /** Takes a rotation step; false (and no change) when it does not start from this phase. */
  apply(step: RotationStep): boolean {
    const transition = Object.hasOwn(ROTATION_STEPS, step) ? ROTATION_STEPS[step] : undefined;
    if (!transition || (transition[0] !== '*' && transition[0] !== this.#phase)) return false;
    this.#phase = transition[1];
    return true;
  }

  /** The merchant turns a disabled target back on. Events dropped meanwhile stay dropped. */
  enable(): void {
    this.#enabled = true;
    this.#failuresInRow = 0;
  }

  /**
   * An event happens: a token is minted (unless given), the event is built and queued. It
   * is delivered at least once, retried on the schedule until a 2xx. A refresh or a
   * cancellation is about the latest order or subscription unless `about` names one (a
   * `public_id`); other events are about a new one. `twice` delivers it once more after its
   * delivery (a duplicate); `tamper` changes the body after signing (a forged delivery).
   */
  emit(
    type: EventType = 'order.reminder',
    {
      token,
      about,
      twice,
      tamper,
    }: { token?: string; about?: string; twice?: boolean; tamper?: (body: string) => string } = {},
  ): WebhookEvent {
    const minted = token ?? this.#fake.mint();
    const now = this.#now();
    const kind = type.split('.')[0];
    const latest = /refresh|cancel/.test(type)
      ? [...this.#subjects.values()].reverse().find((known) => known.object.type === kind)
      : undefined;
    const subject =
      (about && this.#subjects.get(about)) ||
      latest ||
      newSubject(type, Math.floor(now / 1000), this.#events++);
    const built = ordergrooveEvent({ type, token: minted, now, about: subject });
    const { public_id } = subject.object;
    this.#subjects.delete(public_id);
    this.#subjects.set(public_id, { ...subject, token: minted });
    for (const old of this.#subjects.keys()) {
      if (this.#subjects.size <= MAX_DELIVERIES) break;
      this.#subjects.delete(old);
    }
    const event: WebhookEvent = {
      id: built.id,
      type,
      token: minted,
      about: public_id,
      state: 'pending',
      attempts: [],
    };
    const body = pythonJson(built);
    this.#signed.set(event, { body, sent: tamper ? tamper(body) : body });
    if (twice) this.#twice.add(event);
    if (!this.#enabled) {
      event.state = 'dropped';
      return event;
    }
    this.#pending.add(event);
    const { random, reorderRate, schedule } = this.#options;
    const late = random() < reorderRate ? (schedule[0] ?? 0) : 0;
    this.#later(late, event);
    return event;
  }

  /**
   * Ordergroove's answer to a used token: for each order or subscription whose current
   * token was used at the API, a `*.refresh_one_click_token` event with a new one. Resolves
   * with their first attempts.
   */
  async refreshUsed(): Promise<WebhookDelivery[]> {
    const events = [...this.#subjects]
      .filter(([, subject]) => this.#fake.inspect(subject.token)?.state === 'used')
      .map(([about, subject]) =>
        this.emit(`${subject.object.type}.refresh_one_click_token`, { about }),
      );
    const first = await Promise.all(events.map((event) => this.attempt(event)));
    return first.filter((delivery) => delivery !== undefined);
  }

  /** Attempt `n` (1 = the first) of `event`, once made; `undefined` if it never will be. */
  attempt(event: WebhookEvent, n = 1): Promise<WebhookDelivery | undefined> {
    return this.#until(() => {
      if (event.attempts[n - 1]) return event.attempts[n - 1];
      return this.#inFlight.get(event) ? undefined : null;
    }).then((found) => found ?? undefined);
  }

  /** The event once it is delivered, failed or dropped. */
  settled(event: WebhookEvent): Promise<WebhookEvent> {
    return this.#until(() => (event.state === 'pending' ? undefined : event));
  }

  /** Cancels every attempt not yet made (the events stay as they are). */
  close(): void {
    for (const [timer, event] of this.#timers) {
      clearTimeout(timer);
      this.#count(event, -1);
    }
    this.#timers.clear();
    this.#notify();
  }

  #count(event: WebhookEvent, change: number) {
    const left = (this.#inFlight.get(event) ?? 0) + change;
    if (left > 0) this.#inFlight.set(event, left);
    else this.#inFlight.delete(event);
  }

  /** Attempts `event` after `ms` (scaled). */
  #later(ms: number, event: WebhookEvent, duplicate = false) {
    this.#count(event, 1);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#attempt(event, duplicate)
        .catch((error: unknown) => console.error('fake Ordergroove webhooks:', error))
        .finally(() => {
          this.#count(event, -1);
          this.#notify();
        });
    }, ms * this.#options.timeScale);
    timer.unref?.();
    this.#timers.set(timer, event);
  }

  #until<T>(value: () => T | undefined): Promise<T> {
    const ready = value();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      this.#waiters.add(() => {
        const found = value();
        if (found !== undefined) resolve(found);
        return found !== undefined;
      });
    });
  }

  #notify() {
    for (const check of this.#waiters) if (check()) this.#waiters.delete(check);
  }

  /** One POST of `event`; then a retry, a duplicate, or nothing. */
  async #attempt(event: WebhookEvent, duplicate = false): Promise<void> {
    const signed = this.#signed.get(event);
    if (!signed) return;
    const at = this.#now();
    const signedWith = [...SIGNING_KEYS[this.#phase]];
    const header =
      (!this.#options.resign && signed.header) ||
      (await signWebhook({
        body: signed.body,
        secrets: signedWith.map((role) => this.keys[role]),
        ts: Math.floor(at / 1000),
      }));
    signed.header ??= header;
    const delivery: WebhookDelivery = {
      id: ++this.#attempts,
      eventId: event.id,
      type: event.type,
      token: event.token,
      attempt: event.attempts.length + 1,
      duplicate,
      at,
      phase: this.#phase,
      signedWith,
      header,
      body: signed.sent,
      status: 0,
      ok: false,
      answer: undefined,
    };
    const timeout = this.#options.attemptTimeoutMs;
    try {
      const response = await this.#fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Ordergroove-Webhooks/2.0 (fake)',
          [SIGNATURE_HEADER]: header,
        },
        body: signed.sent,
        signal: AbortSignal.timeout(timeout),
      });
      const text = await response.text();
      delivery.status = response.status;
      delivery.ok = response.ok;
      try {
        delivery.answer = JSON.parse(text);
      } catch {
        delivery.answer = text;
      }
    } catch (error) {
      delivery.error =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${timeout} ms`
          : 'could not connect to the relay';
    }
    event.attempts.push(delivery);
    this.deliveries.unshift(delivery);
    this.deliveries.length = Math.min(this.deliveries.length, MAX_DELIVERIES);
    this.#settle(event, delivery);
    if (event.state !== 'pending') this.#pending.delete(event);
    this.#notify();
  }

  #settle(event: WebhookEvent, delivery: WebhookDelivery) {
    const { schedule, disableAfter, duplicateRate, random } = this.#options;
    if (delivery.ok) {
      this.#failuresInRow = 0;
      if (delivery.duplicate || event.state === 'delivered') return;
      event.state = 'delivered';
      if (this.#twice.has(event) || random() < duplicateRate) {
        this.#later(schedule[0] ?? 0, event, true);
      }
      return;
    }
    if (delivery.duplicate || event.state !== 'pending') return;
    this.#failuresInRow += 1;
    const wait = schedule[delivery.attempt - 1];
    if (this.#failuresInRow >= disableAfter) {
      this.#enabled = false;
      this.close();
      for (const pending of this.#pending) pending.state = 'failed';
      this.#pending.clear();
    } else if (wait !== undefined) this.#later(wait, event);
    else event.state = 'failed';
  }
}

/** Creates a webhook target. */
export const createWebhookTarget = (options: WebhookTargetOptions) => new WebhookTarget(options);
