/** Receiving Ordergroove's deliveries: verify, recognise duplicates, route, answer. */

import { HEADROOM } from './body.js';
import type { OrdergrooveEvent, OrdergrooveEventOf } from './event.js';
import { SIGNATURE_HEADER } from './header.js';
import { sha256Hex } from './hmac.js';
import { memoryStore } from './memory-store.js';
import { secretList, type WebhookSecrets } from './secrets.js';
import type { WebhookStore } from './store.js';
import { tolerance, type VerifiedDelivery, verifyTaken } from './verify.js';
import { WebhookVerificationError } from './WebhookVerificationError.js';

/**
 * Default {@link WebhookHandlerOptions.toleranceSeconds}: 12 hours. Ordergroove retries a
 * failed delivery for up to about 10 hours and does not say whether a retry is signed
 * again; a retry that still carries the first attempt's `ts` must not be refused for its
 * age. Replays inside the window are stopped by the store, not by the clock.
 */
export const HANDLER_TOLERANCE_SECONDS = 12 * 60 * 60;

/**
 * How long a claim lasts (the lease) while a handler runs: 2 minutes. Far above
 * Ordergroove's 5-second attempt timeout, and short enough that the claim of a relay that
 * died mid-handler is gone after a retry or two, when the next retry handles the event.
 */
export const CLAIM_SECONDS = 120;

/**
 * Shortest time a handled event is remembered: a day, which outlasts Ordergroove's
 * retry window. It is twice the tolerance when that is longer, so that any delivery the
 * clock check still accepts is recognised as a duplicate.
 */
export const KEEP_SECONDS = 24 * 60 * 60;

/** Default {@link WebhookHandlerOptions.maxBodyBytes}: 1 MiB (Ordergroove's events are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Longest event id used as a store key as it is; a longer one is replaced by the body's hash. */
const MAX_ID_LENGTH = 256;

/**
 * A route's handler: gets the verified event; its promise settling is the event being
 * handled (a rejection or throw answers 500 and the retry runs it again). (Declared as a
 * method type so that a route for one event type fits the catch-all index signature.)
 */
export type WebhookListener<Event extends OrdergrooveEvent = OrdergrooveEvent> = {
  handle(event: Event): unknown;
}['handle'];

/**
 * Routes of {@link createWebhookHandler}: event type → handler. The event types that carry
 * an action token are typed; any other type string is accepted; `'*'` gets every event
 * without a route of its own. One route runs per event: its own, else `'*'`.
 */
export interface WebhookRoutes {
  /** An order reminder: its `data.object.one_click_token` acts on the upcoming order. */
  'order.reminder'?: WebhookListener<OrdergrooveEventOf<'order.reminder'>>;
  /** A fresh token for an order, after the previous one was used. */
  'order.refresh_one_click_token'?: WebhookListener<
    OrdergrooveEventOf<'order.refresh_one_click_token'>
  >;
  /** A new subscription, with a token. */
  'subscription.create'?: WebhookListener<OrdergrooveEventOf<'subscription.create'>>;
  /** A cancelled subscription, with a token (for a reactivate link). */
  'subscription.cancel'?: WebhookListener<OrdergrooveEventOf<'subscription.cancel'>>;
  /** A fresh token for a subscription, after the previous one was used. */
  'subscription.refresh_one_click_token'?: WebhookListener<
    OrdergrooveEventOf<'subscription.refresh_one_click_token'>
  >;
  /** Every event without a route of its own. */
  '*'?: WebhookListener;
  /** Any other event type. */
  [type: string]: WebhookListener<OrdergrooveEventOf<string>> | undefined;
}

/** Where {@link WebhookHandlerOptions.onError} was called from. */
export interface WebhookErrorContext {
  /** `handler`: a route threw (answered 500); `store`: the store failed (503, or 200 after handling); `internal`: anything else (500). */
  stage: 'handler' | 'store' | 'internal';
  /** The event's type (`''` when unknown). Outside data: escape it before logging. */
  type: string;
  /** The event's store key (`id:<event id>` or `sha256:<body hash>`), `''` when unknown. */
  key: string;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The verification key, or `[newKey, oldKey]` while keys rotate (as in {@link verifyWebhook}). */
  secrets: WebhookSecrets;
  /** Event type → handler; see {@link WebhookRoutes}. */
  on: WebhookRoutes;
  /**
   * Where claims and done markers live. Default: a {@link memoryStore} (one process). With
   * several relay instances, pass a shared one such as {@link redisStore}.
   */
  store?: WebhookStore;
  /**
   * How far the signed `ts` may be from this server's clock, either way, in seconds.
   * Default {@link HANDLER_TOLERANCE_SECONDS} (12 h), so that a late retry is not refused
   * for its age; done markers are kept for at least twice as long. Must be finite.
   */
  toleranceSeconds?: number;
  /** Largest body read, in bytes; a longer one is answered 413 unread. Default {@link MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /**
   * Called when a route or the store fails (the answer is already decided). Default: one
   * `console.error` line, without the route's error (it may quote event data such as a
   * token); pass your own to log or report it.
   */
  onError?: (error: unknown, context: WebhookErrorContext) => void;
}

/** A Fetch-API request handler, as {@link createWebhookHandler} returns. */
export type WebhookHandler = (request: Request) => Promise<Response>;

/** The JSON body of every answer: `{ status }` for 2xx, `{ error, message }` otherwise. */
export type WebhookAnswer =
  | { status: 'handled' | 'duplicate' | 'ignored' }
  | { error: string; message: string };

/** Builds an answer. */
export const answer = (
  status: number,
  body: WebhookAnswer,
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

const failure = (
  status: number,
  error: string,
  message: string,
  headers?: Record<string, string>,
) => answer(status, { error, message }, headers);

const defaultOnError = (error: unknown, { stage }: WebhookErrorContext): void => {
  if (stage === 'handler') {
    console.error(
      'og-oca/webhooks: a webhook handler threw; answered 500 so that Ordergroove retries the ' +
        'delivery. Pass onError to createWebhookHandler to see the error.',
    );
  } else {
    console.error(
      `og-oca/webhooks: the ${stage === 'store' ? 'store' : 'receiver'} failed:`,
      error,
    );
  }
};

/** Reads the body, at most `max` bytes, into one buffer with room for `ts.` before it. */
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
  const bytes = new Uint8Array(HEADROOM + size);
  let at = HEADROOM;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
};

/** The store key of a delivery: the event's id, else the SHA-256 of the raw body. */
const keyOf = async ({ event, raw }: VerifiedDelivery): Promise<string> => {
  const id = event.id;
  if ((typeof id === 'string' && id !== '' && id.length <= MAX_ID_LENGTH) || Number.isInteger(id))
    return `id:${id}`;
  return `sha256:${await sha256Hex(raw)}`;
};

class WebhookReceiver {
  readonly #secrets: readonly string[];
  readonly #routes = new Map<string, WebhookListener>();
  readonly #store: WebhookStore;
  readonly #tolerance: number;
  readonly #keepMs: number;
  readonly #maxBytes: number;
  readonly #onError: (error: unknown, context: WebhookErrorContext) => void;

  constructor(options: WebhookHandlerOptions) {
    const caller = 'createWebhookHandler';
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`${caller}: pass an options object { secrets, on }.`);
    }
    this.#secrets = secretList(options.secrets, caller);
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
    if (
      !['claim', 'complete', 'release'].every(
        (name) => typeof store[name as 'claim'] === 'function',
      )
    ) {
      throw new TypeError(
        `${caller}: store must have claim, complete and release (see memoryStore, redisStore).`,
      );
    }
    this.#store = store;
    this.#tolerance = tolerance(options.toleranceSeconds, caller, HANDLER_TOLERANCE_SECONDS);
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
      return failure(500, 'internal_error', 'The receiver failed; Ordergroove will retry.');
    }
  }

  #report(error: unknown, context: WebhookErrorContext): void {
    try {
      this.#onError(error, context);
    } catch {
      // A failing reporter must not change the answer.
    }
  }

  async #receive(request: Request): Promise<Response> {
    if (typeof request?.headers?.get !== 'function') {
      throw new TypeError(
        'createWebhookHandler: the handler takes a Fetch Request; for node:http or Express, use toNodeListener(handler).',
      );
    }
    if (request.method !== 'POST') {
      return failure(405, 'method_not_allowed', 'Ordergroove delivers webhooks with POST.', {
        allow: 'POST',
      });
    }
    const header = request.headers.get(SIGNATURE_HEADER);
    if (header === null || header.trim() === '') {
      return failure(
        400,
        'missing_header',
        `The request has no ${SIGNATURE_HEADER} header; Ordergroove signs every delivery.`,
      );
    }
    const tooLarge = () =>
      failure(413, 'body_too_large', `The body is larger than ${this.#maxBytes} bytes.`);
    if (Number(request.headers.get('content-length')) > this.#maxBytes) return tooLarge();
    if (request.bodyUsed) {
      throw new TypeError(
        'createWebhookHandler: the request body was already read before the handler.',
      );
    }
    let body: Uint8Array | undefined;
    try {
      body = request.body ? await readBody(request.body, this.#maxBytes) : new Uint8Array(HEADROOM);
    } catch {
      return failure(400, 'unreadable_body', 'The request body could not be read to its end.');
    }
    if (!body) return tooLarge();

    let delivery: VerifiedDelivery;
    try {
      delivery = await verifyTaken(
        body,
        header,
        this.#secrets,
        this.#tolerance,
        Math.floor(Date.now() / 1000),
      );
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      return failure(400, error.code, error.message);
    }

    const type = typeof delivery.event.type === 'string' ? delivery.event.type : '';
    const listener = this.#routes.get(type) ?? this.#routes.get('*');
    if (!listener) return answer(200, { status: 'ignored' });
    const key = await keyOf(delivery);
    const context = { type, key };

    const owner = `claim:${globalThis.crypto.randomUUID()}`;
    let claim: string;
    try {
      claim = await this.#store.claim(key, owner, CLAIM_SECONDS * 1000);
    } catch (error) {
      this.#report(error, { stage: 'store', ...context });
      return failure(
        503,
        'store_unavailable',
        'The store of handled events did not answer; retry later.',
      );
    }
    if (claim === 'done') return answer(200, { status: 'duplicate' });
    if (claim !== 'claimed') {
      return failure(
        503,
        'in_progress',
        'Another delivery of this event is being handled; retry later (it is answered as a duplicate once handled, or handled if that attempt fails).',
        { 'retry-after': '60' },
      );
    }

    try {
      await listener(delivery.event as OrdergrooveEvent);
    } catch (error) {
      try {
        await this.#store.release(key, owner);
      } catch (storeError) {
        // The claim then expires after CLAIM_SECONDS, and a later retry handles the event.
        this.#report(storeError, { stage: 'store', ...context });
      }
      this.#report(error, { stage: 'handler', ...context });
      return failure(
        500,
        'handler_failed',
        `The ${type || 'event'} handler failed; retry to run it again.`,
      );
    }
    try {
      await this.#store.complete(key, this.#keepMs);
    } catch (error) {
      // Handled all the same; until the claim expires, duplicates are still held off.
      this.#report(error, { stage: 'store', ...context });
    }
    return answer(200, { status: 'handled' });
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
 * | 503 | `{"error":"store_unavailable",…}` | the store failed before the route ran | retries |
 *
 * No answer names a secret or quotes the body. docs/webhooks.md explains each answer, the
 * store's semantics and the tolerance.
 *
 * @param options - see {@link WebhookHandlerOptions}
 * @throws {TypeError | RangeError} for bad options (no secrets, no routes, a bad store…)
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   secrets: process.env.OG_WEBHOOK_KEY,
 *   on: { 'order.reminder': async (event) => sendReminder(actionTokenOf(event)) },
 * });
 * export const POST = handler; // Next.js route handler
 * ```
 */
export const createWebhookHandler = (options: WebhookHandlerOptions): WebhookHandler => {
  const receiver = new WebhookReceiver(options);
  return (request) => receiver.handle(request);
};
