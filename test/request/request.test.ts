// Unit tests of the helpers tested directly: classify() and actionUrl() from src/request.ts.
import { describe, expect, test } from 'vitest';
import { type Options, resolveConfig } from '../../src/config';
import type { Link } from '../../src/link';
import { actionUrl, classify } from '../../src/request';

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
