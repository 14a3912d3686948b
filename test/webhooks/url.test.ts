// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseLink } from '../../src/link';
import { actionTokenOf, buildActionUrl, type TokenEventType } from '../../src/webhooks';

const LANDING = 'https://shop.example/subscription-actions';
const JWT = 'eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl-_x';
const OLD = 'eyJvcmRlciI6IjEyMyJ9+abc/def==';

/** Calls `fn`, expects it to throw `type`, returns the message. */
const thrown = (fn: () => unknown, type: ErrorConstructor): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(/^buildActionUrl: /);
    return (error as Error).message;
  }
  throw new Error('expected a throw');
};

describe('buildActionUrl', () => {
  it('builds the query form with only the keys given: the token first, the action last', () => {
    expect(buildActionUrl(LANDING, { token: JWT, action: 'skip' })).toBe(
      `${LANDING}?token=${JWT}&action=skip`,
    );
    expect(buildActionUrl(LANDING, { token: JWT, action: 'delay', days: 14 })).toBe(
      `${LANDING}?token=${JWT}&days=14&action=delay`,
    );
    expect(buildActionUrl(LANDING, { token: JWT, action: 'reactivate', winbackId: 'wb-42' })).toBe(
      `${LANDING}?token=${JWT}&og_winback_id=wb-42&action=reactivate`,
    );
    expect(
      buildActionUrl(LANDING, { token: JWT, action: 'upsell', product: 'SKU-9', quantity: 2 }),
    ).toBe(`${LANDING}?token=${JWT}&product=SKU-9&quantity=2&action=upsell`);
  });

  it('percent-encodes + / = in old base64 tokens, and round-trips them', () => {
    const url = buildActionUrl(LANDING, { token: OLD, action: 'delay' });
    expect(url).toBe(`${LANDING}?token=eyJvcmRlciI6IjEyMyJ9%2Babc%2Fdef%3D%3D&action=delay`);
    expect(new URL(url).searchParams.get('token')).toBe(OLD);
  });

  it('encodes product ids with : and /', () => {
    const url = buildActionUrl(LANDING, {
      token: JWT,
      action: 'upsell',
      product: 'gid:shop/Product/7',
    });
    expect(url).toContain('product=gid%3Ashop%2FProduct%2F7');
    expect(new URL(url).searchParams.get('product')).toBe('gid:shop/Product/7');
  });

  it('round-trips every input exactly through new URL().searchParams', () => {
    const inputs = [
      { token: OLD, action: 'delay', days: 365 },
      { token: JWT, action: 'reactivate', winbackId: 'a.b:c/d-e_f' },
      { token: '~~~~', action: 'upsell', product: 'P', quantity: 999 },
      { token: JWT, action: 'skip' },
    ];
    for (const input of inputs) {
      const params = new URL(buildActionUrl(LANDING, input)).searchParams;
      const back = Object.fromEntries(params);
      const expected: Record<string, string> = { token: input.token, action: input.action };
      if ('days' in input) expected.days = String(input.days);
      if ('winbackId' in input) expected.og_winback_id = String(input.winbackId);
      if ('product' in input) expected.product = String(input.product);
      if ('quantity' in input) expected.quantity = String(input.quantity);
      expect(back).toEqual(expected);
      expect([...params.keys()]).toHaveLength(Object.keys(expected).length);
    }
  });

  it('normalises the action and numeric strings', () => {
    const url = new URL(buildActionUrl(LANDING, { token: JWT, action: ' DeLaY ', days: ' 21 ' }));
    expect(url.searchParams.get('action')).toBe('delay');
    expect(url.searchParams.get('days')).toBe('21');
  });

  it('keeps the landing URL’s own query byte for byte, and its fragment', () => {
    const landing = `${LANDING}?utm_source=email&flag&x=a%20b&y=c+d#top`;
    expect(buildActionUrl(landing, { token: JWT, action: 'skip' })).toBe(
      `${LANDING}?utm_source=email&flag&x=a%20b&y=c+d&token=${JWT}&action=skip#top`,
    );
  });

  it('replaces link keys already in the landing URL’s query', () => {
    const landing = `${LANDING}?token=stale&keep=1&days=3&action=delay&og_quick_action=skip&winback_id=w`;
    const url = buildActionUrl(landing, { token: JWT, action: 'skip' });
    expect(url).toBe(`${LANDING}?keep=1&token=${JWT}&action=skip`);
  });

  it('refuses a landing URL whose fragment already carries link keys', () => {
    for (const hash of [
      '#token=x',
      '#action=skip',
      '#days=3',
      '#og_quick_action=delay#og_delay_by=21',
    ]) {
      expect(
        thrown(
          () => buildActionUrl(`${LANDING}${hash}`, { token: JWT, action: 'delay' }),
          TypeError,
        ),
      ).toContain('fragment');
    }
  });

  it('takes a URL object and leaves it untouched', () => {
    const landing = new URL(`${LANDING}?a=1`);
    expect(buildActionUrl(landing, { token: JWT, action: 'skip' })).toBe(
      `${LANDING}?a=1&token=${JWT}&action=skip`,
    );
    expect(landing.href).toBe(`${LANDING}?a=1`);
  });

  it('treats undefined and null options as omitted', () => {
    expect(
      buildActionUrl(LANDING, {
        token: JWT,
        action: 'skip',
        days: undefined,
        product: null as never,
      }),
    ).toBe(`${LANDING}?token=${JWT}&action=skip`);
  });

  it('refuses relative, non-http or non-string landing URLs', () => {
    expect(
      thrown(
        () => buildActionUrl('/subscription-actions', { token: JWT, action: 'skip' }),
        TypeError,
      ),
    ).toContain('absolute');
    for (const landing of [
      'shop.example/x',
      '',
      'javascript:alert(1)',
      'mailto:a@b.c',
      'ftp://x.example/',
    ]) {
      thrown(() => buildActionUrl(landing, { token: JWT, action: 'skip' }), TypeError);
    }
    thrown(() => buildActionUrl(42 as never, { token: JWT, action: 'skip' }), TypeError);
  });

  it('accepts https landing pages, and http only on localhost, 127.0.0.1 and [::1]', () => {
    for (const landing of [
      'https://shop.example/l',
      'http://localhost:8080/l',
      'http://127.0.0.1/l',
      'http://[::1]:3000/l',
      'HTTP://LOCALHOST/l',
    ]) {
      expect(buildActionUrl(landing, { token: JWT, action: 'skip' })).toMatch(/^https?:\/\//);
    }
    for (const landing of [
      'http://shop.example/l',
      'http://localhost.evil.example/l',
      'http://127.0.0.2/l',
      'http://[::2]/l',
      'http://0.0.0.0/l',
      'ws://localhost/l',
    ]) {
      expect(
        thrown(() => buildActionUrl(landing, { token: JWT, action: 'skip' }), TypeError),
      ).toContain('https:');
    }
  });

  it("puts the keys in the fragment with in: 'fragment', keeping the landing query", () => {
    const url = buildActionUrl(`${LANDING}?utm_source=email&token=stale`, {
      token: OLD,
      action: 'delay',
      days: 21,
      in: 'fragment',
    });
    expect(url).toBe(
      `${LANDING}?utm_source=email#token=eyJvcmRlciI6IjEyMyJ9%2Babc%2Fdef%3D%3D&days=21&action=delay`,
    );
    expect(new URL(url).search).not.toContain('token');
    expect(buildActionUrl(LANDING, { token: JWT, action: 'skip', in: 'query' })).toBe(
      `${LANDING}?token=${JWT}&action=skip`,
    );
  });

  it('builds fragment links that the landing page reads back exactly', () => {
    const inputs = [
      { token: OLD, action: 'delay', days: 365 },
      { token: JWT, action: 'reactivate', winbackId: 'a.b:c/d-e_f' },
      { token: '~~~~', action: 'upsell', product: 'gid:shop/Product/7', quantity: 3 },
      { token: JWT, action: 'skip' },
    ] as const;
    for (const input of inputs) {
      for (const where of ['query', 'fragment'] as const) {
        const parsed = parseLink(buildActionUrl(`${LANDING}?utm=1`, { ...input, in: where }));
        expect(parsed).toMatchObject({
          ok: true,
          link: { token: input.token, action: input.action },
        });
      }
    }
  });

  const BUILT = [
    { token: OLD, action: 'delay', days: 365 },
    { token: JWT, action: 'delay' },
    { token: JWT, action: 'reactivate', winbackId: 'a.b:c/d-e_f.' },
    { token: '~~~~', action: 'upsell', product: 'gid:shop/Product/7', quantity: 3 },
    { token: JWT, action: 'upsell', product: 'SKU.9.' },
    { token: `${JWT}.`, action: 'skip' },
  ] as const;

  it('links built with the action second (before the action moved last) parse identically', () => {
    for (const input of BUILT)
      for (const where of ['query', 'fragment'] as const) {
        const built = buildActionUrl(`${LANDING}?utm=1`, { ...input, in: where });
        // The order this function wrote before: token, action, then the action's parameters.
        const keys = new URLSearchParams(
          new URL(built)[where === 'query' ? 'search' : 'hash'].slice(1),
        );
        const before = new URLSearchParams({
          token: keys.get('token')!,
          action: keys.get('action')!,
        });
        for (const [name, value] of keys)
          if (name !== 'token' && name !== 'action') before.append(name, value);
        const earlier =
          where === 'query' ? `${LANDING}?utm=1&${before}` : `${LANDING}?utm=1#${before}`;
        if ([...keys].length > 2) expect(earlier).not.toBe(built);
        expect(parseLink(earlier)).toEqual(parseLink(built));
        expect(parseLink(built)).toMatchObject({ ok: true, link: { token: input.token } });
      }
  });

  it('punctuation a plain-text email puts after a built link lands on the action and is forgiven', () => {
    for (const input of BUILT)
      for (const where of ['query', 'fragment'] as const) {
        const built = buildActionUrl(LANDING, { ...input, in: where });
        expect(built.endsWith(`&action=${input.action}`)).toBe(true);
        for (const mark of ['.', ',', ')', '!', '>', '."'])
          expect(parseLink(`${built}${mark}`)).toEqual(parseLink(built));
      }
  });

  it("refuses a landing URL that already has a fragment with in: 'fragment', and an unknown in", () => {
    expect(
      thrown(
        () => buildActionUrl(`${LANDING}#top`, { token: JWT, action: 'skip', in: 'fragment' }),
        TypeError,
      ),
    ).toContain('fragment');
    expect(buildActionUrl(`${LANDING}#`, { token: JWT, action: 'skip', in: 'fragment' })).toBe(
      `${LANDING}#token=${JWT}&action=skip`,
    );
    for (const where of ['hash', 'Fragment', 1, {}]) {
      expect(
        thrown(
          () => buildActionUrl(LANDING, { token: JWT, action: 'skip', in: where as never }),
          TypeError,
        ),
      ).toContain('in must be');
    }
  });

  it('refuses unknown actions', () => {
    for (const action of ['pause', '', 'delay!', 5, undefined]) {
      expect(
        thrown(() => buildActionUrl(LANDING, { token: JWT, action: action as string }), TypeError),
      ).toContain('unknown action');
    }
  });

  it('refuses tokens of the wrong shape', () => {
    for (const token of [
      '',
      'abc',
      'has space',
      ' abcd',
      'abcd\n',
      'tok<script>',
      'é'.repeat(10),
      'a'.repeat(4097),
    ]) {
      expect(thrown(() => buildActionUrl(LANDING, { token, action: 'skip' }), TypeError)).toContain(
        'token',
      );
    }
    for (const token of [undefined, null, 1234, {}]) {
      thrown(() => buildActionUrl(LANDING, { token: token as never, action: 'skip' }), TypeError);
    }
  });

  it('refuses days, quantity out of range with RangeError', () => {
    for (const days of [0, -1, 366, 1.5, Number.NaN, '1e3', '07x', 'abc', '']) {
      thrown(() => buildActionUrl(LANDING, { token: JWT, action: 'delay', days }), RangeError);
    }
    for (const quantity of [0, 1000, 2.5, '-3']) {
      thrown(
        () => buildActionUrl(LANDING, { token: JWT, action: 'upsell', product: 'P', quantity }),
        RangeError,
      );
    }
    expect(buildActionUrl(LANDING, { token: JWT, action: 'delay', days: 365 })).toContain(
      'days=365',
    );
    expect(buildActionUrl(LANDING, { token: JWT, action: 'delay', days: 1 })).toContain('days=1');
  });

  it('refuses options that do not belong to the action', () => {
    const cases: [object, string][] = [
      [{ action: 'skip', days: 3 }, 'days only applies to the delay action'],
      [{ action: 'upsell', product: 'P', days: 3 }, 'days only applies'],
      [{ action: 'delay', product: 'P' }, 'product only applies to the upsell action'],
      [{ action: 'delay', quantity: 1 }, 'quantity only applies'],
      [{ action: 'skip', winbackId: 'w' }, 'winbackId only applies to the reactivate action'],
      [{ action: 'upsell', product: 'P', winbackId: 'w' }, 'winbackId only applies'],
    ];
    for (const [params, message] of cases) {
      expect(
        thrown(() => buildActionUrl(LANDING, { token: JWT, ...params } as never), TypeError),
      ).toContain(message);
    }
  });

  it('refuses an upsell without a product, and ids of the wrong shape', () => {
    expect(
      thrown(() => buildActionUrl(LANDING, { token: JWT, action: 'upsell' }), TypeError),
    ).toContain('needs a product');
    for (const product of ['', 'has space', 'a'.repeat(129), 'x?y', 7]) {
      thrown(
        () => buildActionUrl(LANDING, { token: JWT, action: 'upsell', product: product as string }),
        TypeError,
      );
    }
    thrown(
      () => buildActionUrl(LANDING, { token: JWT, action: 'reactivate', winbackId: 'w&x' }),
      TypeError,
    );
  });

  it('refuses unknown options, pointing at the right name', () => {
    expect(
      thrown(
        () =>
          buildActionUrl(LANDING, {
            token: JWT,
            action: 'reactivate',
            og_winback_id: 'w',
          } as never),
        TypeError,
      ),
    ).toContain('use winbackId');
    thrown(
      () => buildActionUrl(LANDING, { token: JWT, action: 'skip', tokn: 'x' } as never),
      TypeError,
    );
  });

  it('never puts the token in an error message', () => {
    const token = 'SECRETTOKEN.abcdefghijklmnop';
    const attempts: (() => unknown)[] = [
      () => buildActionUrl(LANDING, { token, action: 'pause' }),
      () => buildActionUrl(LANDING, { token: `${token} `, action: 'skip' }),
      () => buildActionUrl(LANDING, { token: `${token}<`, action: 'skip' }),
      () => buildActionUrl(LANDING, { token: 'delay', action: token }), // swapped arguments
      () => buildActionUrl(LANDING, { token: 'skip', action: 'skip', days: 'skip' } as never),
      () => buildActionUrl(LANDING, { token, action: 'delay', days: token }),
      () => buildActionUrl(LANDING, { token, action: 'upsell', product: token.repeat(9) }),
      () => buildActionUrl(LANDING, { token, action: 'reactivate', winbackId: `${token}!` }),
      () => buildActionUrl('/relative', { token, action: 'skip' }),
      () => buildActionUrl(LANDING, { token, action: 'skip', [token]: 1 } as never),
    ];
    for (const attempt of attempts) {
      let message = '';
      try {
        attempt();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^buildActionUrl: /);
      expect(message).not.toContain('SECRETTOKEN');
    }
  });

  it('days and quantity must be numbers or strings, not arrays', () => {
    expect(() =>
      buildActionUrl(LANDING, { token: 'abcd', action: 'delay', days: [14] as never }),
    ).toThrow(RangeError);
    expect(() =>
      buildActionUrl(LANDING, {
        token: 'abcd',
        action: 'upsell',
        product: 'P',
        quantity: [' 2 '] as never,
      }),
    ).toThrow(RangeError);
  });
});

describe('actionTokenOf', () => {
  it('reads the token of every event type that carries one, the same way', () => {
    const types: TokenEventType[] = [
      'order.reminder',
      'order.refresh_one_click_token',
      'subscription.create',
      'subscription.cancel',
      'subscription.refresh_one_click_token',
    ];
    for (const type of types) {
      const object = type.startsWith('order.')
        ? { type: 'order', public_id: 'o1', one_click_token: `${type}-${JWT}` }
        : { type: 'subscription', public_id: 's1', one_click_token: `${type}-${JWT}` };
      expect(actionTokenOf({ id: 'e1', type, created: 1, data: { object } })).toBe(
        `${type}-${JWT}`,
      );
    }
  });

  it('reads data.object.one_click_token', () => {
    expect(
      actionTokenOf({ type: 'order.reminder', data: { object: { one_click_token: JWT } } }),
    ).toBe(JWT);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'token'],
    ['a boolean', true],
    ['an array', [JWT]],
    ['an empty object', {}],
    ['data null', { data: null }],
    ['data a string', { data: 'x' }],
    ['data an array', { data: [{ object: { one_click_token: JWT } }] }],
    ['object null', { data: { object: null } }],
    ['object a string', { data: { object: JWT } }],
    ['token a number', { data: { object: { one_click_token: 12345 } } }],
    ['token an empty string', { data: { object: { one_click_token: '' } } }],
    ['token an array', { data: { object: { one_click_token: [JWT] } } }],
    ['token at the wrong level', { one_click_token: JWT, data: { one_click_token: JWT } }],
  ])('returns undefined for %s', (_name, event) => {
    expect(actionTokenOf(event)).toBeUndefined();
  });

  it('never throws, even on throwing getters and proxies', () => {
    const getter = {
      get data(): never {
        throw new Error('boom');
      },
    };
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(actionTokenOf(getter)).toBeUndefined();
    expect(actionTokenOf(proxy)).toBeUndefined();
    expect(actionTokenOf(revocable.proxy)).toBeUndefined();
    expect(actionTokenOf(Symbol('x'))).toBeUndefined();
    expect(actionTokenOf(() => 1)).toBeUndefined();
  });
});
