// Links as mail delivers them, as a property: any valid link, in any form and key order,
// decorated by ESPs and analytics, stripped by iOS Link Tracking Protection, its `&`
// HTML-escaped any number of times, its token encoded once, twice, partly twice, bare or
// three times, CR/LF/tab dropped anywhere into it, and punctuation after it. parseLink reads
// the same link, or exactly the error the design names — never another token, action or
// parameter. The only value that changes is one the design says is never trimmed (a token or
// an id that is the link's last key keeps the punctuation, exactly). Oracles written out here.
import fc from 'fast-check';
import { expect, test, vi } from 'vitest';
import { parseLink } from '../../src';
import {
  ACTIONS4,
  type Action4,
  ID_RULE,
  LIMIT,
  MAIL_PUNCTUATION,
  runs,
  TOKEN_RULE,
} from '../helpers/properties';

vi.setConfig({ testTimeout: LIMIT });

const enc = encodeURIComponent;

/** Decorations as ESPs, analytics and ad platforms write them; `tracking` ones iOS strips. */
const DECORATIONS = [
  { pair: 'utm_source=ordergroove', tracking: false },
  { pair: 'utm_campaign=order%20reminder', tracking: false },
  { pair: '_kx=VbqzI3xNf5ojPz1KK3kHM9Ks4P5dRhT8nC0gm9WPzYM%3D.UHFmv9', tracking: false },
  { pair: 'mc_cid=8f2a6d1b3e', tracking: false },
  { pair: 'mc_eid=a1b2c3d4e5', tracking: true },
  { pair: '_hsenc=p2ANqtz-9Ur5xS0nQ7KkzRfA4mJYtW1qv3hF8bX2lGdC6eP0oZsT', tracking: true },
  { pair: '_hsmi=289471823', tracking: true },
  { pair: '_gl=1*1k9x2mz*_ga*MTU0NzE5ODg2Mi4xNzAxODk0NjEy*_ga_Q1W2E3R4T5*MTcw..', tracking: false },
  { pair: 'fbclid=IwAR3xK9vQ2mZ7pL0nR5sT8uW1yB4cD6eF9gH2iJ5kL8mN1oP4qR7sT0uV', tracking: true },
  {
    pair: 'gclid=Cj0KCQiA4NWrBhD-ARIsAFCKwWt7Qx2Y9pZ3L8mN1oP4qR7sT0uV2wX5yZ8aB1cD4eF7gH0iJ3kL_wcB',
    tracking: true,
  },
] as const;

type Params = { days?: number; winbackId?: string; product?: string; quantity?: number };
type Role = 'token' | 'action' | 'days' | 'winbackId' | 'product' | 'quantity' | 'decoration';
/** One `key=value` of the link, and what it is. */
type Entry = { role: Role; key: string; value: string };

const tokenArb = fc.oneof(
  fc.stringMatching(/^[\w.-]{8,60}\.[\w-]{4,40}$/), // JWT-like
  fc.stringMatching(/^[\w+/]{8,60}={0,2}$/), // older base64, + / =
);
const idArb = fc.stringMatching(/^[\w.:/-]{1,40}$/);

const validLink = fc
  .record({
    token: tokenArb,
    action: fc.constantFrom(...ACTIONS4),
    upper: fc.boolean(),
    days: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
    winback: fc.option(fc.tuple(idArb, fc.constantFrom('og_winback_id', 'winback_id')), {
      nil: undefined,
    }),
    product: idArb,
    quantity: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
  })
  .map(({ token, action, upper, days, winback, product, quantity }) => {
    const params: Params = {};
    const entries: Entry[] = [];
    if (action === 'delay' && days !== undefined) {
      params.days = days;
      entries.push({ role: 'days', key: 'days', value: String(days) });
    }
    if (action === 'reactivate' && winback) {
      params.winbackId = winback[0];
      entries.push({ role: 'winbackId', key: winback[1], value: winback[0] });
    }
    if (action === 'upsell') {
      params.product = product;
      entries.push({ role: 'product', key: 'product', value: product });
      if (quantity !== undefined) {
        params.quantity = quantity;
        entries.push({ role: 'quantity', key: 'quantity', value: String(quantity) });
      }
    }
    const written = upper ? action.toUpperCase() : action;
    return { token, action: action as Action4, params, written, entries };
  });

type TokenEncoding = 'once' | 'twice' | 'partly twice' | 'bare' | 'thrice';

const mangled = fc
  .record({
    link: validLink,
    form: fc.constantFrom('query', 'fragment', 'legacy'),
    order: fc.constantFrom('built', 'shuffled'),
    shuffle: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    decorations: fc.subarray([...DECORATIONS.keys()]),
    stripped: fc.boolean(),
    amps: fc.array(fc.nat({ max: 3 }), { minLength: 16, maxLength: 16 }),
    tokenEncoding: fc.constantFrom<TokenEncoding>(
      'once',
      'twice',
      'partly twice',
      'bare',
      'thrice',
    ),
    partly: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    punctuation: fc.string({ unit: fc.constantFrom(...MAIL_PUNCTUATION), maxLength: 3 }),
    breaks: fc.array(fc.tuple(fc.nat(), fc.constantFrom('\r\n', '\n', '\r', '\t', '\r\n\t')), {
      maxLength: 3,
    }),
  })
  .filter(
    // A bare `+` at either end of the token reads as a blank and is lost (parse-link tests).
    ({ link, tokenEncoding }) =>
      tokenEncoding !== 'bare' || !(link.token.startsWith('+') || link.token.endsWith('+')),
  )
  .map((m) => {
    const { link, form } = m;
    const legacy = form === 'legacy';
    let escapes = 0;
    const tokenValue = {
      once: enc(link.token),
      twice: enc(enc(link.token)),
      'partly twice': enc(link.token).replaceAll('%', () =>
        m.partly[escapes++ % 64] ? '%25' : '%',
      ),
      bare: link.token,
      thrice: enc(enc(enc(link.token))),
    }[m.tokenEncoding];
    const token: Entry = {
      role: 'token',
      key: legacy ? 'og_quick_action_token' : 'token',
      value: tokenValue,
    };
    const action: Entry = {
      role: 'action',
      key: legacy ? 'og_quick_action' : 'action',
      value: link.written,
    };
    const params = link.entries.map((e) =>
      legacy && e.key === 'days' ? { ...e, key: 'og_delay_by' } : { ...e, value: enc(e.value) },
    );
    // buildActionUrl's order (token, parameters, action), or any order.
    let ours = [token, ...params, action];
    const decorations: (Entry | null)[] = m.decorations.map((i) =>
      // iOS Link Tracking Protection removes the tracking ones and leaves their `&`.
      m.stripped && DECORATIONS[i]!.tracking
        ? null
        : { role: 'decoration', key: '', value: DECORATIONS[i]!.pair },
    );
    const shuffled = <T>(items: T[]) =>
      items
        .map((item, i) => [item, m.shuffle[i % 12]! + i / 100] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([item]) => item);
    if (m.order === 'shuffled') ours = shuffled(ours);
    const pair = (e: Entry | null) => (e === null ? '' : e.key ? `${e.key}=${e.value}` : e.value);
    let amp = 0;
    // Each `&` HTML-escaped 0–3 times (`&amp;amp;…`).
    const join = (items: (Entry | null)[]) =>
      items
        .map(pair)
        .reduce(
          (out, p, i) => (i === 0 ? p : `${out}&${'amp;'.repeat(m.amps[amp++ % 16]!)}${p}`),
          '',
        );
    let text: string;
    let last: Entry | null;
    if (form === 'query') {
      // Decorations go anywhere among the keys (ESPs append; some prepend utm_*).
      const all = shuffled<Entry | null>([...ours, ...decorations]);
      text = `https://shop.example/l?${join(all)}`;
      last = all.at(-1) ?? null;
    } else {
      const fragment = legacy ? ours.map(pair).join('#') : join(ours);
      text = `https://shop.example/l${decorations.length ? `?${join(decorations)}` : ''}#${fragment}`;
      last = ours.at(-1)!;
    }
    text += m.punctuation;
    // Line breaks and tabs of quoted-printable and plain text, anywhere in the address.
    for (const [at, blank] of m.breaks) {
      const i = at % (text.length + 1);
      text = `${text.slice(0, i)}${blank}${text.slice(i)}`;
    }
    return { ...m, text, last, tokenValue };
  });

/** What the design says parseLink reads from one mangled link. */
const expected = ({
  link,
  last,
  punctuation,
  tokenEncoding,
}: {
  link: { token: string; action: Action4; params: Params };
  last: Entry | null;
  punctuation: string;
  tokenEncoding: TokenEncoding;
}) => {
  const lastValueKeepsMark = punctuation !== '' && last !== null;
  let token = link.token;
  const params = { ...link.params };
  if (lastValueKeepsMark && last.role === 'token') token += punctuation;
  // Decoded once more, never twice: three encodings leave escapes in a token that has any.
  if (tokenEncoding === 'thrice' && enc(link.token) !== link.token)
    return { error: 'invalid_link', param: 'token' };
  if (!TOKEN_RULE.test(token)) return { error: 'invalid_link', param: 'token' };
  for (const role of ['winbackId', 'product'] as const)
    if (lastValueKeepsMark && last.role === role) {
      params[role] = `${params[role]}${punctuation}`;
      if (!ID_RULE.test(params[role])) return { error: 'invalid_link', param: role };
    }
  return { link: { token, action: link.action, params } };
};

test('property: a mangled valid link reads as itself, or exactly the error the design names', () => {
  const seen = { same: 0, kept: 0, error: 0 };
  fc.assert(
    fc.property(mangled, (m) => {
      const want = expected(m);
      const result = parseLink(m.text);
      if ('error' in want) {
        expect(result).toMatchObject({ ok: false, error: { code: want.error, param: want.param } });
        seen.error++;
        return;
      }
      expect(result).toEqual({ ok: true, link: want.link });
      if (
        want.link.token === m.link.token &&
        want.link.params.product === m.link.params.product &&
        want.link.params.winbackId === m.link.params.winbackId
      )
        seen.same++;
      else seen.kept++;
    }),
    runs,
  );
  // Not vacuous: most runs are the same link; both exact outcomes occur.
  expect(seen.same).toBeGreaterThan(runs.numRuns / 2);
  expect(seen.error).toBeGreaterThan(0);
  expect(seen.kept).toBeGreaterThan(0);
});
