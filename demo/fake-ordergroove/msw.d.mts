// Generated from the JSDoc in msw.mjs; regenerate with the command in demo/README.md.
/** @typedef {import('./model.mjs').FakeOrdergroove} FakeOrdergroove */
/**
 * @param {FakeOrdergroove} fake The model to answer from.
 * @param {string} [apiBase] The API origin (optionally with a path prefix) the SDK is
 *   configured with; default production Ordergroove.
 * @returns {import('msw').HttpHandler[]}
 */
export function fakeOrdergrooveHandlers(
  fake: FakeOrdergroove,
  apiBase?: string,
): import('msw').HttpHandler[];
export type FakeOrdergroove = import('./model.mjs').FakeOrdergroove;
