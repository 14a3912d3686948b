// Generated from the JSDoc in webhooks.mjs; regenerate with the command in demo/README.md.
/**
 * Creates a webhook target: the relay URL a merchant registered with Ordergroove, and
 * the keys Ordergroove signs its deliveries with.
 * @param {object} options
 * @param {FakeOrdergroove} options.fake Mints the events' action tokens.
 * @param {string} options.url The relay's URL.
 * @param {Partial<Record<KeyRole, string>>} [options.keys] Default: two new random keys.
 * @param {typeof globalThis.fetch} [options.fetch]
 * @param {() => number} [options.now] Epoch milliseconds.
 * @param {number} [options.timeoutMs] How long to wait for the relay; default 10000.
 * @returns {WebhookTarget}
 */
export function createWebhookTarget({
  fake,
  url,
  keys,
  fetch,
  now,
  timeoutMs,
}: {
  fake: FakeOrdergroove;
  url: string;
  keys?: Partial<Record<KeyRole, string>> | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  now?: (() => number) | undefined;
  timeoutMs?: number | undefined;
}): WebhookTarget;
/**
 * The fake Ordergroove's outgoing webhooks: one webhook target (the merchant's relay URL),
 * its verification keys and their rotation, and deliveries over real HTTP.
 *
 * Signing goes through `signWebhook` from the built `dist/webhooks.mjs` (`npm run build`),
 * imported as `og-oca/webhooks`, so the demo exercises the same code a store ships.
 *
 * Key rotation is a three-state machine (DESIGN.md "Webhooks"):
 *
 *     before ──startRotation──▶ rotating ──completeRotation──▶ after
 *       ▲                                                        │
 *       └───────────────────────────── reset ────────────────────┘
 *
 *     before     Ordergroove signs with the old key:   ts=…,sig=<old>
 *     rotating   the 24-hour window, both keys:         ts=…,sig=<new>,sig=<old>
 *     after      the new key only:                      ts=…,sig=<new>
 */
/** @typedef {import('./model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {'before' | 'rotating' | 'after'} RotationPhase */
/** @typedef {'old' | 'new'} KeyRole */
/** @typedef {'startRotation' | 'completeRotation' | 'reset'} RotationStep */
/** The phases, in order. */
export const ROTATION_PHASES: readonly ['before', 'rotating', 'after'];
/**
 * Which keys sign in each phase, in header order (new first, like Ordergroove).
 * @type {Readonly<Record<RotationPhase, readonly KeyRole[]>>}
 */
export const SIGNING_KEYS: Readonly<Record<RotationPhase, readonly KeyRole[]>>;
/**
 * The transitions: step → [the phase it starts from (`'*'` = any), the phase it leads to].
 * @type {Readonly<Record<RotationStep, readonly [RotationPhase | '*', RotationPhase]>>}
 */
export const ROTATION_STEPS: Readonly<
  Record<RotationStep, readonly [RotationPhase | '*', RotationPhase]>
>;
export function newVerificationKey(): string;
export function pythonJson(value: unknown): string;
export function orderReminderEvent({
  token,
  serial,
  now,
}: {
  token: string;
  serial?: number | undefined;
  now?: number | undefined;
}): {
  id: string;
  type: string;
  created: number;
  data: {
    object: {
      type: string;
      merchant: string;
      public_id: string;
      customer: string;
      payment: string;
      shipping_address: string;
      sub_total: string;
      tax_total: string;
      shipping_total: string;
      discount_total: string;
      total: string;
      created: number;
      place: string;
      status: number;
      status_display: string;
      one_click_token: string;
    };
  };
  context: Record<string, unknown>;
  snapshot: {
    customer: {
      merchant_user_id: string;
      first_name: string;
      last_name: string;
      email: string;
    };
    items: {
      public_id: string;
      product: string;
      name: string;
      detail: string;
      quantity: number;
      price: string;
      total_price: string;
    }[];
  };
};
export function loadWebhooks(): Promise<typeof import('og-oca/webhooks')>;
export type FakeOrdergroove = import('./model.mjs').FakeOrdergroove;
export type RotationPhase = 'before' | 'rotating' | 'after';
export type KeyRole = 'old' | 'new';
export type RotationStep = 'startRotation' | 'completeRotation' | 'reset';
/**
 * One delivery attempt, as Ordergroove's admin would list it.
 */
export type WebhookDelivery = {
  /**
   * 1, 2, 3… per target.
   */
  id: number;
  eventId: string;
  type: string;
  /**
   * The `one_click_token` in the event.
   */
  token: string;
  /**
   * Epoch milliseconds.
   */
  at: number;
  /**
   * The rotation phase it was signed in.
   */
  phase: RotationPhase;
  /**
   * The keys behind the `sig=` parts, in header order.
   */
  signedWith: KeyRole[];
  /**
   * The `Ordergroove-Signature` value sent.
   */
  header: string;
  /**
   * The raw body sent.
   */
  body: string;
  /**
   * The relay's HTTP status; 0 when no answer came.
   */
  status: number;
  /**
   * A 2xx answer.
   */
  ok: boolean;
  /**
   * The relay's answer: parsed JSON, else its text.
   */
  answer: unknown;
  /**
   * Why no answer came (network error, timeout).
   */
  error?: string | undefined;
};
export type WebhookTarget = {
  /**
   * Where deliveries are POSTed (the merchant's relay).
   */
  url: string;
  /**
   * The old and the new verification key.
   */
  keys: Readonly<Record<KeyRole, string>>;
  phase: RotationPhase;
  /**
   * The keys Ordergroove signs with now, in header order.
   */
  signingSecrets: () => string[];
  /**
   * Takes a step of the state machine; false
   * (and no change) when the step does not start from the current phase.
   */
  apply: (step: RotationStep) => boolean;
  /**
   *   Mints a token, builds an `order.reminder`, signs it and POSTs it; `tamper` changes the
   *   body after signing (a forged or corrupted delivery, for tests).
   */
  deliver: (options?: { tamper?: (body: string) => string }) => Promise<WebhookDelivery>;
  /**
   * Newest first (at most 50 kept).
   */
  deliveries: WebhookDelivery[];
};
