/**
 * Lookups keyed by outside data (the link, the page, options, the API) see own properties
 * only: `<html lang="__proto__">`, `?constructor=…` or `{ "toString": … }` are just
 * unknown keys, never something inherited from `Object.prototype`.
 */

/** A lookup table with no prototype. */
export const dict = <T>(entries: Record<string, T>): Record<string, T> =>
  Object.assign(Object.create(null), entries);

/** `object[key]` if `object` has it as its own property, else `undefined`. */
export const own = (object: unknown, key: string): unknown =>
  object != null && Object.hasOwn(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;
