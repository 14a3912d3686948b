// Generated from the JSDoc in model.mjs; regenerate with the command in demo/README.md.
/**
 * Creates an independent fake Ordergroove API.
 * @param {FakeOrdergrooveOptions} [options]
 * @returns {FakeOrdergroove}
 */
export function createFakeOrdergroove(options?: FakeOrdergrooveOptions): FakeOrdergroove;
/**
 * A fake Ordergroove 1-click API: one in-memory model that both transports serve
 * (`http.mjs` over a real Node HTTP server, `msw.mjs` through Mock Service Worker).
 *
 * It implements the API table in DESIGN.md — `GET /one_click/{delay,skip,reactivate,upsell}`
 * — with single-use tokens, the documented 400 reasons, open CORS, and scripted
 * faults (5xx, HTML error pages, non-JSON success, slow answers, dropped connections)
 * so the SDK's every branch can be exercised against something that behaves like the
 * real service.
 *
 * The model keeps all token state in a Map. Minted tokens look like real ones (an
 * ES512-style JWT, or an older base64 JSON token) and carry their spec in the payload
 * for debugging only: the model never reads a token's contents.
 */
/** @typedef {'delay' | 'skip' | 'reactivate' | 'upsell'} FakeAction */
/** @typedef {'valid' | 'used' | 'expired'} FakeTokenState */
/** @typedef {'error500' | 'error503' | 'slow' | 'lost' | 'reset' | 'nonjson' | 'html500'} FakeFault */
/**
 * What `mint()` should create.
 * @typedef {object} TokenSpec
 * @property {FakeAction} [action] The only action the token is valid for; omitted = any action.
 * @property {FakeTokenState} [state] Initial state; default `'valid'`.
 * @property {FakeFault} [fault] A fault the API shows for requests carrying this token.
 * @property {number} [faultTimes] How many requests the fault affects before the token
 *   behaves normally; default: all of them.
 * @property {number} [delayMs] For `fault: 'slow'`: how long each answer takes; default 3000.
 * @property {'jwt' | 'base64'} [format] `'jwt'` (default): `eyJ…` header.payload.signature in
 *   base64url, like today's ES512 tokens. `'base64'`: an older-style standard-base64 token
 *   that always contains `+`, `/` and `=` (to prove the client URL-encodes it).
 */
/**
 * A request as a transport hands it to the model.
 * @typedef {object} FakeRequest
 * @property {string} [method] Default `'GET'`.
 * @property {string} path The path below the API base, e.g. `/one_click/delay`. A `?query`
 *   suffix is accepted and merged into `query`.
 * @property {URLSearchParams | Record<string, string | string[] | undefined> | string} [query]
 * @property {Headers | Record<string, string | string[] | undefined>} [headers]
 */
/**
 * An answer. `body` is the raw body text (`''` for none).
 * @typedef {object} FakeResponse
 * @property {number} status
 * @property {Record<string, string>} headers Lower-case header names.
 * @property {string} body
 */
/**
 * "Drop the connection without answering." Also returned for a request whose `signal`
 * aborted while the model was waiting (the client is gone; the request is not processed).
 * @typedef {{ fault: 'reset' | 'lost' }} FakeDrop
 */
/**
 * One entry of `requests`: every request the API received, OPTIONS included,
 * control routes excluded.
 * @typedef {object} LoggedRequest
 * @property {string} method Upper-case.
 * @property {string} path
 * @property {Record<string, string>} query First value of each parameter.
 * @property {Record<string, string>} headers Lower-case names.
 */
/**
 * One action the fake carried out (a 200 that consumed a token).
 * @typedef {object} PerformedAction
 * @property {FakeAction} action
 * @property {string} token
 * @property {Record<string, string>} params The query parameters other than `token`.
 */
/**
 * Inspection copy of a token's server-side record.
 * @typedef {object} TokenRecord
 * @property {FakeAction | undefined} action
 * @property {FakeTokenState} state
 * @property {FakeFault | undefined} fault
 * @property {number} faultsLeft `Infinity` when the fault never stops.
 * @property {number} delayMs
 */
/**
 * @callback Sleep
 * @param {number} ms
 * @returns {Promise<unknown>}
 */
/**
 * Per-call options of `handle()`, supplied by the transport.
 * @typedef {object} HandleOptions
 * @property {AbortSignal} [signal] Aborts when the client goes away; a request aborted
 *   during a wait (latency, `slow`) is dropped unprocessed and does not consume its token.
 * @property {Sleep} [sleep] How to wait (msw passes its `delay`); default `setTimeout`.
 */
/**
 * @typedef {object} FakeOrdergrooveOptions
 * @property {number} [latencyMs] Fixed latency added to every answer (default 0).
 */
/**
 * @typedef {object} FakeOrdergroove
 * @property {(spec?: TokenSpec) => string} mint Creates a token; throws `TypeError` on a bad spec.
 * @property {(request: FakeRequest, options?: HandleOptions) => Promise<FakeResponse | FakeDrop>} handle
 * @property {LoggedRequest[]} requests Every request received (cleared in place by `reset()`).
 * @property {PerformedAction[]} performed Every action carried out (cleared in place by `reset()`).
 * @property {(token: string) => TokenRecord | undefined} inspect
 * @property {() => void} reset Forgets all tokens and clears the logs.
 * @property {number} latencyMs
 */
export const ACTIONS: readonly ['delay', 'skip', 'reactivate', 'upsell'];
export const STATES: readonly ['valid', 'used', 'expired'];
export const FAULTS: readonly [
  'error500',
  'error503',
  'slow',
  'lost',
  'reset',
  'nonjson',
  'html500',
];
/**
 * The HTML error page a misconfigured proxy might return. It contains live markup on
 * purpose: a client that ever renders a response body as HTML would run it.
 */
/** @type {string} */
export const HTML_ERROR_PAGE: string;
export type FakeAction = 'delay' | 'skip' | 'reactivate' | 'upsell';
export type FakeTokenState = 'valid' | 'used' | 'expired';
export type FakeFault = 'error500' | 'error503' | 'slow' | 'lost' | 'reset' | 'nonjson' | 'html500';
/**
 * What `mint()` should create.
 */
export type TokenSpec = {
  /**
   * The only action the token is valid for; omitted = any action.
   */
  action?: FakeAction | undefined;
  /**
   * Initial state; default `'valid'`.
   */
  state?: FakeTokenState | undefined;
  /**
   * A fault the API shows for requests carrying this token.
   */
  fault?: FakeFault | undefined;
  /**
   * How many requests the fault affects before the token
   * behaves normally; default: all of them.
   */
  faultTimes?: number | undefined;
  /**
   * For `fault: 'slow'`: how long each answer takes; default 3000.
   */
  delayMs?: number | undefined;
  /**
   * `'jwt'` (default): `eyJ…` header.payload.signature in
   * base64url, like today's ES512 tokens. `'base64'`: an older-style standard-base64 token
   * that always contains `+`, `/` and `=` (to prove the client URL-encodes it).
   */
  format?: 'base64' | 'jwt' | undefined;
};
/**
 * A request as a transport hands it to the model.
 */
export type FakeRequest = {
  /**
   * Default `'GET'`.
   */
  method?: string | undefined;
  /**
   * The path below the API base, e.g. `/one_click/delay`. A `?query`
   * suffix is accepted and merged into `query`.
   */
  path: string;
  query?: string | URLSearchParams | Record<string, string | string[] | undefined> | undefined;
  headers?: Headers | Record<string, string | string[] | undefined> | undefined;
};
/**
 * An answer. `body` is the raw body text (`''` for none).
 */
export type FakeResponse = {
  status: number;
  /**
   * Lower-case header names.
   */
  headers: Record<string, string>;
  body: string;
};
/**
 * "Drop the connection without answering." Also returned for a request whose `signal`
 * aborted while the model was waiting (the client is gone; the request is not processed).
 */
export type FakeDrop = {
  fault: 'reset' | 'lost';
};
/**
 * One entry of `requests`: every request the API received, OPTIONS included,
 * control routes excluded.
 */
export type LoggedRequest = {
  /**
   * Upper-case.
   */
  method: string;
  path: string;
  /**
   * First value of each parameter.
   */
  query: Record<string, string>;
  /**
   * Lower-case names.
   */
  headers: Record<string, string>;
};
/**
 * One action the fake carried out (a 200 that consumed a token).
 */
export type PerformedAction = {
  action: FakeAction;
  token: string;
  /**
   * The query parameters other than `token`.
   */
  params: Record<string, string>;
};
/**
 * Inspection copy of a token's server-side record.
 */
export type TokenRecord = {
  action: FakeAction | undefined;
  state: FakeTokenState;
  fault: FakeFault | undefined;
  /**
   * `Infinity` when the fault never stops.
   */
  faultsLeft: number;
  delayMs: number;
};
export type Sleep = (ms: number) => Promise<unknown>;
/**
 * Per-call options of `handle()`, supplied by the transport.
 */
export type HandleOptions = {
  /**
   * Aborts when the client goes away; a request aborted
   * during a wait (latency, `slow`) is dropped unprocessed and does not consume its token.
   */
  signal?: AbortSignal | undefined;
  /**
   * How to wait (msw passes its `delay`); default `setTimeout`.
   */
  sleep?: Sleep | undefined;
};
export type FakeOrdergrooveOptions = {
  /**
   * Fixed latency added to every answer (default 0).
   */
  latencyMs?: number | undefined;
};
export type FakeOrdergroove = {
  /**
   * Creates a token; throws `TypeError` on a bad spec.
   */
  mint: (spec?: TokenSpec) => string;
  handle: (request: FakeRequest, options?: HandleOptions) => Promise<FakeResponse | FakeDrop>;
  /**
   * Every request received (cleared in place by `reset()`).
   */
  requests: LoggedRequest[];
  /**
   * Every action carried out (cleared in place by `reset()`).
   */
  performed: PerformedAction[];
  inspect: (token: string) => TokenRecord | undefined;
  /**
   * Forgets all tokens and clears the logs.
   */
  reset: () => void;
  latencyMs: number;
};
