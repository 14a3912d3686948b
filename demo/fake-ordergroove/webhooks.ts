/**
 * The fake Ordergroove's outgoing webhooks: one target (the merchant's relay URL), its
 * verification keys and their rotation, Ordergroove-shaped events, and deliveries over
 * real HTTP. Signing goes through the built `og-oca/webhooks` (`npm run build`), the
 * same module a store ships.
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
import type * as Webhooks from '../../src/webhooks/index.ts';
import type { FakeOrdergroove } from './model.ts';

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

/**
 * An `order.reminder` as Ordergroove's webhooks 2.0 send it: `id`, `type`, `created`,
 * `data.object` (the order, with its 1-click token in `one_click_token`), `context`, and
 * the customer and items in `snapshot`.
 */
export const orderReminderEvent = ({
  token,
  serial = 0,
  now = Date.now(),
}: {
  token: string;
  /** Picks one of the demo orders. */
  serial?: number;
  /** Epoch milliseconds. */
  now?: number;
}) => {
  const created = Math.floor(now / 1000);
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
  return {
    id: randomHex(20),
    type: 'order.reminder',
    created,
    data: {
      object: {
        type: 'order',
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
        one_click_token: token,
      },
    },
    context: {},
    snapshot: { customer: { ...CUSTOMER }, items },
  };
};

/** One delivery attempt, as Ordergroove's admin would list it. */
export interface WebhookDelivery {
  /** 1, 2, 3… per target. */
  id: number;
  eventId: string;
  type: string;
  /** The `one_click_token` in the event. */
  token: string;
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

/** Loads the built `og-oca/webhooks` (dist/webhooks.mjs) through the package's own exports. */
let webhooksModule: Promise<typeof Webhooks> | undefined;
export const loadWebhooks = (): Promise<typeof Webhooks> => {
  // A variable specifier: type-checking needs no build; the types come from src.
  const specifier = 'og-oca/webhooks';
  webhooksModule ??= (import(specifier) as Promise<typeof Webhooks>).catch((error: unknown) => {
    webhooksModule = undefined;
    throw new Error(
      'The demo signs and verifies webhooks with dist/webhooks.mjs, which is not built: run `npm run build`.',
      { cause: error },
    );
  });
  return webhooksModule;
};

const MAX_DELIVERIES = 50;

export interface WebhookTargetOptions {
  /** Mints the events' action tokens. */
  fake: FakeOrdergroove;
  /** The relay's URL. */
  url: string;
  /** Default: two new random keys. */
  keys?: Partial<Record<KeyRole, string>>;
  fetch?: typeof globalThis.fetch;
  /** Epoch milliseconds. */
  now?: () => number;
  /** How long one attempt waits for the relay, ms; default 5000 (Ordergroove's). */
  timeoutMs?: number;
}

/** The relay URL a merchant registered, and the keys Ordergroove signs deliveries with. */
export class WebhookTarget {
  readonly url: string;
  readonly keys: Readonly<Record<KeyRole, string>>;
  /** Newest first (at most 50 kept). */
  readonly deliveries: WebhookDelivery[] = [];
  #phase: RotationPhase = 'before';
  #serial = 0;
  readonly #fake: FakeOrdergroove;
  readonly #fetch: typeof globalThis.fetch;
  readonly #now: () => number;
  readonly #timeoutMs: number;

  constructor({ fake, url, keys = {}, fetch, now, timeoutMs = 5000 }: WebhookTargetOptions) {
    this.url = url;
    this.keys = { old: keys.old ?? newVerificationKey(), new: keys.new ?? newVerificationKey() };
    this.#fake = fake;
    this.#fetch = fetch ?? globalThis.fetch;
    this.#now = now ?? Date.now;
    this.#timeoutMs = timeoutMs;
  }

  get phase(): RotationPhase {
    return this.#phase;
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

  /**
   * Mints a token, builds an `order.reminder`, signs it and POSTs it once; `tamper`
   * changes the body after signing (a forged or corrupted delivery, for tests).
   */
  async deliver({ tamper }: { tamper?: (body: string) => string } = {}): Promise<WebhookDelivery> {
    const { signWebhook, SIGNATURE_HEADER } = await loadWebhooks();
    this.#serial += 1;
    const at = this.#now();
    const token = this.#fake.mint();
    const event = orderReminderEvent({ token, serial: this.#serial - 1, now: at });
    const signed = pythonJson(event);
    const signedWith = [...SIGNING_KEYS[this.#phase]];
    const header = await signWebhook({
      body: signed,
      secrets: signedWith.map((role) => this.keys[role]),
      ts: Math.floor(at / 1000),
    });
    const body = tamper ? tamper(signed) : signed;
    const delivery: WebhookDelivery = {
      id: this.#serial,
      eventId: event.id,
      type: event.type,
      token,
      at,
      phase: this.#phase,
      signedWith,
      header,
      body,
      status: 0,
      ok: false,
      answer: undefined,
    };
    try {
      const response = await this.#fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Ordergroove-Webhooks/2.0 (fake)',
          [SIGNATURE_HEADER]: header,
        },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
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
          ? `no answer within ${this.#timeoutMs} ms`
          : 'could not connect to the relay';
    }
    this.deliveries.unshift(delivery);
    this.deliveries.length = Math.min(this.deliveries.length, MAX_DELIVERIES);
    return delivery;
  }
}

/** Creates a webhook target. */
export const createWebhookTarget = (options: WebhookTargetOptions) => new WebhookTarget(options);
