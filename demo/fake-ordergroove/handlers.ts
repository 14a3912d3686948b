/**
 * Mock Service Worker (msw 2) handlers answering from a fake Ordergroove model: the one
 * set of handlers that unit tests install with `setupServer` and that `http.ts` serves
 * over real HTTP for the demo and the browser tests.
 *
 * ```ts
 * const fake = createFakeOrdergroove();
 * const server = setupServer(...fakeOrdergrooveHandlers(fake));
 * ```
 *
 * A dropped connection (`reset`, `lost`) is `HttpResponse.error()`: fetch rejects with a
 * TypeError under msw, and `http.ts` destroys the socket.
 */
import { delay, type HttpHandler, HttpResponse, http } from 'msw';
import type { FakeOrdergroove } from './model.ts';

/** Ordergroove's production API origin. */
export const PRODUCTION_API = 'https://restapi.ordergroove.com';

/**
 * @param fake The model to answer from.
 * @param apiBase The API origin (optionally with a path prefix) the SDK is configured
 *   with; default production Ordergroove.
 */
export function fakeOrdergrooveHandlers(
  fake: FakeOrdergroove,
  apiBase: string = PRODUCTION_API,
): HttpHandler[] {
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
      return new HttpResponse(answer.body === '' ? null : answer.body, answer);
    }),
  ];
}
