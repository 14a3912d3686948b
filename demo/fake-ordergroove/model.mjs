// @ts-check
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
 * "Drop the connection without answering": `reset` before the request was carried out
 * (a failing proxy in front of the API), `lost` after it was (the answer never arrives).
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
 * @property {AbortSignal} [signal] Aborts when the client goes away: the wait (latency,
 *   `slow`) ends early. The request was already carried out when it arrived, as a real
 *   server does; only its answer is lost.
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

export const ACTIONS = /** @type {const} */ (['delay', 'skip', 'reactivate', 'upsell']);
export const STATES = /** @type {const} */ (['valid', 'used', 'expired']);
export const FAULTS = /** @type {const} */ ([
  'error500',
  'error503',
  'slow',
  'lost',
  'reset',
  'nonjson',
  'html500',
]);

/** Same shapes the SDK accepts (src/actions.ts); the fake is the server, so it re-checks. */
const ID_PATTERN = /^[\w.:/-]{1,128}$/;
const MAX_DAYS = 365;
const MAX_QUANTITY = 999;

const CORS = Object.freeze({ 'access-control-allow-origin': '*' });

/**
 * The HTML error page a misconfigured proxy might return. It contains live markup on
 * purpose: a client that ever renders a response body as HTML would run it.
 */
/** @type {string} */
export const HTML_ERROR_PAGE = `<!doctype html>
<html><head><title>500 Internal Server Error</title>
<script>window.__ocaInjected = true; document.title = 'PWNED';</script></head>
<body><h1>Internal Server Error</h1>
<img src="/x-does-not-exist.png" onerror="window.__ocaInjected = true">
<p>The server encountered an internal error and was unable to complete your request.</p>
</body></html>
`;

/** @param {Uint8Array} bytes */
const toBase64 = (bytes) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
/** @param {Uint8Array} bytes */
const toBase64Url = (bytes) =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** @param {unknown} value */
const jsonBase64Url = (value) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
/** @param {number} length */
const randomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/**
 * @param {Sleep} sleep
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<boolean>} true when the wait ended because the signal aborted
 */
const wait = async (sleep, ms, signal) => {
  if (signal?.aborted) return true;
  if (!(ms > 0)) return false;
  if (!signal) {
    await sleep(ms);
    return false;
  }
  /** @type {() => void} */
  let onAbort = () => {};
  const aborted = new Promise((resolve) => {
    onAbort = () => resolve(true);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return Boolean(await Promise.race([sleep(ms).then(() => false), aborted]));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
};

/** @type {Sleep} */
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {FakeRequest['query']} query
 * @returns {Record<string, string>}
 */
const plainQuery = (query) => {
  /** @type {Record<string, string>} */
  const out = {};
  if (query == null) return out;
  if (typeof query === 'string' || query instanceof URLSearchParams) {
    for (const [key, value] of new URLSearchParams(query)) if (!(key in out)) out[key] = value;
    return out;
  }
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = String(first);
  }
  return out;
};

/**
 * @param {FakeRequest['headers']} headers
 * @returns {Record<string, string>}
 */
const plainHeaders = (headers) => {
  /** @type {Record<string, string>} */
  const out = {};
  if (headers == null) return out;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
};

/**
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [extra]
 * @returns {FakeResponse}
 */
const json = (status, value, extra = {}) => ({
  status,
  headers: { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
  body: JSON.stringify(value),
});

/**
 * @param {number} status
 * @param {string} error
 */
const failure = (status, error) => json(status, { error });

/**
 * @param {string} name
 * @param {unknown} value
 * @param {readonly unknown[]} allowed
 */
const checkEnum = (name, value, allowed) => {
  if (value !== undefined && !allowed.includes(value)) {
    throw new TypeError(`fake Ordergroove: ${name} must be one of ${allowed.join(', ')}`);
  }
};

/**
 * @param {string} name
 * @param {unknown} value
 */
const checkCount = (name, value) => {
  if (value !== undefined && !(Number.isInteger(value) && /** @type {number} */ (value) >= 0)) {
    throw new TypeError(`fake Ordergroove: ${name} must be a whole number >= 0`);
  }
};

/**
 * A whole number 1..max written in plain digits, else undefined.
 * @param {string} text
 * @param {number} max
 */
const count = (text, max) => {
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= max ? n : undefined;
};

/**
 * Creates an independent fake Ordergroove API.
 * @param {FakeOrdergrooveOptions} [options]
 * @returns {FakeOrdergroove}
 */
export function createFakeOrdergroove(options = {}) {
  const latencyMs = options.latencyMs ?? 0;
  checkCount('latencyMs', latencyMs);

  /** @type {Map<string, { action: FakeAction | undefined, state: FakeTokenState, fault: FakeFault | undefined, faultsLeft: number, delayMs: number }>} */
  const tokens = new Map();
  /** @type {LoggedRequest[]} */
  const requests = [];
  /** @type {PerformedAction[]} */
  const performed = [];
  let serial = 0;

  /**
   * @param {TokenSpec} spec
   * @param {FakeTokenState} state
   */
  const makeToken = (spec, state) => {
    serial += 1;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'fake-ordergroove',
      sub: `cust_${1000 + serial}`,
      jti: toBase64Url(randomBytes(9)),
      iat: now,
      exp: state === 'expired' ? now - 86_400 : now + 30 * 86_400,
      // For humans reading the token only; the model never looks at it.
      debug: { action: spec.action ?? '*', state, fault: spec.fault ?? null },
    };
    if (spec.format === 'base64') {
      // Old-style tokens: standard base64 of JSON + a signature. Keep trying until it
      // shows all three of the characters that need URL-encoding.
      for (;;) {
        const body = new TextEncoder().encode(JSON.stringify({ ...claims, sig: 1 }));
        const length = body.length + 64;
        const bytes = new Uint8Array(length % 3 === 0 ? length + 1 : length);
        bytes.set(body);
        bytes.set(randomBytes(bytes.length - body.length), body.length);
        const token = toBase64(bytes);
        if (/\+/.test(token) && /\//.test(token) && /=$/.test(token)) return token;
      }
    }
    const header = jsonBase64Url({ alg: 'ES512', typ: 'JWT', kid: 'fake-og-2025' });
    return `${header}.${jsonBase64Url(claims)}.${toBase64Url(randomBytes(132))}`;
  };

  /** @type {FakeOrdergroove['mint']} */
  const mint = (spec = {}) => {
    if (spec === null || typeof spec !== 'object') {
      throw new TypeError('fake Ordergroove: token spec must be an object');
    }
    checkEnum('action', spec.action, ACTIONS);
    checkEnum('state', spec.state, STATES);
    checkEnum('fault', spec.fault, FAULTS);
    checkEnum('format', spec.format, ['jwt', 'base64']);
    checkCount('faultTimes', spec.faultTimes);
    checkCount('delayMs', spec.delayMs);
    const state = spec.state ?? 'valid';
    let token = makeToken(spec, state);
    while (tokens.has(token)) token = makeToken(spec, state);
    tokens.set(token, {
      action: spec.action,
      state,
      fault: spec.fault,
      faultsLeft: spec.fault ? (spec.faultTimes ?? Number.POSITIVE_INFINITY) : 0,
      delayMs: spec.delayMs ?? 3000,
    });
    return token;
  };

  /**
   * Validates the action's own parameters (after the token checks).
   * @param {FakeAction} action
   * @param {Record<string, string>} query
   * @returns {string | undefined} the 400 reason, if any
   */
  const paramError = (action, query) => {
    if (action === 'delay' && 'days' in query && count(query.days ?? '', MAX_DAYS) === undefined) {
      return 'invalid days';
    }
    if (
      action === 'reactivate' &&
      'winback_id' in query &&
      !ID_PATTERN.test(query.winback_id ?? '')
    ) {
      return 'invalid winback_id';
    }
    if (action === 'upsell') {
      if (!ID_PATTERN.test(query.product ?? '')) return 'invalid product';
      if ('quantity' in query && count(query.quantity ?? '', MAX_QUANTITY) === undefined) {
        return 'invalid quantity';
      }
    }
    return undefined;
  };

  /**
   * Answers a request the moment it arrives: the token is judged and consumed now.
   * @param {string} method
   * @param {string} path
   * @param {Record<string, string>} query
   * @param {Record<string, string>} headers
   * @returns {{ answer: FakeResponse | FakeDrop, fault?: FakeFault, delayMs?: number }}
   */
  const answerNow = (method, path, query, headers) => {
    if (method === 'OPTIONS') {
      return {
        answer: {
          status: 204,
          headers: {
            ...CORS,
            'access-control-allow-methods': 'GET, OPTIONS',
            'access-control-allow-headers': headers['access-control-request-headers'] || '*',
            'access-control-max-age': '0',
          },
          body: '',
        },
      };
    }

    const match = /^\/one_click\/(delay|skip|reactivate|upsell)\/?$/.exec(path);
    if (!match) return { answer: failure(404, 'not found') };
    if (method !== 'GET') {
      return { answer: json(405, { error: 'method not allowed' }, { allow: 'GET, OPTIONS' }) };
    }
    const action = /** @type {FakeAction} */ (match[1]);

    const token = query.token;
    if (!token) return { answer: failure(400, 'missing token') };
    const record = tokens.get(token);
    if (!record) return { answer: failure(400, 'invalid token') };

    // error500/error503/html500/reset stand for the infrastructure in front of the
    // application: they fire before the token is judged, and nothing is carried out.
    // slow/lost happen after the application did its work. nonjson rewrites a success.
    const fault = record.faultsLeft > 0 ? record.fault : undefined;
    if (fault && fault !== 'nonjson') record.faultsLeft -= 1;
    switch (fault) {
      case 'reset':
        return { answer: { fault: 'reset' } };
      case 'error500':
        return { answer: failure(500, 'internal error') };
      case 'error503':
        return { answer: json(503, { error: 'service unavailable' }, { 'retry-after': '1' }) };
      case 'html500':
        return {
          answer: {
            status: 500,
            headers: {
              ...CORS,
              'content-type': 'text/html; charset=utf-8',
              'cache-control': 'no-store',
            },
            body: HTML_ERROR_PAGE,
          },
        };
      default:
    }
    const late = { fault, delayMs: record.delayMs };

    if (record.action && record.action !== action) {
      return { ...late, answer: failure(400, 'token not valid for this action') };
    }
    if (record.state === 'used') return { ...late, answer: failure(400, 'token already used') };
    if (record.state === 'expired') return { ...late, answer: failure(400, 'token expired') };
    const reason = paramError(action, query);
    if (reason) return { ...late, answer: failure(400, reason) };

    record.state = 'used';
    const { token: _token, ...params } = query;
    performed.push({ action, token, params });
    if (fault === 'nonjson') {
      record.faultsLeft -= 1;
      return {
        answer: {
          status: 200,
          headers: {
            ...CORS,
            'content-type': 'text/plain; charset=utf-8',
            'cache-control': 'no-store',
          },
          body: 'OK',
        },
      };
    }
    return { ...late, answer: json(200, {}) };
  };

  /** @type {FakeOrdergroove['handle']} */
  const handle = async (request, { signal, sleep = defaultSleep } = {}) => {
    const method = String(request.method ?? 'GET').toUpperCase();
    let path = String(request.path ?? '/');
    const query = plainQuery(request.query);
    const mark = path.indexOf('?');
    if (mark >= 0) {
      for (const [key, value] of Object.entries(plainQuery(path.slice(mark + 1)))) {
        if (!(key in query)) query[key] = value;
      }
      path = path.slice(0, mark);
    }
    const headers = plainHeaders(request.headers);
    requests.push({ method, path, query, headers });

    // The work is done on arrival; latency and `slow` only delay the answer, so a client
    // that gives up (timeout, abort, dropped connection) leaves the action carried out.
    const { answer, fault, delayMs = 0 } = answerNow(method, path, query, headers);
    await wait(sleep, latencyMs, signal);
    if (fault === 'slow') await wait(sleep, delayMs, signal);
    if (fault === 'lost') return { fault: 'lost' };
    return answer;
  };

  /** @type {FakeOrdergroove['inspect']} */
  const inspect = (token) => {
    const record = tokens.get(token);
    return record ? { ...record } : undefined;
  };

  const reset = () => {
    tokens.clear();
    requests.length = 0;
    performed.length = 0;
  };

  return { mint, handle, requests, performed, inspect, reset, latencyMs };
}
