import ky, { type Options as KyOptions } from 'ky';
import type { Config } from './config.js';
import type { ErrorCode } from './errors.js';
import type { Link } from './link.js';
import { own } from './own.js';
import { logUnexpected, MAX_BODY, scrub } from './reason.js';

/**
 * What the API said: nothing for success, else an error code and maybe the API's reason.
 * (`recovered`: a success found out from a "used" after an ambiguous outcome.)
 */
export type Answer = { code?: ErrorCode; reason?: string; recovered?: boolean };

/** The page's `fetch` when og-oca loaded: a later wrapper never sees the token (docs/decisions.md, "ky inside dist/oca.js"). */
const fetchAtLoad = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;

/** The request URL: `{apiBase}{path}?token=…` and the action's parameters, as the API names them. */
export const actionUrl = ({ token, action, params }: Link, config: Config): URL => {
  const url = new URL(config.apiBase + config[`${action}Path`]);
  // `params` holds the action's own parameters only (readLink), so the spread copies nothing else.
  const query = { token, days: action === 'delay' ? config.delayDays : undefined, ...params };
  for (const [name, value] of Object.entries(query))
    if (value !== undefined)
      url.searchParams.set(name === 'winbackId' ? 'winback_id' : name, String(value));
  return url;
};

/**
 * ky's options for the one request. Every option ky reads, and every member of `RequestInit`,
 * is an own property, most set to nothing, so that a polluted `Object.prototype` adds none
 * (docs/decisions.md, "ky inside dist/oca.js"). A hook set to `undefined` clears any hook ky merged in.
 */
const kyOptions = (
  config: Config,
  signal: AbortSignal,
  fetch: (request: Request) => Promise<Response>,
) =>
  ({
    method: 'get',
    retry: 0,
    timeout: config.timeout,
    throwHttpErrors: false,
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    mode: 'cors',
    redirect: 'follow',
    signal,
    // ky's second argument holds the options a Request cannot carry (none that og-oca uses), as
    // an ordinary object: fetch would read a polluted prototype's `headers` through it.
    fetch: (request) => fetch(request as Request),
    searchParams: '',
    prefixUrl: '',
    context: {},
    hooks: {
      beforeRequest: undefined,
      beforeRetry: undefined,
      afterResponse: undefined,
      beforeError: undefined,
    },
    headers: undefined,
    body: undefined,
    json: undefined,
    parseJson: undefined,
    stringifyJson: undefined,
    onDownloadProgress: undefined,
    onUploadProgress: undefined,
    referrer: undefined,
    integrity: undefined,
    keepalive: undefined,
    priority: undefined,
    window: undefined,
    duplex: undefined,
  }) as KyOptions;

/**
 * Sends the one request that carries the action out, with ky, and says how it went. A plain
 * `GET` with no custom header: no CORS preflight. Never retried: actions are not idempotent.
 * The deadline also ends the reading of the body (docs/decisions.md, "The request and its answer").
 *
 * The input is a `Request` made here, not a URL: ky reads `headers` and `signal` from its
 * input, and a string or a URL has neither of its own. An exception before the request leaves
 * is `unexpected`, not `network`: nothing was sent (docs/decisions.md, "ky inside dist/oca.js").
 */
export const sendAction = async (link: Link, config: Config): Promise<Answer> => {
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(), config.timeout);
  let sent = false;
  const send = (request: Request) => {
    sent = true;
    return fetchAtLoad!(request);
  };
  try {
    const response = await ky(
      new Request(actionUrl(link, config)),
      kyOptions(config, signal, send),
    );
    return classify(response.status, await head(response, signal), link.token);
  } catch (error) {
    if (!sent) {
      logUnexpected(error, link.token);
      return { code: 'unexpected' };
    }
    return {
      code: signal.aborted || (error as Error)?.name === 'TimeoutError' ? 'timeout' : 'network',
    };
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The first {@link MAX_BODY} bytes of the body as text; the rest is never read. Throws if
 * `signal` aborts first (the deadline passed while the body trickled in).
 */
const head = async (response: Response, signal: AbortSignal) => {
  const bytes = new Uint8Array(MAX_BODY);
  let size = 0;
  const reader = response.body?.getReader();
  const stop = () => reader?.cancel().catch(() => {});
  signal.addEventListener('abort', stop);
  while (reader && size < MAX_BODY) {
    const { done, value } = await reader.read();
    if (done) break;
    const part = value.subarray(0, MAX_BODY - size);
    bytes.set(part, size);
    size += part.length;
  }
  stop();
  signal.throwIfAborted();
  return new TextDecoder().decode(bytes.subarray(0, size));
};

/**
 * Maps an HTTP answer to an outcome: 2xx is success whatever the body; a 4xx other than 408
 * and 429 is read for its scrubbed reason (docs/decisions.md, "The request and its answer").
 */
export const classify = (status: number, body: string, token: string): Answer => {
  if (status > 199 && status < 300) return {};
  if (status < 400 || status > 499 || status === 408 || status === 429) return { code: 'server' };
  let reason = '';
  try {
    const error = own(JSON.parse(body), 'error');
    if (typeof error === 'string') reason = scrub(error, token) ?? '';
  } catch {}
  return {
    // "Expired" first: "token has expired and can no longer be used" is an expired token.
    code: /expired/i.test(reason)
      ? 'expired_token'
      : /used|consumed/i.test(reason)
        ? 'used_token'
        : 'rejected',
    ...(reason && { reason: reason.slice(0, 200) }),
  };
};
