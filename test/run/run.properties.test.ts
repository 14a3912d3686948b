// run() against generated API behaviour (msw): any status 200–599, any body (JSON with an
// `error` of any type, non-JSON, empty, huge, HTML error pages, invalid UTF-8, wrong content
// types), answers that straddle the timeout, dropped connections. run() must always resolve,
// with exactly the outcome the README's table gives, after exactly one request, and the
// token must not show anywhere: page, attributes, events, console, result, history.
//
// The oracle (`expected`) is written from README "What the page shows" and "Decisions",
// not from src/request.ts.
import fc from 'fast-check';
import { delay, HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import { server } from '../helpers/msw';
import {
  ACTIONS4,
  type Action4,
  type DesignCode,
  everyString,
  freshPage,
  hostileText,
  huge,
  LIMIT,
  runs,
  tokenArb,
} from '../helpers/properties';

// Time for FC_RUNS cases on a busy machine (support.ts).
vi.setConfig({ testTimeout: LIMIT });

const API = 'https://restapi.ordergroove.com';

/** Codes that get a "Try again" button (README's table). */
const RETRYABLE = new Set<DesignCode>(['network', 'timeout', 'server']);

// ---------------------------------------------------------------------------------------
// What the API does, as data.

type Echo = 'none' | 'prefix' | 'suffix' | 'middle' | 'twice' | 'whole' | 'encoded';
const echoArb = fc.constantFrom<Echo>(
  'none',
  'none',
  'prefix',
  'suffix',
  'middle',
  'twice',
  'whole',
);
const withEcho = (text: string, token: string, echo: Echo) => {
  const half = Math.floor(text.length / 2);
  switch (echo) {
    case 'prefix':
      return `${token} ${text}`;
    case 'suffix':
      return `${text}: ${token}`;
    case 'middle':
      return `${text.slice(0, half)}${token}${text.slice(half)}`;
    case 'twice':
      return `${token}${text}${token}${token}`;
    case 'whole':
      return token;
    case 'encoded': // as in the request's query string
      return `${text} ?token=${encodeURIComponent(token)}`;
    default:
      return text;
  }
};

/** `xxx…x <word>`: a reason of `min`–`max` x's, then what it says. */
function longReason(min: number, max: number) {
  return fc
    .tuple(fc.integer({ min, max }), fc.constantFrom('already used', 'expired', 'nope'))
    .map(([n, word]) => `${'x'.repeat(n)} ${word}`);
}

const reasonArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'token already used',
      'Token Already Used',
      'this token was consumed',
      'token expired',
      'Token has EXPIRED',
      'token has expired and can no longer be used',
      'invalid token',
      'missing token',
      'token not valid for this action',
      'invalid days',
      'not found',
      '',
      ' ',
    ),
  },
  { weight: 3, arbitrary: hostileText() },
  // a long reason (a longer one, whose word comes after character 200)
  { weight: 1, arbitrary: longReason(100, 180) },
);

type Body =
  | { kind: 'error'; reason: string; echo: Echo; bom: boolean; extra: Record<string, unknown> }
  | { kind: 'error-any'; value: unknown }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string; echo: Echo }
  | { kind: 'html'; word: string; echo: Echo }
  | { kind: 'empty' }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'huge'; filler: string; word: string; echo: Echo };

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('error' as const),
      reason: reasonArb,
      echo: echoArb,
      bom: fc.boolean(),
      extra: fc.dictionary(fc.constantFrom('message', 'code', 'detail', 'token'), fc.jsonValue(), {
        maxKeys: 2,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('error-any' as const),
      value: fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'string'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('json' as const),
      value: fc.jsonValue({ maxDepth: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: hostileText(),
      echo: echoArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('html' as const),
      word: fc.constantFrom('used', 'expired', 'error'),
      echo: echoArb,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'empty' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      bytes: fc.uint8Array({ maxLength: 64 }),
    }),
  },
);
// A megabyte of JSON whose reason may echo the token: about 3 cases per 1,000.
const bodies = fc.oneof(
  { weight: 299, arbitrary: bodyArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('huge' as const),
      filler: huge(),
      word: fc.constantFrom('used', 'expired', 'bad'),
      echo: echoArb,
    }),
  },
);

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const statusArb = fc.oneof(
  fc.constantFrom(200, 201, 204, 299, 300, 304, 400, 401, 403, 404, 408, 409, 410, 422, 429),
  fc.constantFrom(499, 500, 502, 503, 504, 599),
  // msw follows redirects itself (and loops on one without Location), so they are left out.
  fc.integer({ min: 200, max: 599 }).filter((s) => !REDIRECTS.has(s)),
);
const contentTypeArb = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-16',
  'application/problem+json',
  'text/html; charset=utf-8',
  'text/plain',
  'image/png',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
);

type Reply =
  | { kind: 'response'; status: number; body: Body; contentType: string | undefined }
  | { kind: 'fetch-error' };
const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('response' as const),
      status: statusArb,
      body: bodies,
      contentType: contentTypeArb,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'fetch-error' as const }) },
);

/** The bytes or text the API sends for `body`, with the token echoed where asked. */
const payload = (body: Body, token: string): string | Uint8Array => {
  switch (body.kind) {
    case 'error':
      return `${body.bom ? '\ufeff' : ''}${JSON.stringify({
        ...body.extra,
        error: withEcho(body.reason, token, body.echo),
      })}`;
    case 'error-any':
      return JSON.stringify({ error: body.value });
    case 'json':
      return JSON.stringify(body.value) ?? '';
    case 'text':
      return withEcho(body.text, token, body.echo);
    case 'html':
      return `<!doctype html><title>Error</title><h1>${withEcho(`token ${body.word}`, token, body.echo)}</h1><script>window.__pwned=1</script><img src=x onerror=alert(1)>`;
    case 'empty':
      return '';
    case 'bytes':
      return body.bytes;
    case 'huge':
      return JSON.stringify({
        error: withEcho(`token ${body.word}`, token, body.echo),
        pad: body.filler,
      });
  }
};

// ---------------------------------------------------------------------------------------
// The oracle: README "What the page shows" (code table) and "Decisions".

type Expected = { status: 'success' } | { code: DesignCode; orCode?: DesignCode; reason?: string };

/** The API's reason: `{"error": "<reason>"}` of a 4xx body read as UTF-8 text (as `Response.text()`). */
const reasonOf = (raw: string | Uint8Array): string | undefined => {
  // Fetch sends a string as UTF-8; only the first 4 KB of a refusal is read, decoded as
  // UTF-8 with a leading BOM dropped.
  const bytes = (typeof raw === 'string' ? new TextEncoder().encode(raw) : raw).subarray(0, 4096);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const error = (parsed as Record<string, unknown>).error;
  return typeof error === 'string' ? error : undefined;
};

/** No 16 characters in a row of the token (as sent or URL-encoded, any case or separators) in `text`. */
const noRunOf = (token: string, text: string) => {
  const fold = (value: string) => value.replace(/[^a-zA-Z0-9]/g, '_').toLowerCase();
  const haystack = fold(text);
  return [token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2)]
    .map(fold)
    .every((spelling) => {
      const size = Math.min(16, spelling.length);
      for (let i = 0; i + size <= spelling.length; i++)
        if (haystack.includes(spelling.slice(i, i + size))) return false;
      return true;
    });
};

const expected = (reply: Reply, token: string): Expected => {
  if (reply.kind === 'fetch-error') return { code: 'network' };
  const { status } = reply;
  if (status >= 200 && status <= 299) return { status: 'success' };
  if (status < 400 || status > 499 || status === 408 || status === 429) return { code: 'server' };
  const given = reasonOf(payload(reply.body, token));
  // "error.reason carries the API's reason, token removed" (README): the words are read
  // with the token's pieces taken out (as sent, URL-encoded, and as is)
  const reason =
    given === undefined
      ? undefined
      : [encodeURIComponent(token), token].reduce(
          (text, form) => text.split(form).join('…'),
          given,
        );
  const says = (word: RegExp) => reason !== undefined && word.test(reason);
  if (says(/expired/i) && says(/used/i))
    return { code: 'expired_token', orCode: 'used_token', reason };
  if (says(/expired/i)) return { code: 'expired_token', reason };
  if (says(/used/i)) return { code: 'used_token', reason };
  // "consumed" is another way of saying used; the README does not say which it is.
  if (says(/consumed/i)) return { code: 'used_token', orCode: 'rejected', reason };
  return { code: 'rejected', reason };
};

// ---------------------------------------------------------------------------------------
// The link, the page, and what we watch.

const linkArb = fc
  .record({
    token: tokenArb,
    action: fc.constantFrom(...ACTIONS4),
    form: fc.constantFrom('query', 'fragment', 'legacy'),
    days: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
    product: fc.stringMatching(/^[\w.:/-]{1,40}$/),
  })
  .map(({ token, action, form, days, product }) => {
    const extra: [string, string][] =
      action === 'upsell'
        ? [['product', product]]
        : action === 'delay' && days !== undefined
          ? [[form === 'legacy' ? 'og_delay_by' : 'days', String(days)]]
          : [];
    const pairs: [string, string][] =
      form === 'legacy'
        ? [['og_quick_action', action], ...extra, ['og_quick_action_token', token]]
        : [['token', token], ['action', action], ...extra];
    const encoded = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    const url =
      form === 'query'
        ? `/landing?utm_source=mail&${encoded.join('&')}`
        : `/landing?utm_source=mail#${encoded.join(form === 'legacy' ? '#' : '&')}`;
    const params =
      action === 'upsell' ? { product } : action === 'delay' && days !== undefined ? { days } : {};
    return { token, action: action as Action4, url, params };
  });

/** Delays: most answers are immediate; some straddle a 30 ms timeout. */
const timingArb = fc.oneof(
  { weight: 9, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }) },
);
const TIMEOUT = 30;

const requests: URL[] = [];
let current: { reply: Reply; token: string; wait: number | undefined } | undefined;
server.resetHandlers(
  http.get(`${API}/one_click/:action`, async () => {
    const { reply, token, wait } = current!;
    if (wait) await delay(wait);
    if (reply.kind === 'fetch-error') return HttpResponse.error();
    const nullBody = [204, 205, 304].includes(reply.status);
    const headers = reply.contentType ? { 'content-type': reply.contentType } : undefined;
    return new HttpResponse(nullBody ? null : payload(reply.body, token), {
      status: reply.status,
      headers,
    });
  }),
);
server.events.on('request:start', ({ request }) => {
  requests.push(new URL(request.url));
});
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 100)); // let delayed answers finish
});

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const safeString = (value: unknown): string => {
  if (value instanceof Error) return `${value.message} ${value.stack}`;
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
};

// (vitest's restoreMocks undoes spies between tests, so they are made for each test)
let spies: ReturnType<typeof vi.spyOn>[] = [];
beforeEach(() => {
  // Each case is a page on its own: no other tab to ask after a "used" (tabs are tested in
  // test/tabs/tabs.test.ts), so a "used" answer is shown without the wait for other tabs.
  vi.stubGlobal('BroadcastChannel', undefined);
  spies = CONSOLE.map((name) => vi.spyOn(console, name).mockImplementation(() => {}));
});
const events: { type: string; detail: unknown }[] = [];
beforeAll(() => {
  for (const type of ['oca:pending', 'oca:confirm', 'oca:success', 'oca:error'])
    document.addEventListener(type, (event) =>
      events.push({ type, detail: (event as CustomEvent).detail }),
    );
});

type Link = typeof linkArb extends fc.Arbitrary<infer T> ? T : never;

/** One case: a fresh page, run(), then every check. */
const checkCase = async (
  link: Link,
  reply: Reply,
  wait: number | undefined,
  spellings: (token: string) => string[] = (token) => [token],
) => {
  freshPage(link.url);
  const host = document.createElement('div');
  host.setAttribute('data-oca', '');
  document.body.append(host);
  requests.length = 0;
  events.length = 0;
  for (const spy of spies) spy.mockClear();
  current = { reply, token: link.token, wait };
  const timeout = wait === undefined ? 5000 : TIMEOUT;

  const result = await run({ timeout });

  // exactly one request, the right one, and nobody clicked "Try again"
  expect(requests).toHaveLength(1);
  expect(requests[0]!.pathname).toBe(`/one_click/${link.action}`);
  expect(requests[0]!.searchParams.get('token')).toBe(link.token);

  // the outcome the README's table gives
  let want = expected(reply, link.token);
  if (wait !== undefined && wait >= TIMEOUT + 10) want = { code: 'timeout' };
  const mayTimeOut = wait !== undefined && wait < TIMEOUT + 10;
  if ('status' in want) {
    if (!(mayTimeOut && result.status === 'error' && result.error.code === 'timeout'))
      expect(result).toEqual({ status: 'success', action: link.action, params: link.params });
  } else {
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    const allowed = [want.code, want.orCode, mayTimeOut ? 'timeout' : undefined];
    expect(allowed).toContain(result.error.code);
    if (result.error.code !== 'timeout' && want.code !== 'timeout') {
      const shown = result.error.reason;
      if (want.reason && shown !== undefined) {
        // the API's reason, with every piece of the token made `…` (or dropped whole when
        // that is not enough), maybe shortened: what is left is the reason's own words
        const words = shown.split(/…+/);
        let from = 0;
        for (const word of words) {
          const at = (want.reason ?? '').indexOf(word, from);
          expect(at, `"${word}" of the reason shown`).toBeGreaterThanOrEqual(0);
          from = at + word.length;
        }
        expect(noRunOf(link.token, shown)).toBe(true);
      } else if (!want.reason) expect(shown).toBeUndefined();
    }
  }

  // what the host shows
  expect(host.getAttribute('data-oca-state')).toBe(result.status);
  if (result.status === 'error') {
    expect(host.getAttribute('data-oca-error')).toBe(result.error.code);
    expect(host.querySelector('[role=alert]')!.textContent).toBe(result.error.message);
    expect(result.error.code).not.toBe('unexpected');
    expect(host.querySelectorAll('button').length).toBe(
      RETRYABLE.has(result.error.code as DesignCode) ? 1 : 0,
    );
  } else expect(host.querySelectorAll('button').length).toBe(0);

  // the token nowhere
  const seen = [
    ...everyString(document.documentElement),
    document.title,
    location.href,
    JSON.stringify(history.state) ?? '',
    JSON.stringify(result),
    result.status === 'error' ? result.error.message : '',
    ...events.map((event) => JSON.stringify(event.detail)),
    ...spies.flatMap((spy) => spy.mock.calls.flat().map(safeString)),
  ];
  for (const spelling of spellings(link.token))
    for (const text of seen) expect(text.includes(spelling)).toBe(false);
  // and nothing logged (valid links, valid options)
  expect(spies.every((spy) => spy.mock.calls.length === 0)).toBe(true);
};

describe('run() against generated API behaviour', () => {
  test('resolves with the README outcome, one request, and the token nowhere', async () => {
    await fc.assert(
      fc.asyncProperty(linkArb, replyArb, timingArb, (l, r, w) => checkCase(l, r, w)),
      runs,
    );
  });

  // The reason is read for "used"/"expired" in full and cut to 200 characters for
  // error.reason only afterwards, so a long reason that says so late is still classified.
  test('a 4xx reason that says "used"/"expired" after its 200th character', async () => {
    const longReply = fc.record({
      kind: fc.constant('response' as const),
      status: fc.constantFrom(400, 403, 404, 409, 410, 422),
      body: fc.record({
        kind: fc.constant('error' as const),
        reason: longReason(188, 400),
        echo: echoArb,
        bom: fc.boolean(),
        extra: fc.constant({}),
      }),
      contentType: contentTypeArb,
    });
    await fc.assert(
      fc.asyncProperty(linkArb, longReply, fc.constant(undefined), (l, r, w) => checkCase(l, r, w)),
      runs,
    );
  });

  // An API that echoes the request (`invalid request ?token=…`) echoes the token URL-encoded
  // (a base64 token's `+ / =` become `%2B %2F %3D`); that spelling is a bearer credential too
  // and must stay out of result.error.reason and the oca:error event's detail (which merchants
  // forward to analytics). Example: token `eyJhbGciOiJFUzUxMiJ9.aaaa~=`, 400 {"error": "token
  // already used ?token=eyJhbGciOiJFUzUxMiJ9.aaaa~%3D"}.
  test('the token does not leak URL-encoded through the API reason', async () => {
    const encodedEcho = fc.record({
      kind: fc.constant('response' as const),
      status: fc.constantFrom(400, 401, 403, 404, 409, 410, 422),
      body: fc.record({
        kind: fc.constant('error' as const),
        reason: reasonArb,
        echo: fc.constant<Echo>('encoded'),
        bom: fc.constant(false),
        extra: fc.constant({}),
      }),
      contentType: fc.constant('application/json'),
    });
    const encodable = linkArb.filter((link) => /[+/=]/.test(link.token));
    await fc.assert(
      fc.asyncProperty(encodable, encodedEcho, fc.constant(undefined), (link, reply, wait) =>
        checkCase(link, reply, wait, (token) => [token, encodeURIComponent(token)]),
      ),
      runs,
    );
  });
});
