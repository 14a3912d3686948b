/** Serving the Fetch-API handler from `node:http` and Express. */

import { reply } from './answer.js';
import { isParsedJson } from './body.js';
import type { WebhookHandler } from './handler-options.js';

/**
 * What {@link toNodeListener} reads of a `node:http` `IncomingMessage` (Express's `req`
 * is one). Written out so that og-oca's types need no Node types.
 */
export interface NodeRequest {
  method?: string | undefined;
  /** The request target (path and query). */
  url?: string | undefined;
  /** Header names and values, alternating, as received. */
  rawHeaders: string[];
  /** True once the body was read to its end (by a body parser that ran first). */
  readableEnded?: boolean;
  /**
   * Set by an Express body parser that ran first: a `Buffer` (`express.raw()`) or string
   * (`express.text()`) is used as the body; a parsed object (`express.json()`) is refused.
   */
  body?: unknown;
  /** Subscribes to `data`, `end` and `error`. */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Stops `data` events (back-pressure). */
  pause(): unknown;
  /** Resumes `data` events. */
  resume(): unknown;
}

/** What {@link toNodeListener} uses of a `node:http` `ServerResponse` (Express's `res`). */
export interface NodeResponse {
  statusCode: number;
  /** Sets one response header. */
  setHeader(name: string, value: string): unknown;
  /** Sends the body and ends the response. */
  end(body: string): unknown;
}

const encoder = new TextEncoder();

/**
 * The body of a Node request as a Web stream, with back-pressure, and a `discard()` that
 * drops whatever the handler did not read (a body over the limit, or a request refused
 * before its body was read), so that the answer still reaches the client.
 */
const streamOf = (
  req: NodeRequest,
): { stream: ReadableStream<Uint8Array>; discard: () => void } => {
  let discarded = false;
  const discard = () => {
    discarded = true;
    req.resume();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Uint8Array | string) => {
        if (discarded) return;
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!discarded) controller.close();
      });
      req.on('error', (error: unknown) => {
        if (!discarded) controller.error(error);
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel: discard,
  });
  return { stream, discard };
};

/**
 * True for a body a JSON parser produced from a real body: an array, or an object with at
 * least one key. (`express.json()` sets `{}` when it skips a request of another type, and
 * leaves the stream unread.)
 */
const isParsedObject = (body: unknown): boolean =>
  typeof body === 'object' &&
  body !== null &&
  isParsedJson(body) &&
  (Array.isArray(body) || Object.keys(body).length > 0);

/**
 * Builds the Fetch `Request` the handler takes (`undefined` when a parser already read the
 * body), and the function that discards what of the body is left unread.
 */
const toRequest = (req: NodeRequest): [Request | undefined, () => void] => {
  let discard = () => {};
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // A header Fetch refuses is not one the handler reads.
    }
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const path = req.url?.startsWith('/') ? req.url : '/';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = req.body;
    if (typeof parsed === 'string' || parsed instanceof Uint8Array) {
      init.body = parsed as BodyInit;
    } else if (req.readableEnded || isParsedObject(parsed)) {
      return [undefined, discard];
    } else {
      const body = streamOf(req);
      init.body = body.stream;
      init.duplex = 'half';
      discard = body.discard;
    }
  }
  return [new Request(`http://localhost${path}`, init), discard];
};

/**
 * Adapts a {@link createWebhookHandler} handler to `node:http` and Express:
 *
 * ```ts
 * http.createServer(toNodeListener(handler)).listen(3000);
 * app.post('/webhooks/ordergroove', toNodeListener(handler)); // Express: before express.json()
 * ```
 *
 * It streams the request body to the handler (so the size limit applies while reading).
 * Behind Express, a route with `express.raw({ type: 'application/json' })` works too (the
 * raw `Buffer` is used); a body that `express.json()` already parsed cannot be verified and
 * is answered 500 `parsed_body`, so that Ordergroove keeps retrying until the route is fixed.
 *
 * @param handler - the Fetch-API handler
 * @returns `(req, res) => Promise<void>`; it never rejects
 */
export const toNodeListener =
  (handler: WebhookHandler) =>
  async (req: NodeRequest, res: NodeResponse): Promise<void> => {
    let response: Response;
    let discard = () => {};
    try {
      const [request, discardBody] = toRequest(req);
      discard = discardBody;
      response = request
        ? await handler(request)
        : reply(500, {
            error: 'parsed_body',
            message:
              'A body parser read this request before og-oca, so its raw bytes are gone: mount the ' +
              "webhook route before express.json(), or give it express.raw({ type: 'application/json' }).",
          });
    } catch {
      response = reply(500, { error: 'internal_error', message: 'The receiver failed.' });
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    res.end(await response.text());
    discard();
  };
