import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type LinkResult, parseLink } from '../../src';

const PAGE = 'https://shop.example/subscription-actions';
const T = 'eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiIxIn0.c2ln';
const CODES = [
  'missing_token',
  'unknown_action',
  'invalid_link',
  'used_token',
  'expired_token',
  'rejected',
  'network',
  'timeout',
  'server',
];

const ok = (result: LinkResult) => {
  if (!result.ok) throw new Error(`expected a link, got ${JSON.stringify(result.error)}`);
  return result.link;
};
const failed = (result: LinkResult) => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.link)}`);
  return result.error;
};

describe('the three link forms', () => {
  test('query: ?token=…&action=…&days=…', () => {
    expect(parseLink(`${PAGE}?token=${T}&action=delay&days=21`)).toEqual({
      ok: true,
      link: { token: T, action: 'delay', params: { days: 21 } },
    });
  });

  test('fragment: #token=…&action=…', () => {
    expect(parseLink(`${PAGE}#token=${T}&action=skip`)).toEqual({
      ok: true,
      link: { token: T, action: 'skip', params: {} },
    });
  });

  test("Ordergroove's legacy fragment: #og_quick_action=delay#og_delay_by=21#og_quick_action_token=T", () => {
    expect(
      parseLink(`${PAGE}#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${T}`),
    ).toEqual({ ok: true, link: { token: T, action: 'delay', params: { days: 21 } } });
  });

  test('query and fragment combine (action in the query, token in the fragment)', () => {
    expect(ok(parseLink(`${PAGE}?action=skip#token=${T}`))).toEqual({
      token: T,
      action: 'skip',
      params: {},
    });
  });

  test('accepts a URL object and a relative address', () => {
    expect(ok(parseLink(new URL(`${PAGE}?token=${T}&action=skip`))).token).toBe(T);
    expect(ok(parseLink(`/landing?token=${T}&action=skip`)).action).toBe('skip');
  });

  test.each(['DELAY', 'Delay', 'dElAy', '%20delay%20'])('action is case-insensitive: %s', (a) => {
    expect(ok(parseLink(`${PAGE}?token=${T}&action=${a}`)).action).toBe('delay');
  });
});

describe('the four actions and their parameters', () => {
  test.each([
    ['delay&days=1', 'delay', { days: 1 }],
    ['delay&days=365', 'delay', { days: 365 }],
    ['delay', 'delay', {}],
    ['skip', 'skip', {}],
    ['reactivate', 'reactivate', {}],
    ['reactivate&og_winback_id=WB-42', 'reactivate', { winbackId: 'WB-42' }],
    ['reactivate&winback_id=wb_7', 'reactivate', { winbackId: 'wb_7' }],
    ['upsell&product=SKU-1', 'upsell', { product: 'SKU-1' }],
    [
      'upsell&product=gid:shop/Product/7&quantity=3',
      'upsell',
      {
        product: 'gid:shop/Product/7',
        quantity: 3,
      },
    ],
    ['upsell&product=P.1&quantity=999', 'upsell', { product: 'P.1', quantity: 999 }],
  ])('action=%s', (query, action, params) => {
    expect(parseLink(`${PAGE}?token=${T}&action=${query}`)).toEqual({
      ok: true,
      link: { token: T, action, params },
    });
  });

  test('params irrelevant to the action are ignored, even malformed ones', () => {
    const junk = 'days=abc&product=%3Cimg%3E&quantity=0&og_winback_id=%3Cx%3E&utm_source=mail';
    expect(ok(parseLink(`${PAGE}?token=${T}&action=skip&${junk}`)).params).toEqual({});
    expect(ok(parseLink(`${PAGE}?token=${T}&action=delay&days=3&product=X&quantity=2`))).toEqual({
      token: T,
      action: 'delay',
      params: { days: 3 },
    });
    expect(ok(parseLink(`${PAGE}?token=${T}&action=upsell&product=X&days=9`)).params).toEqual({
      product: 'X',
    });
    expect(ok(parseLink(`${PAGE}?token=${T}&action=reactivate&days=0`)).params).toEqual({});
  });

  test('leading/trailing spaces around days are tolerated', () => {
    expect(ok(parseLink(`${PAGE}?token=${T}&action=delay&days=+21+`)).params).toEqual({
      days: 21,
    });
  });
});

describe('tokens', () => {
  test('a "+" of a base64 token that arrived unencoded (as a space) is restored', () => {
    const base64 = 'eyJhIjoxfQ+/abc==';
    expect(ok(parseLink(`${PAGE}?token=eyJhIjoxfQ+/abc==&action=skip`)).token).toBe(base64);
    expect(ok(parseLink(`${PAGE}?token=eyJhIjoxfQ%2B%2Fabc%3D%3D&action=skip`)).token).toBe(base64);
    expect(ok(parseLink(`${PAGE}#token=eyJhIjoxfQ+/abc==&action=skip`)).token).toBe(base64);
  });

  test('shape limits: 4 and 4096 characters pass', () => {
    expect(ok(parseLink(`${PAGE}?token=abcd&action=skip`)).token).toBe('abcd');
    const long = 'a'.repeat(4096);
    expect(ok(parseLink(`${PAGE}?token=${long}&action=skip`)).token).toBe(long);
  });

  test('never judged by its content: an expired-looking JWT is still sent to the server', () => {
    // {"alg":"none"}.{"exp":1} — the client does not read or check claims.
    const expired = 'eyJhbGciOiJub25lIn0.eyJleHAiOjF9.';
    expect(ok(parseLink(`${PAGE}?token=${expired}&action=skip`)).token).toBe(expired);
  });

  test('custom tokenParam and actionParam', () => {
    const options = { tokenParam: 'og_t', actionParam: 'do' };
    expect(parseLink(`${PAGE}?og_t=${T}&do=Skip`, options)).toEqual({
      ok: true,
      link: { token: T, action: 'skip', params: {} },
    });
    expect(parseLink(`${PAGE}#og_t=${T}&do=delay&days=5`, options)).toEqual({
      ok: true,
      link: { token: T, action: 'delay', params: { days: 5 } },
    });
  });

  test('an unencoded base64 token keeps a leading or trailing + (restored before trimming)', () => {
    expect(parseLink('https://shop.example/l?token=QUJDRA+&action=skip')).toMatchObject({
      ok: true,
      link: { token: 'QUJDRA+' },
    });
    expect(parseLink('https://shop.example/l?token=+QUJDRA&action=skip')).toMatchObject({
      ok: true,
      link: { token: '+QUJDRA' },
    });
  });
});

describe('errors', () => {
  test.each([
    ['?action=skip'],
    ['?token=&action=skip'],
    ['#og_quick_action=delay#og_delay_by=21'],
    [''],
  ])('no token → missing_token (%s)', (query) => {
    const error = failed(parseLink(`${PAGE}${query}`));
    expect(error.code).toBe('missing_token');
    expect(error.message).toBe('This link is incomplete: it has no token.');
  });

  test('a blank token (spaces, which read as "+") is never a usable token', () => {
    // missing_token and invalid_link (too short) are both fine; a link is not.
    const error = failed(parseLink(`${PAGE}?token=%20%20&action=skip`));
    expect(['missing_token', 'invalid_link']).toContain(error.code);
  });

  test('a missing token wins over a missing action', () => {
    expect(failed(parseLink(PAGE)).code).toBe('missing_token');
  });

  test('a missing-token error still names the action it read', () => {
    const result = parseLink(`${PAGE}?action=delay`);
    expect(result).toMatchObject({ ok: false, action: 'delay' });
  });

  test.each([
    [`?token=${T}`],
    [`?token=${T}&action=`],
    [`?token=${T}&action=cancel`],
    [`?token=${T}&action=delay2`],
    [`?token=${T}&action=skip%00`],
    [`?token=${T}&action=__proto__`],
    [`?token=${T}&action=constructor`],
    [`#og_quick_action=pause#og_quick_action_token=${T}`],
  ])('missing or unknown action → unknown_action (%s)', (query) => {
    const error = failed(parseLink(`${PAGE}${query}`));
    expect(error.code).toBe('unknown_action');
    expect(error.message).toBe('This link asks for an unknown action.');
  });

  test.each([
    ['angle brackets', 'abc<script>'],
    ['a quote', 'abc"def'],
    ['a NUL', 'abc%00def'],
    ['non-ASCII', 't%C3%B6ken'],
    ['a percent sign', 'abc%25def'],
    ['a comma', 'abc,def'],
    ['too short', 'abc'],
    ['too long', 'a'.repeat(4097)],
  ])('a malformed token (%s) → invalid_link, param token', (_, token) => {
    const result = parseLink(`${PAGE}?token=${token}&action=skip`);
    const error = failed(result);
    expect(error).toMatchObject({ code: 'invalid_link', param: 'token' });
    expect(error.message).toBe('This link looks damaged.');
    // The rejected value is not echoed back.
    expect(JSON.stringify(result)).not.toContain(decodeURIComponent(token).slice(0, 12));
  });

  test.each([
    '0',
    '-1',
    '2.5',
    '1e3',
    '366',
    'abc',
    '',
    '0x10',
    '21days',
    'Infinity',
    'NaN',
    '９',
    '1000000',
  ])('days=%s → invalid_link, param days', (days) => {
    expect(failed(parseLink(`${PAGE}?token=${T}&action=delay&days=${days}`))).toMatchObject({
      code: 'invalid_link',
      param: 'days',
    });
  });

  test('legacy og_delay_by is checked like days', () => {
    expect(
      failed(parseLink(`${PAGE}#og_quick_action=delay#og_delay_by=0#og_quick_action_token=${T}`)),
    ).toMatchObject({ code: 'invalid_link', param: 'days' });
  });

  test('upsell without a product → invalid_link, param product', () => {
    expect(failed(parseLink(`${PAGE}?token=${T}&action=upsell&quantity=2`))).toMatchObject({
      code: 'invalid_link',
      param: 'product',
    });
    expect(failed(parseLink(`${PAGE}?token=${T}&action=upsell&product=`))).toMatchObject({
      code: 'invalid_link',
      param: 'product',
    });
  });

  test.each([
    '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    'a%20b',
    'a"b',
    'x'.repeat(129),
    'caf%C3%A9',
  ])('a malformed product (%s) → invalid_link, param product', (product) => {
    expect(failed(parseLink(`${PAGE}?token=${T}&action=upsell&product=${product}`))).toMatchObject({
      code: 'invalid_link',
      param: 'product',
    });
  });

  test.each(['0', '-1', '1.5', '1000', 'two', ''])(
    'quantity=%s → invalid_link, param quantity',
    (quantity) => {
      expect(
        failed(parseLink(`${PAGE}?token=${T}&action=upsell&product=P&quantity=${quantity}`)),
      ).toMatchObject({ code: 'invalid_link', param: 'quantity' });
    },
  );

  test('a malformed winback id → invalid_link', () => {
    const error = failed(
      parseLink(`${PAGE}?token=${T}&action=reactivate&og_winback_id=%3Cb%3Ex%3C%2Fb%3E`),
    );
    expect(error.code).toBe('invalid_link');
    expect(error.param).toBeTruthy();
  });

  test.each([
    ['token twice', `?token=${T}&token=other-token&action=skip`, 'token'],
    ['token in query and fragment', `?token=${T}&action=skip#token=other-token`, 'token'],
    ['action twice', `?token=${T}&action=skip&action=delay`, 'action'],
    ['days twice', `?token=${T}&action=delay&days=1&days=2`, 'days'],
    ['two winback spellings', `?token=${T}&action=reactivate&og_winback_id=A&winback_id=B`, null],
    ['legacy and new token', `?token=${T}&action=skip#og_quick_action_token=other-token`, 'token'],
  ])('a key repeated with different values → invalid_link (%s)', (_, query, param) => {
    const error = failed(parseLink(`${PAGE}${query}`));
    expect(error.code).toBe('invalid_link');
    if (param) expect(error.param).toBe(param);
  });

  test('the same value repeated is fine', () => {
    expect(ok(parseLink(`${PAGE}?token=${T}&token=${T}&action=skip&action=skip`)).token).toBe(T);
    expect(ok(parseLink(`${PAGE}?token=${T}&action=delay&days=7#token=${T}&days=7`))).toEqual({
      token: T,
      action: 'delay',
      params: { days: 7 },
    });
  });

  test('errors carry the English message and only invalid_link carries param', () => {
    const missing = failed(parseLink(`${PAGE}?action=skip`));
    expect(missing).not.toHaveProperty('param');
    const unknown = failed(parseLink(`${PAGE}?token=${T}`));
    expect(unknown).not.toHaveProperty('param');
  });

  // ESPs and link trackers append utm_* to links that already carry them.
  test('a repeated parameter the action does not use does not break the link', () => {
    const url = `https://shop.example/l?token=${T}&action=skip&utm_source=newsletter&utm_source=esp`;
    expect(parseLink(url)).toEqual({
      ok: true,
      link: { token: T, action: 'skip', params: {} },
    });
    // Same for a param irrelevant to the action (days on a skip link).
    expect(parseLink(`https://shop.example/l?token=${T}&action=skip&days=1&days=2`)).toEqual({
      ok: true,
      link: { token: T, action: 'skip', params: {} },
    });
  });
});

describe('never throws', () => {
  const throwing = {
    toString() {
      throw new Error('boom');
    },
  };
  const nasty: unknown[] = [
    '',
    ' ',
    '%',
    '%%%',
    'http://[::1',
    'http://',
    '//',
    '?',
    '#',
    '#####',
    '?&&&==&',
    '?=&=#=#=',
    '?token=%E0%A4%A&action=skip',
    '?token=%ZZ&action=skip',
    `?token=${'\ud800'}abc&action=skip`,
    '?token=abcd&action=%u0073kip',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '\u0000\u0001\u0002',
    `?token=abcd&action=skip&days=${'9'.repeat(10000)}`,
    `?${'a=b&'.repeat(20000)}`,
    `#${'#'.repeat(5000)}`,
    '?__proto__=x&constructor=y&token=abcd&action=skip',
    '?token[]=abcd&action[]=skip',
    'https://user:pass@shop.example:99999/',
    null,
    undefined,
    42,
    {},
    [],
    Symbol('s'),
    throwing,
  ];

  test.each(nasty.map((input, i) => [i, input]))('input #%i', (_, input) => {
    let result: LinkResult | undefined;
    expect(() => {
      result = parseLink(input as string);
    }).not.toThrow();
    expect(typeof result!.ok).toBe('boolean');
    if (!result!.ok) {
      expect(CODES).toContain(result!.error.code);
      expect(typeof result!.error.message).toBe('string');
    }
  });

  // Link-ish pieces mixed with any UTF-16 code unit (lone surrogates included).
  const piece = fc.oneof(
    fc.constantFrom('%', '%2', '%E0%A4', '#', '&', '=', '?', '+', ' ', '/', ':', '[', ']', '@'),
    fc.constantFrom('token', 'action', 'skip', 'delay', 'days', 'og_quick_action_token'),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  );
  test('property: any string, as URL, as query or as fragment, parses without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 120 }), (text) => {
        for (const input of [text, `${PAGE}?${text}`, `${PAGE}#${text}`]) {
          const result = parseLink(input);
          if (!result.ok && !CODES.includes(result.error.code)) return false;
        }
        return true;
      }),
    );
  });
});

describe('round trip', () => {
  const tokens = fc.stringMatching(/^[\w.~+/=-]{4,200}$/);

  test('property: any well-formed token, encoded in the query, comes back unchanged', () => {
    fc.assert(
      fc.property(tokens, fc.integer({ min: 1, max: 365 }), (token, days) => {
        const query = new URLSearchParams({ token, action: 'delay', days: String(days) });
        expect(parseLink(`${PAGE}?${query}`)).toEqual({
          ok: true,
          link: { token, action: 'delay', params: { days } },
        });
        expect(ok(parseLink(`${PAGE}#${query}`)).token).toBe(token);
      }),
    );
  });

  test('property: well-formed tokens pasted unencoded survive too', () => {
    // A "+" at either end of an unencoded token is lost (see bugs.test.ts); tested there.
    const inner = tokens.filter((token) => !token.startsWith('+') && !token.endsWith('+'));
    fc.assert(
      fc.property(inner, (token) => {
        expect(ok(parseLink(`${PAGE}?action=skip&token=${token}`)).token).toBe(token);
      }),
    );
  });
});
