/** Receiving Ordergroove's deliveries: verify, recognise duplicates, route, answer. */

import { refusal, reply } from './answer.js';
import { within } from './deadline.js';
import type { OrdergrooveEvent } from './event.js';
import type {
  WebhookErrorContext,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookListener,
} from './handler-options.js';
import { SIGNATURE_HEADER } from './header.js';
import { sha256Hex } from './hmac.js';
import { memoryStore } from './memory-store.js';
import { secretList } from './secrets.js';
import type { ClaimResult, WebhookStore } from './store.js';
import { tolerance, type VerifiedDelivery, verifyTaken } from './verify.js';
import { WebhookVerificationError } from './WebhookVerificationError.js';

/** Default tolerance of the handler: 12 hours (docs/decisions.md, "Webhooks"). */
const TOLERANCE_SECONDS = 12 * 60 * 60;

/** Default lease of a claim: 2 minutes (renewed every third of it while the route runs). */
const LEASE_MS = 120_000;

/** Default deadline of one store call: 2 s, well inside Ordergroove's ~5 s attempt timeout. */
const STORE_TIMEOUT_MS = 2000;

/** Shortest time a handled event is remembered (or twice the tolerance, if longer): outlasts Ordergroove's retries. */
const KEEP_SECONDS = 24 * 60 * 60;

/** Default largest body: 1 MiB (Ordergroove's events are a few KB). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Longest event id used as a store key as it is; a longer one is replaced by the body's hash. */
const MAX_ID_LENGTH = 256;

const defaultOnError = (error: unknown, { stage }: WebhookErrorContext): void => {
  if (stage === 'handler') {
    console.error(
      'og-oca/webhooks: a webhook handler threw; answered 500 so that Ordergroove retries the ' +
        'delivery. Pass onError to createWebhookHandler to see the error.',
    );
  } else if (stage === 'secrets') {
    console.error(
      `og-oca/webhooks: every delivery is answered 500 until this is fixed: ${(error as Error).message}`,
    );
  } else {
    console.error(
      `og-oca/webhooks: the ${stage === 'store' ? 'store' : 'receiver'} failed:`,
      error,
    );
  }
};

/** Reads a positive number of milliseconds; programmer errors throw `RangeError`. */
const millis = (value: unknown, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `createWebhookHandler: ${name} must be a positive number of milliseconds.`,
    );
  }
  return value;
};

/** Reads the body, at most `max` bytes, into one buffer; `undefined` when it is longer. */
const readBody = async (
  body: ReadableStream<Uint8Array>,
  max: number,
): Promise<Uint8Array | undefined> => {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
};

/** The store key of a delivery: the event's id, else the SHA-256 of the raw body. */
const storeKey = async ({ event, raw }: VerifiedDelivery): Promise<string> => {
  const id = event.id;
  if ((typeof id === 'string' && id !== '' && id.length <= MAX_ID_LENGTH) || Number.isInteger(id))
    return `id:${id}`;
  return `sha256:${await sha256Hex(raw)}`;
};

class WebhookReceiver {
  readonly #secrets: WebhookHandlerOptions['secrets'];
  /** The checked keys, once a `secrets` value (not a function) has been read. */
  #fixedSecrets: readonly string[] | undefined;
  /** True once a problem with the secrets was reported (it is reported once). */
  #secretsReported = false;
  readonly #routes = new Map<string, WebhookListener>();
  readonly #store: WebhookStore;
  readonly #storeTimeoutMs: number;
  readonly #leaseMs: number;
  readonly #tolerance: number;
  readonly #keepMs: number;
  readonly #maxBytes: number;
  readonly #onError: (error: unknown, context: WebhookErrorContext) => void;

  constructor(options: WebhookHandlerOptions) {
    const caller = 'createWebhookHandler';
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`${caller}: pass an options object { secrets, on }.`);
    }
    this.#secrets = options.secrets;
    const { on } = options;
    if (typeof on !== 'object' || on === null) {
      throw new TypeError(
        `${caller}: on must map event types to handlers, e.g. { 'order.reminder': async (event) => … }.`,
      );
    }
    for (const type of Object.keys(on)) {
      const listener = on[type];
      if (listener === undefined) continue;
      if (typeof listener !== 'function') {
        throw new TypeError(`${caller}: on[${JSON.stringify(type)}] must be a function.`);
      }
      this.#routes.set(type, listener as WebhookListener);
    }
    if (this.#routes.size === 0) {
      throw new TypeError(`${caller}: on has no handler, so every event would be ignored.`);
    }
    const store = options.store ?? memoryStore();
    const methods = ['claim', 'renew', 'complete', 'release'] as const;
    if (!methods.every((name) => typeof store[name] === 'function')) {
      throw new TypeError(
        `${caller}: store must have claim, renew, complete and release (see memoryStore, redisStore).`,
      );
    }
    this.#store = store;
    this.#storeTimeoutMs = millis(options.storeTimeoutMs, 'storeTimeoutMs', STORE_TIMEOUT_MS);
    this.#leaseMs = millis(options.leaseMs, 'leaseMs', LEASE_MS);
    this.#tolerance = tolerance(options.toleranceSeconds, caller, TOLERANCE_SECONDS);
    if (!Number.isFinite(this.#tolerance)) {
      throw new RangeError(
        `${caller}: toleranceSeconds must be finite: a delivery the clock accepts must still be remembered by the store.`,
      );
    }
    this.#keepMs = Math.max(KEEP_SECONDS, 2 * this.#tolerance) * 1000;
    this.#maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    if (!Number.isInteger(this.#maxBytes) || this.#maxBytes < 1) {
      throw new RangeError(`${caller}: maxBodyBytes must be a whole number of at least 1.`);
    }
    const { onError = defaultOnError } = options;
    if (typeof onError !== 'function')
      throw new TypeError(`${caller}: onError must be a function.`);
    this.#onError = onError;
  }

  /** Answers one request; never rejects. */
  async handle(request: Request): Promise<Response> {
    try {
      return await this.#receive(request);
    } catch (error) {
      this.#report(error, { stage: 'internal', type: '', key: '' });
      return refusal(500, 'internal_error', 'The receiver failed; Ordergroove will retry.');
    }
  }

  #report(error: unknown, context: WebhookErrorContext): void {
    try {
      this.#onError(error, context);
    } catch {
      // A failing reporter must not change the answer.
    }
  }

  /** The keys to verify with, or the 500 answer that says why there are none. */
  #keys(): readonly string[] | Response {
    if (this.#fixedSecrets) return this.#fixedSecrets;
    const given = this.#secrets;
    try {
      let value: unknown = given;
      if (typeof given === 'function') {
        try {
          value = given();
        } catch (error) {
          throw new Error(
            "createWebhookHandler: the secrets function threw (its error is this error's cause).",
            { cause: error },
          );
        }
      }
      const keys = secretList(value, 'createWebhookHandler');
      if (typeof given !== 'function') this.#fixedSecrets = keys;
      return keys;
    } catch (error) {
      if (!this.#secretsReported) {
        this.#secretsReported = true;
        this.#report(error, { stage: 'secrets', type: '', key: '' });
      }
      return refusal(500, 'invalid_secrets', (error as Error).message);
    }
  }

  #call<T>(call: () => Promise<T>): Promise<T> {
    return within(this.#storeTimeoutMs, call);
  }

  /** Claims `key`; `undefined` when the store failed or missed its deadline (reported). */
  async #claim(key: string, owner: string, context: Omit<WebhookErrorContext, 'stage'>) {
    try {
      return await this.#call(() => this.#store.claim(key, owner, this.#leaseMs));
    } catch (error) {
      this.#report(error, { stage: 'store', ...context });
      // The claim may still land later (a queued command): free it as soon as it does.
      this.#call(() => this.#store.release(key, owner)).catch(() => {});
      return undefined;
    }
  }

  /** Runs `listener` while renewing the claim every third of the lease. */
  async #run(
    listener: WebhookListener,
    event: OrdergrooveEvent,
    key: string,
    owner: string,
    context: Omit<WebhookErrorContext, 'stage'>,
  ): Promise<void> {
    const renew = () => {
      this.#call(() => this.#store.renew(key, owner, this.#leaseMs)).then(
        (held) => {
          if (!held && timer) {
            // Once is enough: the claim is gone, and renewing it again cannot bring it back.
            clearInterval(timer);
            timer = undefined;
            const lost = new Error(
              `The claim on ${key} lapsed while its route ran (the store was unreachable for longer than the lease): a copy delivered meanwhile may run the route too.`,
            );
            this.#report(lost, { stage: 'store', ...context });
          }
        },
        (error: unknown) => this.#report(error, { stage: 'store', ...context }),
      );
    };
    let timer: ReturnType<typeof setInterval> | undefined = setInterval(renew, this.#leaseMs / 3);
    try {
      await listener(event);
    } finally {
      clearInterval(timer);
      timer = undefined;
    }
  }

  async #receive(request: Request): Promise<Response> {
    if (typeof request?.headers?.get !== 'function') {
      throw new TypeError(
        'createWebhookHandler: the handler takes a Fetch Request; for node:http or Express, use toNodeListener(handler).',
      );
    }
    if (request.method !== 'POST') {
      return refusal(405, 'method_not_allowed', 'Ordergroove delivers webhooks with POST.', {
        allow: 'POST',
      });
    }
    const secrets = this.#keys();
    if (secrets instanceof Response) return secrets;
    const header = request.headers.get(SIGNATURE_HEADER);
    if (header === null || header.trim() === '') {
      return refusal(
        400,
        'missing_header',
        `The request has no ${SIGNATURE_HEADER} header; Ordergroove signs every delivery.`,
      );
    }
    const tooLarge = () =>
      refusal(413, 'body_too_large', `The body is larger than ${this.#maxBytes} bytes.`);
    if (Number(request.headers.get('content-length')) > this.#maxBytes) return tooLarge();
    if (request.bodyUsed) {
      throw new TypeError(
        'createWebhookHandler: the request body was already read before the handler.',
      );
    }
    let body: Uint8Array | undefined;
    try {
      body = request.body ? await readBody(request.body, this.#maxBytes) : new Uint8Array(0);
    } catch {
      return refusal(400, 'unreadable_body', 'The request body could not be read to its end.');
    }
    if (!body) return tooLarge();

    let delivery: VerifiedDelivery;
    try {
      delivery = await verifyTaken(
        body,
        header,
        secrets,
        this.#tolerance,
        Math.floor(Date.now() / 1000),
      );
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      return refusal(400, error.code, error.message);
    }

    const type = typeof delivery.event.type === 'string' ? delivery.event.type : '';
    const listener = this.#routes.get(type) ?? this.#routes.get('*');
    if (!listener) return reply(200, { status: 'ignored' });
    const key = await storeKey(delivery);
    const context = { type, key };

    const owner = `claim:${globalThis.crypto.randomUUID()}`;
    const claim: ClaimResult | undefined = await this.#claim(key, owner, context);
    if (claim === undefined) {
      return refusal(
        503,
        'store_unavailable',
        'The store of handled events did not answer in time; nothing was run; retry later.',
      );
    }
    if (claim === 'done') return reply(200, { status: 'duplicate' });
    if (claim !== 'claimed') {
      return refusal(
        503,
        'in_progress',
        'Another delivery of this event is being handled; retry later (it is answered as a duplicate once handled, or handled if that attempt fails).',
        { 'retry-after': '60' },
      );
    }

    try {
      await this.#run(listener, delivery.event as OrdergrooveEvent, key, owner, context);
    } catch (error) {
      try {
        await this.#call(() => this.#store.release(key, owner));
      } catch (storeError) {
        // The claim then lapses within one lease, and a later retry handles the event.
        this.#report(storeError, { stage: 'store', ...context });
      }
      this.#report(error, { stage: 'handler', ...context });
      return refusal(
        500,
        'handler_failed',
        `The ${type || 'event'} handler failed; retry to run it again.`,
      );
    }
    try {
      await this.#call(() => this.#store.complete(key, this.#keepMs));
    } catch (error) {
      // Handled all the same. A queued `complete` may still land; if it does not, the claim
      // lapses within one lease and a later copy of this event would run the route again.
      this.#report(error, { stage: 'store', ...context });
    }
    return reply(200, { status: 'handled' });
  }
}

/**
 * Builds the receiver of Ordergroove's deliveries: a Fetch-API handler
 * `(request: Request) => Promise<Response>` for Node ≥ 20, Deno, Bun, edge workers and
 * Next.js route handlers (use {@link toNodeListener} for `node:http` and Express).
 *
 * For each POST it reads the body (up to `maxBodyBytes`), verifies it as
 * {@link verifyWebhook} does, finds the route for the event's type (else `'*'`), claims the
 * event in the store, runs the route, and answers:
 *
 * | status | body | when | what Ordergroove does |
 * |---|---|---|---|
 * | 200 | `{"status":"handled"}` | the route ran and settled | stops |
 * | 200 | `{"status":"duplicate"}` | the event was handled before | stops |
 * | 200 | `{"status":"ignored"}` | no route for this type and no `'*'` | stops |
 * | 400 | `{"error":"<code>",…}` | cannot be verified (a {@link WebhookErrorCode}, or `unreadable_body`); no route runs | retries (any non-2xx, per its current documents); the same 400 until the cause (usually the key) is fixed |
 * | 405 | `{"error":"method_not_allowed",…}` | not a POST | — |
 * | 413 | `{"error":"body_too_large",…}` | body over `maxBodyBytes` | retries, uselessly until the limit is raised |
 * | 500 | `{"error":"handler_failed",…}` | the route threw; its claim is released | retries, and the retry runs the route |
 * | 500 | `{"error":"internal_error",…}` | not a Fetch `Request`, or its body was already read | retries |
 * | 503 | `{"error":"in_progress",…}` | the same event is being handled by another delivery right now | retries: a duplicate then, or handled if that attempt failed |
 * | 500 | `{"error":"invalid_secrets",…}` | `secrets` gives no usable key (unset environment variable…); no route runs | retries, until the key is set |
 * | 503 | `{"error":"store_unavailable",…}` | the claim failed or missed `storeTimeoutMs`; no route runs | retries |
 *
 * No answer names a secret or quotes the body. docs/webhooks.md explains each answer, the
 * store's semantics and the tolerance.
 *
 * @param options - see {@link WebhookHandlerOptions}
 * @throws {TypeError | RangeError} for bad options (no routes, a bad store, a bad number…);
 * never for the secrets, which are read when a delivery arrives
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   secrets: () => process.env.OG_WEBHOOK_KEY, // read per delivery: safe at module scope
 *   on: { 'order.reminder': async (event) => sendReminder(actionTokenOf(event)) },
 * });
 * export const POST = handler; // Next.js route handler
 * ```
 */
export const createWebhookHandler = (options: WebhookHandlerOptions): WebhookHandler => {
  const receiver = new WebhookReceiver(options);
  return (request) => receiver.handle(request);
};
