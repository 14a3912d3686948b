/** Reading the 1-click action token out of a verified event. */

/**
 * Returns `event.data.object.one_click_token` when it is a non-empty string, else
 * `undefined`. Never throws, whatever it is given (null, arrays, primitives, objects with
 * throwing getters).
 *
 * @param event - a verified event, typically from {@link verifyWebhook}
 * @example
 * ```ts
 * const token = actionTokenOf(event);
 * if (token) link = buildActionUrl('https://shop.example/subscription-actions', { token, action: 'delay' });
 * ```
 */
export const actionTokenOf = (event: unknown): string | undefined => {
  try {
    const data =
      typeof event === 'object' && event !== null ? (event as { data?: unknown }).data : undefined;
    const object =
      typeof data === 'object' && data !== null ? (data as { object?: unknown }).object : undefined;
    const token =
      typeof object === 'object' && object !== null
        ? (object as { one_click_token?: unknown }).one_click_token
        : undefined;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
};
