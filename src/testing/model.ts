/**
 * The fake Ordergroove 1-click API as one in-memory model. The msw handlers
 * (`handlers.ts`) answer from it, in unit tests and, through `http.ts`, over real HTTP.
 *
 * It serves `GET /one_click/{delay,skip,reactivate,upsell}` (with or without a trailing
 * slash) with single-use tokens, the documented 400 reasons, open CORS, and scripted
 * faults. It carries a request out when it arrives; latency and `slow` delay only the
 * answer (docs/decisions.md, "The demo").
 *
 * Minted tokens look like real ones (an ES512-style JWT, or an older base64 JSON token)
 * and carry their spec in the payload for humans only: the model never reads a token.
 */

export const ACTIONS = ['delay', 'skip', 'reactivate', 'upsell'] as const;
export const STATES = ['valid', 'used', 'expired'] as const;
export const FAULTS = [
  'error500',
  'error503',
  'slow',
  'lost',
  'reset',
  'nonjson',
  'html500',
] as const;

export type FakeAction = (typeof ACTIONS)[number];
export type FakeTokenState = (typeof STATES)[number];
export type FakeFault = (typeof FAULTS)[number];

/** What `mint()` creates. */
export interface TokenSpec {
  /** The only action the token is valid for; omitted = any action. */
  action?: FakeAction;
  /** Initial state; default `'valid'`. */
  state?: FakeTokenState;
  /**
   * How the API misbehaves for requests carrying this token:
   * `error500`, `error503`, `html500` (an HTML page) and `reset` (connection dropped) stand
   * for a failing proxy in front of the API: nothing is carried out. `slow` (answer after
   * `delayMs`) and `lost` (connection dropped with no answer) happen after the work is
   * done. `nonjson` answers a success as plain-text `OK`.
   */
  fault?: FakeFault;
  /** How many requests the fault affects before the token behaves normally; default all. */
  faultTimes?: number;
  /** For `slow`: how long each answer takes, ms; default 3000. */
  delayMs?: number;
  /**
   * `'jwt'` (default): `eyJ…` header.payload.signature in base64url, like today's tokens.
   * `'base64'`: an older standard-base64 token that always holds `+`, `/` and `=`.
   */
  format?: 'jwt' | 'base64';
}

/** A request as a transport hands it to the model. */
export interface FakeRequest {
  /** Default `'GET'`. */
  method?: string;
  /** The path below the API base, e.g. `/one_click/delay`; a `?query` suffix is merged into `query`. */
  path: string;
  /** First value of each parameter wins. */
  query?: URLSearchParams | Record<string, string | string[] | undefined> | string;
  headers?: Headers | Record<string, string | string[] | undefined>;
}

/** An answer; `body` is `''` for none. */
export interface FakeResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** Drop the connection without answering: `reset` before the work, `lost` after it. */
export interface FakeDrop {
  fault: 'reset' | 'lost';
}

/** A request the API received (OPTIONS included). */
export interface LoggedRequest {
  /** Upper-case. */
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
}

/** An action the fake carried out (it consumed the token). */
export interface PerformedAction {
  action: FakeAction;
  token: string;
  /** The query parameters other than `token`. */
  params: Record<string, string>;
}

/** A copy of a token's server-side record. */
export interface TokenRecord {
  action: FakeAction | undefined;
  state: FakeTokenState;
  fault: FakeFault | undefined;
  /** `Infinity` when the fault never stops. */
  faultsLeft: number;
  delayMs: number;
}

/** Per-call options of `handle()`, supplied by the transport. */
export interface HandleOptions {
  /** The client went away: the wait for the answer ends early (the work is done already). */
  signal?: AbortSignal;
  /** How to wait; default `setTimeout`. */
  sleep?: (ms: number) => Promise<unknown>;
}

export interface FakeOrdergrooveOptions {
  /** Fixed latency added to every answer, ms; default 0. */
  latencyMs?: number;
}

/**
 * The HTML error page a misconfigured proxy might return. Its markup is live on purpose:
 * a client that ever renders a response body as HTML would run it.
 */
export const HTML_ERROR_PAGE = `<!doctype html>
<html><head><title>500 Internal Server Error</title>
<script>window.__ocaInjected = true; document.title = 'PWNED';</script></head>
<body><h1>Internal Server Error</h1>
<img src="/x-does-not-exist.png" onerror="window.__ocaInjected = true">
<p>The server encountered an internal error and was unable to complete your request.</p>
</body></html>
`;

/** Same shapes the SDK accepts; the fake is the server, so it checks again. */
const ID_PATTERN = /^[\w.:/-]{1,128}$/;
const CORS = { 'access-control-allow-origin': '*' };
const MAX_DAYS = 365;
const MAX_QUANTITY = 999;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const defaultSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits `ms`, or less when `signal` aborts. */
const wait = async (sleep: (ms: number) => Promise<unknown>, ms: number, signal?: AbortSignal) => {
  if (!(ms > 0) || signal?.aborted) return;
  let stop = () => {};
  const aborted = new Promise<void>((resolve) => {
    stop = resolve;
    signal?.addEventListener('abort', stop, { once: true });
  });
  await Promise.race([sleep(ms), aborted]);
  signal?.removeEventListener('abort', stop);
};

/** Keeps the first value of each key; `Object.fromEntries` makes `__proto__` a plain key. */
const firstOfEach = (entries: Iterable<[string, string | string[] | undefined]>) => {
  const seen = new Map<string, string>();
  for (const [key, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !seen.has(key)) seen.set(key, first);
  }
  return Object.fromEntries(seen);
};

const plainQuery = (query: FakeRequest['query']): Record<string, string> =>
  firstOfEach(
    typeof query === 'string' || query instanceof URLSearchParams
      ? new URLSearchParams(query)
      : Object.entries(query ?? {}),
  );

const plainHeaders = (headers: FakeRequest['headers']): Record<string, string> =>
  Object.fromEntries(
    [...(headers instanceof Headers ? headers : Object.entries(headers ?? {}))]
      .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
      .map(([key, value]) => [key.toLowerCase(), [value].flat().join(', ')]),
  );

const json = (status: number, value: unknown, extra: Record<string, string> = {}) => ({
  status,
  headers: { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
  body: JSON.stringify(value),
});
const failure = (status: number, error: string) => json(status, { error });
const text = (status: number, type: string, body: string) => ({
  status,
  headers: { ...CORS, 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' },
  body,
});

const count = (value: string | undefined, max: number) => {
  const n = /^\d{1,6}$/.test(value ?? '') ? Number(value) : 0;
  return n >= 1 && n <= max ? n : undefined;
};

const checkSpec = (spec: TokenSpec) => {
  if (spec === null || typeof spec !== 'object') {
    throw new TypeError('fake Ordergroove: token spec must be an object');
  }
  const oneOf = (name: string, value: unknown, allowed: readonly unknown[]) => {
    if (value !== undefined && !allowed.includes(value)) {
      throw new TypeError(`fake Ordergroove: ${name} must be one of ${allowed.join(', ')}`);
    }
  };
  oneOf('action', spec.action, ACTIONS);
  oneOf('state', spec.state, STATES);
  oneOf('fault', spec.fault, FAULTS);
  oneOf('format', spec.format, ['jwt', 'base64']);
  for (const name of ['faultTimes', 'delayMs'] as const) {
    const value = spec[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`fake Ordergroove: ${name} must be a whole number >= 0`);
    }
  }
};

/** The 400 reason for an action's own parameters, if any. */
const paramError = (action: FakeAction, query: Record<string, string>) => {
  const has = (key: string) => Object.hasOwn(query, key);
  if (action === 'delay' && has('days') && !count(query.days, MAX_DAYS)) return 'invalid days';
  if (action === 'reactivate' && has('winback_id') && !ID_PATTERN.test(query.winback_id ?? '')) {
    return 'invalid winback_id';
  }
  if (action === 'upsell') {
    if (!ID_PATTERN.test(query.product ?? '')) return 'invalid product';
    if (has('quantity') && !count(query.quantity, MAX_QUANTITY)) return 'invalid quantity';
  }
  return undefined;
};

/** What the application decided on arrival, and what happens to the answer afterwards. */
interface Outcome {
  answer: FakeResponse | FakeDrop;
  late?: 'slow' | 'lost';
  delayMs?: number;
}

/** A fake Ordergroove API: tokens, the request log and the actions carried out. */
export class FakeOrdergroove {
  /** Every request received, control routes excluded (cleared in place by `reset()`). */
  readonly requests: LoggedRequest[] = [];
  /** Every action carried out (cleared in place by `reset()`). */
  readonly performed: PerformedAction[] = [];
  readonly latencyMs: number;
  readonly #tokens = new Map<string, TokenRecord>();
  #serial = 0;

  constructor({ latencyMs = 0 }: FakeOrdergrooveOptions = {}) {
    if (!(Number.isInteger(latencyMs) && latencyMs >= 0)) {
      throw new TypeError('fake Ordergroove: latencyMs must be a whole number >= 0');
    }
    this.latencyMs = latencyMs;
  }

  /** Creates a token; throws `TypeError` on a bad spec. */
  mint(spec: TokenSpec = {}): string {
    checkSpec(spec);
    const state = spec.state ?? 'valid';
    let token = this.#makeToken(spec, state);
    while (this.#tokens.has(token)) token = this.#makeToken(spec, state);
    this.#tokens.set(token, {
      action: spec.action,
      state,
      fault: spec.fault,
      faultsLeft: spec.fault ? (spec.faultTimes ?? Number.POSITIVE_INFINITY) : 0,
      delayMs: spec.delayMs ?? 3000,
    });
    return token;
  }

  /** Answers a request: carried out now, answered after the latency (and `slow`). */
  async handle(
    request: FakeRequest,
    { signal, sleep = defaultSleep }: HandleOptions = {},
  ): Promise<FakeResponse | FakeDrop> {
    const method = (request.method ?? 'GET').toUpperCase();
    const [path = '/', suffix = ''] = request.path.split('?', 2);
    const query = { ...plainQuery(suffix), ...plainQuery(request.query) };
    const headers = plainHeaders(request.headers);
    this.requests.push({ method, path, query, headers });
    const { answer, late, delayMs = 0 } = this.#arrive(method, path, query, headers);
    await wait(sleep, this.latencyMs, signal);
    if (late === 'slow') await wait(sleep, delayMs, signal);
    return late === 'lost' ? { fault: 'lost' } : answer;
  }

  /** A copy of a token's record, or undefined for a token never minted. */
  inspect(token: string): TokenRecord | undefined {
    const record = this.#tokens.get(token);
    return record && { ...record };
  }

  /** Forgets all tokens and clears both logs in place. */
  reset(): void {
    this.#tokens.clear();
    this.requests.length = 0;
    this.performed.length = 0;
  }

  #arrive(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: Record<string, string>,
  ): Outcome {
    if (method === 'OPTIONS') {
      const allow = headers['access-control-request-headers'] || '*';
      return {
        answer: {
          status: 204,
          headers: {
            ...CORS,
            'access-control-allow-methods': 'GET, OPTIONS',
            'access-control-allow-headers': allow,
            'access-control-max-age': '0',
          },
          body: '',
        },
      };
    }
    const action = /^\/one_click\/(delay|skip|reactivate|upsell)\/?$/.exec(path)?.[1] as
      | FakeAction
      | undefined;
    if (!action) return { answer: failure(404, 'not found') };
    if (method !== 'GET') {
      return { answer: json(405, { error: 'method not allowed' }, { allow: 'GET, OPTIONS' }) };
    }
    const token = query.token;
    if (!token) return { answer: failure(400, 'missing token') };
    const record = this.#tokens.get(token);
    if (!record) return { answer: failure(400, 'invalid token') };

    const fault = record.faultsLeft > 0 ? record.fault : undefined;
    if (fault && fault !== 'nonjson') record.faultsLeft -= 1;
    // A failing proxy in front of the application: nothing reaches it.
    if (fault === 'reset') return { answer: { fault: 'reset' } };
    if (fault === 'error500') return { answer: failure(500, 'internal error') };
    if (fault === 'error503') {
      return { answer: json(503, { error: 'service unavailable' }, { 'retry-after': '1' }) };
    }
    if (fault === 'html500') return { answer: text(500, 'text/html', HTML_ERROR_PAGE) };

    const late = fault === 'slow' || fault === 'lost' ? fault : undefined;
    const answer = this.#judge(action, token, record, query);
    if (fault === 'nonjson' && answer.status === 200) {
      record.faultsLeft -= 1;
      return { answer: text(200, 'text/plain', 'OK') };
    }
    return { answer, late, delayMs: record.delayMs };
  }

  /** The application's answer; a success consumes the token. */
  #judge(
    action: FakeAction,
    token: string,
    record: TokenRecord,
    query: Record<string, string>,
  ): FakeResponse {
    if (record.action && record.action !== action) {
      return failure(400, 'token not valid for this action');
    }
    if (record.state === 'used') return failure(400, 'token already used');
    if (record.state === 'expired') return failure(400, 'token expired');
    const reason = paramError(action, query);
    if (reason) return failure(400, reason);
    record.state = 'used';
    const { token: _token, ...params } = query;
    this.performed.push({ action, token, params });
    return json(200, {});
  }

  #makeToken(spec: TokenSpec, state: FakeTokenState): string {
    this.#serial += 1;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'fake-ordergroove',
      sub: `cust_${1000 + this.#serial}`,
      jti: Buffer.from(randomBytes(9)).toString('base64url'),
      iat: now,
      exp: state === 'expired' ? now - 86_400 : now + 30 * 86_400,
      debug: { action: spec.action ?? '*', state, fault: spec.fault ?? null },
    };
    if (spec.format !== 'base64') {
      const header = base64Url({ alg: 'ES512', typ: 'JWT', kid: 'fake-og-2025' });
      return `${header}.${base64Url(claims)}.${Buffer.from(randomBytes(132)).toString('base64url')}`;
    }
    // Old-style: standard base64 of JSON and a signature, until it shows `+`, `/` and `=`.
    const body = new TextEncoder().encode(JSON.stringify({ ...claims, sig: 1 }));
    for (;;) {
      const length = body.length + 64 + ((body.length + 64) % 3 === 0 ? 1 : 0);
      const bytes = new Uint8Array(length);
      bytes.set(body);
      bytes.set(randomBytes(length - body.length), body.length);
      const token = base64(bytes);
      if (token.includes('+') && token.includes('/') && token.endsWith('=')) return token;
    }
  }
}

/** Creates an independent fake Ordergroove API. */
export const createFakeOrdergroove = (options?: FakeOrdergrooveOptions) =>
  new FakeOrdergroove(options);
