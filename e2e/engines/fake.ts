// The demo site and the fake Ordergroove API as the engine checks see them: addresses, and
// the fake's control routes (demo/README.md). The three engines share one fake, so checks filter
// its log by their own token, or by their browser's User-Agent.
import { expect } from 'vitest';
import type { Action, LoggedRequest, TokenSpec } from '../helpers';

/** The demo site (e2e/engines/global-setup.ts starts it). */
export const SITE = `http://127.0.0.1:${Number(process.env.ENGINES_PORT ?? 5301)}`;
/** The fake Ordergroove API, the pages' `data-api-base`. */
export const API = `http://127.0.0.1:${Number(process.env.ENGINES_API_PORT ?? 5302)}`;

/** Every token minted in this file: none may reach a console line. */
export const minted = new Set<string>();

/** Mints a token on the fake API. */
export const mint = async (spec: TokenSpec & { fault?: TokenSpec['fault'] | 'lost' } = {}) => {
  const response = await fetch(`${API}/__fake/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(response.status, `mint ${JSON.stringify(spec)}`).toBe(200);
  const { token } = (await response.json()) as { token: string };
  minted.add(token);
  return token;
};

/** The fake's whole request log (OPTIONS included). */
export const allRequests = async () =>
  (await (await fetch(`${API}/__fake/requests`)).json()) as LoggedRequest[];

/** Every request that carried `token`. */
export const requestsFor = async (token: string) =>
  (await allRequests()).filter((r) => r.query.token === token);

/** How many requests a browser (by its User-Agent) has sent the fake so far. */
export const countFrom = async (userAgent: string) =>
  (await allRequests()).filter((r) => r.headers['user-agent'] === userAgent).length;

/** The actions the fake carried out for `token`. */
export const performedFor = async (token: string) => {
  const performed = (await (await fetch(`${API}/__fake/performed`)).json()) as {
    action: Action;
    token: string;
    params: Record<string, string>;
  }[];
  return performed
    .filter((p) => p.token === token)
    .map(({ action, params }) => ({ action, params }));
};

/**
 * Exactly these GET requests, in order, reached the API for `token`, and no preflight: a
 * CORS simple request with no credentials, no custom header and no Referer.
 */
export const expectRequests = async (
  token: string,
  expected: { path: string; query: Record<string, string> }[],
) => {
  const seen = await requestsFor(token);
  expect(
    seen.flatMap(({ headers }) =>
      Object.keys(headers).filter((h) => /^(x-|authorization|cookie|content-type|referer)/.test(h)),
    ),
    'headers beyond a CORS simple request',
  ).toEqual([]);
  expect(
    seen.map(({ method, path, query }) => ({ method, path, query })),
    'requests that carried the token (no OPTIONS, exactly these GETs)',
  ).toEqual(expected.map((e) => ({ method: 'GET', ...e })));
};
