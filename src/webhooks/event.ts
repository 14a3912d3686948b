/** The shape of an Ordergroove webhook event, as far as og-oca relies on it. */

/**
 * The event types that carry a 1-click action token in `data.object.one_click_token`
 * (read it with {@link actionTokenOf}). A refresh event comes when the previous token
 * was used.
 */
export type TokenEventType =
  | 'order.reminder'
  | 'order.refresh_one_click_token'
  | 'subscription.create'
  | 'subscription.cancel'
  | 'subscription.refresh_one_click_token';

/** The object an event is about (an order, a subscription…). */
export interface OrdergrooveEventObject {
  /** The 1-click action token for this object, when Ordergroove issued one. */
  one_click_token?: string;
  /** Every other field Ordergroove sends. */
  [field: string]: unknown;
}

/**
 * An Ordergroove webhook event. Only the fields og-oca reads are named; all fields are
 * optional because the receiver must not trust a shape it has not checked. Pass your own
 * type to {@link verifyWebhook} for more.
 */
export interface OrdergrooveEvent {
  /** The event's id; the delivery handler recognises duplicates by it. */
  id?: string;
  /** Event type, e.g. `order.reminder` or `subscription.cancel`. */
  type?: string;
  /** When the event happened, unix seconds. */
  created?: number;
  /** The event's payload. */
  data?: {
    /** The object the event is about. */
    object?: OrdergrooveEventObject;
    /** Every other field Ordergroove sends. */
    [field: string]: unknown;
  };
  /** Every other field Ordergroove sends. */
  [field: string]: unknown;
}

/** An event whose `type` is known to be `Type` (what a route for that type receives). */
export type OrdergrooveEventOf<Type extends string> = OrdergrooveEvent & { type: Type };
