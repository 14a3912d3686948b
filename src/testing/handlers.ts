/**
 * Mock Service Worker (msw 2) handlers answering from a fake Ordergroove: a storefront's
 * unit tests install them with `setupServer` and test their landing page against the
 * one-click API without a network.
 *
 * msw is an optional peer dependency, loaded when this function is first called.
 */
import type { HttpHandler } from 'msw';
import type { FakeOrdergroove } from './model.js';

/** Ordergroove's production API origin. */
export const PRODUCTION_API = 'https://restapi.ordergroove.com';

type Msw = typeof import('msw');

let msw: Promise<Msw> | undefined;

const loadMsw = (): Promise<Msw> => {
  // A variable specifier keeps bundlers from resolving msw where it is not installed.
  const specifier = 'msw';
  msw ??= (import(specifier) as Promise<Msw>).catch((error: unknown) => {
    msw = undefined;
    throw new Error(
      'ordergrooveHandlers needs msw 2 (an optional peer dependency of og-oca): npm install --save-dev msw',
      { cause: error },
    );
  });
  return msw;
};

/**
 * msw request handlers for the one-click API, answered by `fake`. A dropped connection
 * (the `reset` and `lost` faults) is `HttpResponse.error()`: `fetch` rejects with a
 * `TypeError`, as it does when a real connection drops.
 *
 * @param fake - the fake that answers (see `createFakeOrdergroove`)
 * @param apiBase - the API origin, optionally with a path prefix, that the page under test
 *   is configured with (`data-api-base`); default Ordergroove's production API
 * @returns the handlers, for `setupServer(...)` or `server.use(...)`
 * @throws {Error} (as a rejection) when msw is not installed
 *
 * @example
 * ```ts
 * const fake = createFakeOrdergroove();
 * const server = setupServer(...(await ordergrooveHandlers(fake)));
 * ```
 */
export async function ordergrooveHandlers(
  fake: FakeOrdergroove,
  apiBase: string = PRODUCTION_API,
): Promise<HttpHandler[]> {
  const base = new URL(apiBase);
  const { delay, HttpResponse, http } = await loadMsw();
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
