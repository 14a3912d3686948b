// Unit tests of the helpers tested directly: classify() and actionUrl() from src/request.ts,
// and the address without the token that readLink() from src/link.ts gives.
import { describe, expect, test } from 'vitest';
import { type Options, resolveConfig } from '../../src/config';
import { type Link, readLink } from '../../src/link';
import { actionUrl, classify } from '../../src/request';

/** The address without the token (readLink's `clean`). */
const cleaned = (href: string, options?: { tokenParam?: string }) => readLink(href, options).clean;

const T = 'tok.EN-1_x';

describe('classify(status, body, token)', () => {
  test.each([
    [200, '{}', {}],
    [200, '', {}],
    [200, 'OK', {}],
    [200, '<html>not json</html>', {}],
    [200, '{"error":"token already used"}', {}],
    [201, '{}', {}],
    [204, '', {}],
    [299, '', {}],
    [400, '{"error":"token already used"}', { code: 'used_token', reason: 'token already used' }],
    [400, '{"error":"Token has been consumed"}', { code: 'used_token' }],
    [400, '{"error":"USED"}', { code: 'used_token' }],
    [400, '{"error":"Token expired"}', { code: 'expired_token', reason: 'Token expired' }],
    [400, '{"error":"this link has EXPIRED"}', { code: 'expired_token' }],
    [400, '{"error":"Invalid days"}', { code: 'rejected', reason: 'Invalid days' }],
    [400, '{"error":"unknown token"}', { code: 'rejected', reason: 'unknown token' }],
    [400, 'Bad Request', { code: 'rejected' }],
    [400, '', { code: 'rejected' }],
    [400, '{}', { code: 'rejected' }],
    [400, 'null', { code: 'rejected' }],
    [400, '"used"', { code: 'rejected' }],
    [400, '{"error":""}', { code: 'rejected' }],
    [400, '{"error":42}', { code: 'rejected' }],
    [400, '{"error":{"message":"used"}}', { code: 'rejected' }],
    [400, '{"message":"token already used"}', { code: 'rejected' }],
    [401, '', { code: 'rejected' }],
    [403, '{"error":"forbidden"}', { code: 'rejected', reason: 'forbidden' }],
    [404, '<h1>Not Found</h1>', { code: 'rejected' }],
    [410, '{"error":"Token expired"}', { code: 'expired_token' }],
    [408, '', { code: 'server' }],
    [429, '{"error":"slow down"}', { code: 'server' }],
    [500, '', { code: 'server' }],
    [500, '{"error":"token already used"}', { code: 'server' }],
    [502, '<html>', { code: 'server' }],
    [503, '', { code: 'server' }],
    [504, '', { code: 'server' }],
    [599, '', { code: 'server' }],
    [302, '', { code: 'server' }],
    [304, '', { code: 'server' }],
  ])('%i %s', (status, body, expected) => {
    const answer = classify(status, body, T);
    expect(answer).toMatchObject(expected);
    if (!('reason' in expected) && !body.includes('"error":"')) {
      expect(answer).not.toHaveProperty('reason');
    }
    if (status < 300) expect(answer).toEqual({});
  });

  test('the reason is stripped of the token wherever it appears', () => {
    const answer = classify(400, JSON.stringify({ error: `token ${T} is unknown (${T})` }), T);
    expect(answer.code).toBe('rejected');
    expect(answer.reason).not.toContain(T);
    expect(answer.reason).toContain('is unknown');
  });

  test('the reason is cut to a sane length', () => {
    const answer = classify(400, JSON.stringify({ error: `expired ${'x'.repeat(5000)}` }), T);
    expect(answer.code).toBe('expired_token');
    expect(answer.reason!.length).toBeLessThanOrEqual(200);
  });

  test('an HTML reason is returned as a plain string (never interpreted here)', () => {
    const reason = '<img src=x onerror=alert(1)>';
    expect(classify(400, JSON.stringify({ error: reason }), T)).toEqual({
      code: 'rejected',
      reason,
    });
  });

  // Ordergroove's 400 reasons are not documented; a reason naming both is an expired token.
  test('"expired … can no longer be used" is an expired token', () => {
    expect(
      classify(400, '{"error":"Token has expired and can no longer be used"}', 'abcd').code,
    ).toBe('expired_token');
  });
});

describe('actionUrl(link, config)', () => {
  const config = (options: Options = {}) => resolveConfig(options, () => {});
  const link = (action: Link['action'], params: Link['params'] = {}, token = T): Link => ({
    token,
    action,
    params,
  });

  test.each([
    [
      link('delay', { days: 21 }),
      `https://restapi.ordergroove.com/one_click/delay?token=${T}&days=21`,
    ],
    [link('delay'), `https://restapi.ordergroove.com/one_click/delay?token=${T}`],
    [link('skip'), `https://restapi.ordergroove.com/one_click/skip?token=${T}`],
    [link('reactivate'), `https://restapi.ordergroove.com/one_click/reactivate?token=${T}`],
    [
      link('reactivate', { winbackId: 'W1' }),
      `https://restapi.ordergroove.com/one_click/reactivate?token=${T}&winback_id=W1`,
    ],
    [
      link('upsell', { product: 'P:1/a', quantity: 2 }),
      `https://restapi.ordergroove.com/one_click/upsell?token=${T}&product=P%3A1%2Fa&quantity=2`,
    ],
  ])('%o', (value, expected) => {
    expect(actionUrl(value, config()).href).toBe(expected);
  });

  test('a token with + / = is encoded so the server gets it back intact', () => {
    const url = actionUrl(link('skip', {}, 'ab+cd/ef=='), config());
    expect(url.search).toBe('?token=ab%2Bcd%2Fef%3D%3D');
    expect(url.searchParams.get('token')).toBe('ab+cd/ef==');
  });

  test('delayDays fills in only for delay links without days', () => {
    expect(actionUrl(link('delay'), config({ delayDays: 30 })).searchParams.get('days')).toBe('30');
    expect(
      actionUrl(link('delay', { days: 5 }), config({ delayDays: 30 })).searchParams.getAll('days'),
    ).toEqual(['5']);
    expect(actionUrl(link('skip'), config({ delayDays: 30 })).searchParams.has('days')).toBe(false);
  });

  test('apiBase and paths are honoured', () => {
    const url = actionUrl(
      link('upsell', { product: 'P' }),
      config({
        apiBase: 'https://staging.restapi.ordergroove.com',
        paths: { upsell: '/x/upsell' },
      }),
    );
    expect(url.href).toBe(`https://staging.restapi.ordergroove.com/x/upsell?token=${T}&product=P`);
  });
});

describe("the address left after reading a link: none of og-oca's keys, the page's own kept", () => {
  const PAGE = 'https://shop.example/landing';
  test.each([
    [`${PAGE}?token=${T}&action=delay&days=21`, PAGE],
    [`${PAGE}?token=${T}&action=delay&days=21&utm_source=mail`, `${PAGE}?utm_source=mail`],
    [`${PAGE}?token=${T}&amp;action=upsell&amp;product=P1&quantity=2&ref=x`, `${PAGE}?ref=x`],
    [`${PAGE}?token=${T}&action=reactivate&og_winback_id=W&winback_id=W`, PAGE],
    [`${PAGE}?action=delay&token=${T}&days=21`, PAGE],
    [`${PAGE}?token=${T}`, PAGE],
    [`${PAGE}?token=a&token=b&action=skip`, PAGE],
    [`${PAGE}?token=${T}&action=skip#section-2`, `${PAGE}#section-2`],
    [`${PAGE}#token=${T}&action=skip`, PAGE],
    [`${PAGE}?utm_source=mail#token=${T}&action=skip`, `${PAGE}?utm_source=mail`],
    [`${PAGE}#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${T}`, PAGE],
    [`${PAGE}#og_quick_action_token=${T}#og_quick_action=skip`, PAGE],
    [`${PAGE}?og_quick_action_token=${T}&og_quick_action=skip`, PAGE],
    [`${PAGE}?token=${T}#token=${T}`, PAGE],
    [`${PAGE}?action=skip`, PAGE],
    [`${PAGE}?days=3&product=P1&quantity=2`, `${PAGE}?days=3&product=P1&quantity=2`],
    [`${PAGE}#section-2`, `${PAGE}#section-2`],
    [PAGE, PAGE],
  ])('%s', (href, expected) => {
    const clean = cleaned(href);
    expect(clean).toBe(expected);
    expect(clean).not.toContain(T);
  });

  test('custom tokenParam', () => {
    expect(cleaned(`${PAGE}?og_t=${T}&action=skip&token=x`, { tokenParam: 'og_t' })).toBe(
      `${PAGE}?token=x`,
    );
    expect(cleaned(`${PAGE}#og_t=${T}&action=skip`, { tokenParam: 'og_t' })).toBe(PAGE);
  });

  test('an unencoded base64 token (+ read as space) is removed too', () => {
    expect(cleaned(`${PAGE}?token=ab+cd/ef==&action=skip`)).toBe(PAGE);
  });
});
