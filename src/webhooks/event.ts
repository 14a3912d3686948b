/** The shape of an Ordergroove webhook event, as far as og-oca relies on it. */

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
  /** Event type, e.g. `order.reminder` or `subscription.cancel`. */
  type?: string;
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
