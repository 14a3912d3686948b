// @ts-check
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
export const ROTATION_PHASES = /** @type {const} */ (['before', 'rotating', 'after']);

/**
 * Which keys sign in each phase, in header order (new first, like Ordergroove).
 * @type {Readonly<Record<RotationPhase, readonly KeyRole[]>>}
 */
export const SIGNING_KEYS = Object.freeze({
  before: ['old'],
  rotating: ['new', 'old'],
  after: ['new'],
});

/**
 * The transitions: step → [the phase it starts from (`'*'` = any), the phase it leads to].
 * @type {Readonly<Record<RotationStep, readonly [RotationPhase | '*', RotationPhase]>>}
 */
export const ROTATION_STEPS = Object.freeze({
  startRotation: ['before', 'rotating'],
  completeRotation: ['rotating', 'after'],
  reset: ['*', 'before'],
});

/** The merchant and subscriber every demo event is about. */
const MERCHANT = 'bb7a2c40e1d94f0c8a3e5d6b1f2c3a4e';
const CUSTOMER = {
  merchant_user_id: 'SAM-1042',
  first_name: 'Sam',
  last_name: 'Rivera',
  email: 'sam.rivera@mail.example',
};

/**
 * Orders the fake reminds about, in turn, so successive emails differ.
 * `[product id, name, detail, quantity, unit price]`
 * @type {Array<Array<[string, string, string, number, string]>>}
 */
const ORDERS = [
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

/** @param {number} length */
const randomHex = (length) =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2))), (byte) =>
    byte.toString(16).padStart(2, '0'),
  )
    .join('')
    .slice(0, length);

/** A new verification key, shaped like the ones Ordergroove's admin shows. */
export const newVerificationKey = () => `og_whk_${randomHex(40)}`;

/**
 * Serializes like Python's `json.dumps` with its defaults (`", "` and `": "` separators,
 * non-ASCII escaped as `\uXXXX`), which is what Ordergroove's Python services send — and
 * the reason a relay must verify the raw body: `JSON.stringify(JSON.parse(body))` is not
 * the same bytes.
 * @param {unknown} value
 * @returns {string}
 */
export const pythonJson = (value) => {
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

/** @param {number} seconds */
const isoDay = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * An `order.reminder` event as Ordergroove's webhooks 2.0 send it: the default payload
 * (`id`, `type`, `created`, `data.object`, `context`) with the customer and items in
 * `snapshot`, and the order's 1-click action token in `data.object.one_click_token`.
 * @param {object} options
 * @param {string} options.token The action token (minted by the fake API).
 * @param {number} [options.serial] Picks one of the demo orders.
 * @param {number} [options.now] Epoch milliseconds.
 */
export const orderReminderEvent = ({ token, serial = 0, now = Date.now() }) => {
  const created = Math.floor(now / 1000);
  const lines = ORDERS[serial % ORDERS.length] ?? [];
  const items = lines.map(([product, name, detail, quantity, price]) => ({
    public_id: randomHex(32),
    product,
    name,
    detail,
    quantity,
    price,
    total_price: (quantity * Number(price)).toFixed(2),
  }));
  const subTotal = items.reduce((sum, item) => sum + Number(item.total_price), 0).toFixed(2);
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
        sub_total: subTotal,
        tax_total: '0.00',
        shipping_total: '0.00',
        discount_total: '0.00',
        total: subTotal,
        created: created - 25 * DAY_SECONDS,
        place: isoDay(created + 3 * DAY_SECONDS),
        status: 1,
        status_display: 'Unsent',
        one_click_token: token,
      },
    },
    context: /** @type {Record<string, unknown>} */ ({}),
    snapshot: { customer: { ...CUSTOMER }, items },
  };
};

/**
 * One delivery attempt, as Ordergroove's admin would list it.
 * @typedef {object} WebhookDelivery
 * @property {number} id 1, 2, 3… per target.
 * @property {string} eventId
 * @property {string} type
 * @property {string} token The `one_click_token` in the event.
 * @property {number} at Epoch milliseconds.
 * @property {RotationPhase} phase The rotation phase it was signed in.
 * @property {KeyRole[]} signedWith The keys behind the `sig=` parts, in header order.
 * @property {string} header The `Ordergroove-Signature` value sent.
 * @property {string} body The raw body sent.
 * @property {number} status The relay's HTTP status; 0 when no answer came.
 * @property {boolean} ok A 2xx answer.
 * @property {unknown} answer The relay's answer: parsed JSON, else its text.
 * @property {string} [error] Why no answer came (network error, timeout).
 */

/**
 * @typedef {object} WebhookTarget
 * @property {string} url Where deliveries are POSTed (the merchant's relay).
 * @property {Readonly<Record<KeyRole, string>>} keys The old and the new verification key.
 * @property {RotationPhase} phase
 * @property {() => string[]} signingSecrets The keys Ordergroove signs with now, in header order.
 * @property {(step: RotationStep) => boolean} apply Takes a step of the state machine; false
 *   (and no change) when the step does not start from the current phase.
 * @property {(options?: { tamper?: (body: string) => string }) => Promise<WebhookDelivery>} deliver
 *   Mints a token, builds an `order.reminder`, signs it and POSTs it; `tamper` changes the
 *   body after signing (a forged or corrupted delivery, for tests).
 * @property {WebhookDelivery[]} deliveries Newest first (at most 50 kept).
 */

/** @type {Promise<typeof import('og-oca/webhooks')> | undefined} */
let webhooksModule;

/**
 * Loads the built `og-oca/webhooks` — `dist/webhooks.mjs`, through the package's own
 * `exports` (Node resolves a package's own name), exactly as a store imports it — or
 * explains how to build it. Lazy, so the rest of the demo runs without a build.
 */
export const loadWebhooks = () => {
  webhooksModule ??= import('og-oca/webhooks').catch((error) => {
    webhooksModule = undefined;
    throw new Error(
      'The demo signs and verifies webhooks with dist/webhooks.mjs, which is not built: run `npm run build`.',
      { cause: error },
    );
  });
  return webhooksModule;
};

const MAX_DELIVERIES = 50;

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
  keys = {},
  fetch = globalThis.fetch,
  now = Date.now,
  timeoutMs = 10_000,
}) {
  const allKeys = Object.freeze({
    old: keys.old ?? newVerificationKey(),
    new: keys.new ?? newVerificationKey(),
  });
  /** @type {RotationPhase} */
  let phase = 'before';
  /** @type {WebhookDelivery[]} */
  const deliveries = [];
  let serial = 0;

  /** @type {WebhookTarget} */
  const target = {
    url,
    keys: allKeys,
    get phase() {
      return phase;
    },
    signingSecrets: () => SIGNING_KEYS[phase].map((role) => allKeys[role]),
    apply: (step) => {
      const transition = ROTATION_STEPS[step];
      if (!transition) return false;
      const [from, to] = transition;
      if (from !== '*' && from !== phase) return false;
      phase = to;
      return true;
    },
    deliver: async ({ tamper } = {}) => {
      const { signWebhook, SIGNATURE_HEADER } = await loadWebhooks();
      serial += 1;
      const at = now();
      const token = fake.mint();
      const event = orderReminderEvent({ token, serial: serial - 1, now: at });
      const signed = pythonJson(event);
      const signedWith = [...SIGNING_KEYS[phase]];
      const header = await signWebhook({
        body: signed,
        secrets: signedWith.map((role) => allKeys[role]),
        ts: Math.floor(at / 1000),
      });
      const body = tamper ? tamper(signed) : signed;
      /** @type {WebhookDelivery} */
      const delivery = {
        id: serial,
        eventId: event.id,
        type: event.type,
        token,
        at,
        phase,
        signedWith,
        header,
        body,
        status: 0,
        ok: false,
        answer: undefined,
      };
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Ordergroove-Webhooks/2.0 (fake)',
            [SIGNATURE_HEADER]: header,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
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
            ? `no answer within ${timeoutMs} ms`
            : 'could not connect to the relay';
      }
      deliveries.unshift(delivery);
      deliveries.length = Math.min(deliveries.length, MAX_DELIVERIES);
      return delivery;
    },
    deliveries,
  };
  return target;
}
