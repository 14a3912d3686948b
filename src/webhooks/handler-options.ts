/** The options and routes of {@link createWebhookHandler}. */

import type { OrdergrooveEvent, OrdergrooveEventOf } from './event.js';
import type { WebhookSecrets } from './secrets.js';
import type { WebhookStore } from './store.js';

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
  /**
   * `handler`: a route threw (answered 500); `store`: a store call failed or missed its
   * deadline (503 before the route ran; after it, the answer is unchanged); `secrets`: the
   * `secrets` option gave no usable key (500 to every delivery; reported once); `internal`:
   * anything else (500).
   */
  stage: 'handler' | 'store' | 'secrets' | 'internal';
  /** The event's type (`''` when unknown). Outside data: escape it before logging. */
  type: string;
  /** The event's store key (`id:<event id>` or `sha256:<body hash>`), `''` when unknown. */
  key: string;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /**
   * The verification key, or `[newKey, oldKey]` while keys rotate (as in
   * {@link verifyWebhook}); or a function that returns them, called for each delivery (so a
   * rotated key in the environment is picked up without a restart; keep it cheap).
   *
   * Read when a delivery arrives, never when the handler is created, so a handler can be
   * created at module scope where the key is not set (a build step such as `next build`).
   * While no usable key is given, every delivery is answered 500 `invalid_secrets` with a
   * message that says what is wrong (never a key), and the problem is reported once to
   * `onError` (stage `secrets`).
   */
  secrets: WebhookSecrets | undefined | (() => WebhookSecrets | undefined);
  /** Event type → handler; see {@link WebhookRoutes}. */
  on: WebhookRoutes;
  /**
   * Where claims and done markers live. Default: a {@link memoryStore} (one process). With
   * several relay instances, pass a shared one such as {@link redisStore}.
   */
  store?: WebhookStore;
  /**
   * Longest wait for any one store call, in milliseconds. Default `2000`. When the claim
   * misses it or fails, the delivery is answered 503 `store_unavailable` and no route runs,
   * so the sender retries (Ordergroove waits about 5 s per attempt); the claim is then
   * released in the background in case it lands late. A store client that queues commands
   * while disconnected (node-redis does by default) is cut off by this deadline.
   */
  storeTimeoutMs?: number;
  /**
   * How long a claim holds without renewal, in milliseconds. Default `120000` (2 min). While
   * a route runs its claim is renewed every third of this, so a route may run for any time
   * and copies that arrive meanwhile get 503 `in_progress`; if the process dies mid-route,
   * the claim lapses within this time and the next retry handles the event. Shorter means a
   * quicker recovery after a crash and more store writes.
   */
  leaseMs?: number;
  /**
   * How far the signed `ts` may be from this server's clock, either way, in seconds.
   * Default `43200` (12 h), so that a late retry is not refused for its age; done markers
   * are kept for at least twice as long (and at least a day). Must be finite.
   */
  toleranceSeconds?: number;
  /** Largest body read, in bytes; a longer one is answered 413 unread. Default `1048576` (1 MiB). */
  maxBodyBytes?: number;
  /**
   * Called when a route or the store fails, or the secrets are unusable (the answer is
   * already decided). Default: one `console.error` line, without the route's error (it may
   * quote event data such as a token); pass your own to log or report it.
   */
  onError?: (error: unknown, context: WebhookErrorContext) => void;
}

/** A Fetch-API request handler, as {@link createWebhookHandler} returns. */
export type WebhookHandler = (request: Request) => Promise<Response>;
