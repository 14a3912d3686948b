// parseLink over hostile input: arbitrary strings and URLs, generated query and fragment
// maps (real keys, prototype keys, junk), every encoding edge case, huge values, repeated
// keys and the legacy `#og_quick_action=…#…` form. Oracles are the design's rules,
// written out here (test/helpers/properties.ts), not imported from src/.
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { parseLink } from '../../src';
import { buildActionUrl } from '../../src/webhooks';
import {
  ACTIONS4,
  type Action4,
  AMP_PREFIX,
  hostileText,
  huge,
  ID_RULE,
  LIMIT,
  LINK_KEYS,
  MAIL_PUNCTUATION,
  PERCENT_EDGES,
  PROTO_KEYS,
  runs,
  TOKEN_RULE,
} from '../helpers/properties';

// Time for FC_RUNS cases on a busy machine (test/helpers/properties.ts).
vi.setConfig({ testTimeout: LIMIT });

type Encoding = 'raw' | 'uri' | 'form' | 'double';

/** Encodes one key or value the way a link might carry it (raw, once, as a form, or twice). */
const encode = (text: string, how: Encoding): string => {
  const form = new URLSearchParams([[text, '']]).toString().slice(0, -1);
  if (how === 'raw') return text;
  if (how === 'form') return form;
  let once: string;
  try {
    once = encodeURIComponent(text);
  } catch {
    once = form; // lone surrogates: encodeURIComponent throws, URLSearchParams writes U+FFFD
  }
  return how === 'uri' ? once : encodeURIComponent(once);
};
const encodingArb = fc.constantFrom<Encoding>('raw', 'uri', 'form', 'double');

const BASES = [
  '/landing',
  '',
  'https://shop.example/subscription-actions',
  'http://127.0.0.1:5173/landing.html',
  '//evil.example/x',
  'javascript:alert(1)//',
  'data:text/html,x',
  'blob:https://shop.example/x',
  'file:///etc/passwd',
  'https://user:pass@shop.example:8443/a/../b/./c',
  'https://[::1]/x',
  'https://xn--80ak6aa92e.com/',
] as const;
const baseArb = fc.oneof(
  fc.constantFrom(...BASES),
  fc.webUrl(),
  fc.string({ maxLength: 20 }).map((s) => `/${s}`),
);

const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LINK_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('utm_source', 'TOKEN', 'Action', 'token ', ' action') },
  { weight: 1, arbitrary: hostileText(12) },
);

const realAction = fc
  .tuple(fc.constantFrom(...ACTIONS4), fc.constantFrom('', ' ', '\t', '\u00a0'))
  .chain(([action, pad]) =>
    fc.array(fc.boolean(), { minLength: action.length, maxLength: action.length }).map((upper) => {
      const cased = [...action].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
      return `${pad}${cased}${pad}`;
    }),
  );

const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[\w.~+/=-]{1,80}$/) },
  { weight: 2, arbitrary: realAction },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer({ min: -5, max: 1200 }).map(String),
      fc.constantFrom('1e3', '0x10', '2.5', '07', ' 21 ', '٣', '１４', 'Infinity', 'NaN', ''),
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[\w.:/-]{1,140}$/) },
  { weight: 3, arbitrary: hostileText() },
  { weight: 1, arbitrary: fc.constantFrom(...PERCENT_EDGES) },
);

/** A generated query + fragment map, in any of the three link forms, encoded variously. */
const structuredLink = fc
  .record({
    base: baseArb,
    query: fc.array(fc.tuple(keyArb, valueArb, encodingArb), { maxLength: 8 }),
    fragment: fc.array(fc.tuple(keyArb, valueArb, encodingArb), { maxLength: 8 }),
    separator: fc.constantFrom('&', '#', ';', '&&'),
    repeat: fc.boolean(),
    tail: fc.constantFrom('', '#', '&', '=', '?', '%', '#og_quick_action=delay'),
  })
  .map(({ base, query, fragment, separator, repeat, tail }) => {
    const pairs = (entries: [string, string, Encoding][]) =>
      entries.map(
        ([k, v, how]) => `${encode(k, how === 'double' ? 'uri' : how)}=${encode(v, how)}`,
      );
    const q = pairs(repeat ? [...query, ...query.slice(0, 2)] : query);
    const f = pairs(fragment);
    return `${base}${q.length ? `?${q.join('&')}` : ''}${f.length ? `#${f.join(separator)}` : ''}${tail}`;
  });

/** The legacy form with random segments: `#og_quick_action=…#og_delay_by=…#og_quick_action_token=…`. */
const legacyLink = fc
  .array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('og_quick_action', 'og_delay_by', 'og_quick_action_token'),
        valueArb,
      ),
      fc.tuple(keyArb, valueArb),
    ),
    { maxLength: 6 },
  )
  .chain((segments) =>
    fc.tuple(
      fc.constantFrom('https://shop.example/l', '/landing', ''),
      fc.shuffledSubarray(segments, { minLength: segments.length }),
      fc.constantFrom('#', '##', '#&', '&'),
    ),
  )
  .map(
    ([base, segments, glue]) =>
      `${base}#${segments.map(([k, v]) => `${k}=${encode(v, 'uri')}`).join(glue)}`,
  );

/** Values of a megabyte or more, a few times per thousand cases. */
const hugeLink = fc
  .tuple(huge(), fc.constantFrom('token', 'action', 'days', 'product', 'utm', 'fragment', 'key'))
  .map(([value, where]) => {
    const T = 'eyJhbGciOiJFUzUxMiJ9.e30.c2ln';
    const v = encode(value, 'form');
    switch (where) {
      case 'token':
        return `/l?token=${v}&action=skip`;
      case 'action':
        return `/l?token=${T}&action=${v}`;
      case 'days':
        return `/l?token=${T}&action=delay&days=${v}`;
      case 'product':
        return `/l?token=${T}&action=upsell&product=${v}`;
      case 'utm':
        return `/l?token=${T}&action=skip&utm_source=${v}`;
      case 'key':
        return `/l?token=${T}&action=skip&${v}=1`;
      default:
        return `/l#token=${T}&action=skip&x=${v}`;
    }
  });

// ---------------------------------------------------------------------------------------
// Valid links (and nearly valid ones)

/** Tokens by the design's rule, sometimes at the 4,096 limit; encoded (a raw `+` is in parse-link.test.ts, 'tokens'). */
const validToken = fc.oneof(
  { weight: 9, arbitrary: fc.stringMatching(/^[\w.~+/=-]{4,120}$/) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[\w.~+/=-]{4}$/), fc.integer({ min: 4, max: 4096 }))
      .map(([seed, n]) => seed.repeat(1024).slice(0, n)),
  },
);
const validId = fc.stringMatching(/^[\w.:/-]{1,128}$/);

interface ValidLink {
  token: string;
  action: Action4;
  written: string;
  params: { days?: number; winbackId?: string; product?: string; quantity?: number };
  writtenParams: [string, string][];
}
const validLink: fc.Arbitrary<ValidLink> = fc
  .record({
    token: validToken,
    action: fc.constantFrom(...ACTIONS4),
    pad: fc.constantFrom('', ' ', '%20'),
    upper: fc.boolean(),
    days: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
    zeros: fc.constantFrom('', '0', '00'),
    winback: fc.option(fc.tuple(validId, fc.constantFrom('og_winback_id', 'winback_id')), {
      nil: undefined,
    }),
    product: validId,
    quantity: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
  })
  .map(({ token, action, pad, upper, days, zeros, winback, product, quantity }) => {
    const params: ValidLink['params'] = {};
    const writtenParams: [string, string][] = [];
    if (action === 'delay' && days !== undefined) {
      params.days = days;
      writtenParams.push(['days', `${zeros}${days}`]);
    }
    if (action === 'reactivate' && winback) {
      params.winbackId = winback[0];
      writtenParams.push([winback[1], winback[0]]);
    }
    if (action === 'upsell') {
      params.product = product;
      writtenParams.push(['product', product]);
      if (quantity !== undefined) {
        params.quantity = quantity;
        writtenParams.push(['quantity', `${zeros}${quantity}`]);
      }
    }
    const written = `${pad}${upper ? action.toUpperCase() : action}${pad}`;
    return { token, action, written, params, writtenParams };
  });

/** A valid link, in one of the three forms, then mutated 0–3 times: junk added, a value replaced, a key dropped or repeated. */
type Entry = { key: string; value: string; how: Encoding; where: 'query' | 'fragment' };
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('junk' as const),
    key: keyArb,
    value: valueArb,
    how: encodingArb,
    where: fc.constantFrom<'query' | 'fragment'>('query', 'fragment'),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    value: valueArb,
    how: encodingArb,
  }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), value: fc.option(valueArb) }),
);
const nearValidLink: fc.Arbitrary<string> = fc
  .record({
    link: validLink,
    form: fc.constantFrom('query', 'fragment', 'legacy'),
    mutations: fc.array(mutation, { maxLength: 3 }),
  })
  .map(({ link, form, mutations }) => {
    const legacy = form === 'legacy';
    const where = form === 'query' ? 'query' : 'fragment';
    const entries: Entry[] = [
      [legacy ? 'og_quick_action_token' : 'token', link.token],
      [legacy ? 'og_quick_action' : 'action', link.written.replaceAll('%20', ' ')],
      ...link.writtenParams.map(([k, v]) => [legacy && k === 'days' ? 'og_delay_by' : k, v]),
    ].map(([key, value]) => ({ key: key!, value: value!, how: 'uri' as Encoding, where }));
    for (const m of mutations) {
      const at = 'at' in m ? m.at % entries.length : 0;
      if (m.kind === 'junk')
        entries.push({ key: m.key, value: m.value, how: m.how, where: m.where });
      else if (m.kind === 'replace') entries[at] = { ...entries[at]!, value: m.value, how: m.how };
      else if (m.kind === 'drop' && entries.length > 1) entries.splice(at, 1);
      else if (m.kind === 'repeat')
        entries.push({ ...entries[at]!, value: m.value ?? entries[at]!.value });
    }
    const pair = (e: Entry) => `${encode(e.key, 'form')}=${encode(e.value, e.how)}`;
    const query = entries.filter((e) => e.where === 'query').map(pair);
    const fragment = entries.filter((e) => e.where === 'fragment').map(pair);
    return `https://shop.example/l${query.length ? `?${query.join('&')}` : ''}${
      fragment.length ? `#${fragment.join(legacy ? '#' : '&')}` : ''
    }`;
  });

const anyLink: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 10, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  {
    weight: 30,
    arbitrary: fc.webUrl({
      withQueryParameters: true,
      withFragments: true,
      validSchemes: ['https', 'http', 'ftp'],
    }),
  },
  { weight: 60, arbitrary: structuredLink },
  { weight: 40, arbitrary: nearValidLink },
  { weight: 30, arbitrary: legacyLink },
  // ≥ 1 MB values: about 6 cases per 1,000
  { weight: 1, arbitrary: hugeLink },
);

const LINK_CODES = ['missing_token', 'unknown_action', 'invalid_link'];
const PARAMS_OF: Record<Action4, string[]> = {
  delay: ['days'],
  skip: [],
  reactivate: ['winbackId'],
  upsell: ['product', 'quantity'],
};

/** The design's rules for what parseLink returns. */
const checkResult = (result: ReturnType<typeof parseLink>) => {
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['link', 'ok']);
    const { token, action, params } = result.link;
    expect(ACTIONS4).toContain(action);
    expect(token).toMatch(TOKEN_RULE);
    for (const key of Object.keys(params)) expect(PARAMS_OF[action]).toContain(key);
    if (params.days !== undefined) {
      expect(action).toBe('delay');
      expect(Number.isInteger(params.days) && params.days >= 1 && params.days <= 365).toBe(true);
    }
    if (params.quantity !== undefined) {
      expect(Number.isInteger(params.quantity)).toBe(true);
      expect(params.quantity >= 1 && params.quantity <= 999).toBe(true);
    }
    if (params.product !== undefined) expect(params.product).toMatch(ID_RULE);
    if (params.winbackId !== undefined) expect(params.winbackId).toMatch(ID_RULE);
    if (action === 'upsell') expect(params.product).toBeDefined();
  } else {
    expect(result.ok).toBe(false);
    expect(LINK_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
    if ('param' in result.error) expect(typeof result.error.param).toBe('string');
    if ('action' in result) expect(ACTIONS4).toContain(result.action);
  }
  // Plain data: run() keeps the outcome in history.state (structured clone) and in events.
  expect(structuredClone(result)).toEqual(result);
};

/**
 * Decoded values of `names` in the link's query and fragment (either fragment form), with the
 * other readings the design's mail forgiveness allows: a key behind `amp;` prefixes, the last
 * value without the punctuation mail attaches, a token decoded once more.
 */
const valuesOf = (link: string, names: readonly string[]): string[] => {
  const url = new URL(link, 'http://localhost');
  const pieces = [url.search.slice(1), ...url.hash.slice(1).split('#')];
  const pairs = pieces.flatMap((piece) => [...new URLSearchParams(piece)]);
  return pairs.flatMap(([key, value], i) => {
    if (!names.includes(key) && !names.includes(key.replace(AMP_PREFIX, ''))) return [];
    const readings = [value];
    let trimmed = value;
    while (i === pairs.length - 1 && MAIL_PUNCTUATION.includes(trimmed.at(-1) ?? '')) {
      trimmed = trimmed.slice(0, -1);
      readings.push(trimmed);
    }
    try {
      if (names.includes('token') && value.includes('%'))
        readings.push(decodeURIComponent(value.replaceAll(' ', '+')));
    } catch {}
    return readings;
  });
};
const normToken = (s: string) => s.replaceAll('+', ' ').trim();

describe('parseLink never throws and always answers by the design', () => {
  test('any string, URL, query/fragment map, legacy form or huge value', () => {
    fc.assert(
      fc.property(anyLink, (link) => {
        const result = parseLink(link);
        checkResult(result);
        // Deterministic, and the same for the string and the URL object.
        expect(parseLink(link)).toEqual(result);
        if (URL.canParse(link)) expect(parseLink(new URL(link))).toEqual(result);
      }),
      runs,
    );
  });

  test('an accepted link says only what the URL says (token, action, numbers, ids)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(structuredLink, legacyLink, nearValidLink, nearValidLink), (link) => {
        const result = parseLink(link);
        if (!result.ok) return;
        accepted++;
        const { token, action, params } = result.link;
        const tokens = valuesOf(link, ['token', 'og_quick_action_token']).map(normToken);
        expect(tokens).toContain(normToken(token));
        const actions = valuesOf(link, ['action', 'og_quick_action']).map((v) =>
          v.trim().toLowerCase(),
        );
        expect(actions).toContain(action);
        if (params.days !== undefined)
          expect(valuesOf(link, ['days', 'og_delay_by']).map(Number)).toContain(params.days);
        if (params.quantity !== undefined)
          expect(valuesOf(link, ['quantity']).map(Number)).toContain(params.quantity);
        if (params.product !== undefined)
          expect(valuesOf(link, ['product'])).toContain(params.product);
        if (params.winbackId !== undefined)
          expect(valuesOf(link, ['og_winback_id', 'winback_id'])).toContain(params.winbackId);
      }),
      runs,
    );
    // not vacuous: plenty of the links are accepted
    expect(accepted).toBeGreaterThan(runs.numRuns / 10);
  });

  test('a link whose error is missing_token or unknown_action really lacks a token / an action', () => {
    fc.assert(
      fc.property(fc.oneof(structuredLink, legacyLink, nearValidLink, nearValidLink), (link) => {
        const result = parseLink(link);
        if (result.ok) return;
        if (result.error.code === 'missing_token')
          expect(
            valuesOf(link, ['token', 'og_quick_action_token']).filter((v) => v.trim() !== ''),
          ).toEqual([]);
        if (result.error.code === 'unknown_action')
          for (const value of valuesOf(link, ['action', 'og_quick_action']))
            expect(ACTIONS4).not.toContain(value.trim().toLowerCase());
      }),
      runs,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Valid links, in every form and encoding, amid junk: parseLink returns exactly them.

const ALL_KEYS = new Set<string>([...LINK_KEYS, 'TOKEN']);
const junkKey = fc
  .oneof(fc.constantFrom(...PROTO_KEYS, 'utm_source', 'utm_medium', 'fbclid'), hostileText(10))
  .filter((k) => {
    const decoded = new URLSearchParams(`${encode(k, 'form')}=`).keys().next().value ?? '';
    return decoded !== '' && !ALL_KEYS.has(decoded);
  });
const junk = fc.uniqueArray(fc.tuple(junkKey, fc.oneof(hostileText(), valueArb)), {
  maxLength: 5,
  selector: ([k]) => new URLSearchParams(`${encode(k, 'form')}=`).keys().next().value,
});

describe('valid links are read exactly', () => {
  test('query, fragment, legacy or split between them; any case and encoding; junk keys around', () => {
    fc.assert(
      fc.property(
        validLink,
        junk,
        fc.constantFrom('query', 'fragment', 'legacy', 'split'),
        fc.constantFrom<Encoding>('uri', 'form'),
        fc.boolean(),
        (link, extra, form, how, repeatSame) => {
          const tokenKey = form === 'legacy' ? 'og_quick_action_token' : 'token';
          const actionKey = form === 'legacy' ? 'og_quick_action' : 'action';
          const mine: [string, string][] = [
            [tokenKey, link.token],
            [actionKey, link.written],
            ...link.writtenParams.map(([k, v]): [string, string] => [
              form === 'legacy' && k === 'days' ? 'og_delay_by' : k,
              v,
            ]),
          ];
          if (repeatSame) mine.push(mine[0]!); // the same key twice with the same value is fine
          const pair = ([k, v]: [string, string]) =>
            `${encode(k, 'form')}=${v.includes('%20') ? v : encode(v, how)}`;
          // junk goes in the query; the link's own keys where the form puts them
          const query = extra.map(pair);
          let fragment = '';
          if (form === 'query') query.push(...mine.map(pair));
          if (form === 'fragment') fragment = `#${mine.map(pair).join('&')}`;
          if (form === 'legacy') fragment = `#${mine.map(pair).join('#')}`;
          if (form === 'split') {
            query.push(pair(mine[1]!), ...mine.slice(2).map(pair));
            fragment = `#${pair(mine[0]!)}`;
          }
          const url = `https://shop.example/l${query.length ? `?${query.join('&')}` : ''}${fragment}`;
          expect(parseLink(url)).toEqual({
            ok: true,
            link: { token: link.token, action: link.action, params: link.params },
          });
        },
      ),
      runs,
    );
  });

  test('buildActionUrl → parseLink gives back the same token, action and params', () => {
    const landing = fc
      .record({
        origin: fc.constantFrom(
          'https://shop.example',
          'http://localhost:8080',
          'https://xn--bcher-kva.example',
        ),
        path: fc.constantFrom('/', '/subscription-actions', '/a/b.html', '/%E2%9C%93'),
        query: fc.uniqueArray(
          fc.tuple(
            fc.constantFrom('utm_source', 'utm_medium', 'ref', 'lang', 'x'),
            hostileText(12),
          ),
          { maxLength: 3, selector: ([k]) => k },
        ),
        fragment: fc.option(fc.constantFrom('#top', '#section-2', '#ref=mail'), { nil: '' }),
      })
      .map(
        ({ origin, path, query, fragment }) =>
          `${origin}${path}${query.length ? `?${new URLSearchParams(query)}` : ''}${fragment}`,
      );
    fc.assert(
      fc.property(landing, validLink, fc.boolean(), (page, link, asString) => {
        const built = buildActionUrl(page, {
          token: link.token,
          action: link.written.trim().replaceAll('%20', ''),
          ...(link.params.days !== undefined && {
            days: asString ? ` ${link.params.days}` : link.params.days,
          }),
          ...(link.params.winbackId !== undefined && { winbackId: link.params.winbackId }),
          ...(link.params.product !== undefined && { product: link.params.product }),
          ...(link.params.quantity !== undefined && {
            quantity: asString ? String(link.params.quantity) : link.params.quantity,
          }),
        });
        expect(parseLink(built)).toEqual({
          ok: true,
          link: { token: link.token, action: link.action, params: link.params },
        });
      }),
      runs,
    );
  });

  test('buildActionUrl on any landing URL: a TypeError, or a link parseLink reads back exactly', () => {
    // landing pages with arbitrary queries and fragments, including our own keys in odd
    // spellings (encoded, repeated, legacy), which buildActionUrl must drop or refuse
    const oddKey = fc.constantFrom(
      ...LINK_KEYS,
      '%74oken',
      'token%00',
      'TOKEN',
      'to+ken',
      'action[]',
      '__proto__',
      'constructor',
    );
    const pairs = fc.array(
      fc
        .tuple(oddKey, fc.oneof(valueArb, fc.constant('')))
        .map(([k, v]) => `${k}=${encode(v, 'uri')}`),
      { maxLength: 4 },
    );
    const landing = fc
      .tuple(
        fc.oneof(
          // (buildActionUrl takes https: landing pages, and http: only on loopback hosts)
          fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
          fc.webUrl({ validSchemes: ['https'] }).map((u) => u.split(/[?#]/)[0]!),
        ),
        pairs,
        pairs,
        fc.constantFrom('&', '#'),
      )
      .map(([base, query, fragment, glue]) => {
        const [beforeHash, hash = ''] = base.split('#');
        const q = [...query].join('&');
        const f = [hash, ...fragment].filter(Boolean).join(glue);
        return `${beforeHash}${q ? `${beforeHash!.includes('?') ? '&' : '?'}${q}` : ''}${f ? `#${f}` : ''}`;
      });
    let builtLinks = 0;
    fc.assert(
      fc.property(landing, validLink, (page, link) => {
        let built: string;
        try {
          built = buildActionUrl(page, {
            token: link.token,
            action: link.action,
            ...link.params,
          });
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return;
        }
        builtLinks++;
        expect(parseLink(built)).toEqual({
          ok: true,
          link: { token: link.token, action: link.action, params: link.params },
        });
      }),
      runs,
    );
    // not vacuous: most landing pages are usable
    expect(builtLinks).toBeGreaterThan(runs.numRuns / 4);
  });
});
