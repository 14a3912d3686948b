// @ts-check
/**
 * Mock Service Worker (msw 2) handlers that answer from the same fake Ordergroove model
 * as the HTTP server, for unit tests:
 *
 * ```ts
 * const fake = createFakeOrdergroove();
 * const server = setupServer(...fakeOrdergrooveHandlers(fake));
 * ```
 *
 * A dropped connection (`fault: 'reset'`) becomes `HttpResponse.error()` (fetch rejects
 * with a TypeError); waits (`slow`, `latencyMs`) use msw's `delay()`.
 */
import { delay, HttpResponse, http } from 'msw';

/** @typedef {import('./model.mjs').FakeOrdergroove} FakeOrdergroove */

/**
 * @param {FakeOrdergroove} fake The model to answer from.
 * @param {string} [apiBase] The API origin (optionally with a path prefix) the SDK is
 *   configured with; default production Ordergroove.
 * @returns {import('msw').HttpHandler[]}
 */
export function fakeOrdergrooveHandlers(fake, apiBase = 'https://restapi.ordergroove.com') {
  const base = new URL(apiBase);
  const prefix = base.pathname.replace(/\/+$/, '');
  return [
    http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const answer = await fake.handle(
        {
          method: request.method,
          path: url.pathname.slice(prefix.length) || '/',
          query: url.searchParams,
          headers: request.headers,
        },
        { signal: request.signal, sleep: (ms) => delay(ms) },
      );
      if ('fault' in answer) return HttpResponse.error();
      return new HttpResponse(answer.body === '' ? null : answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  ];
}
