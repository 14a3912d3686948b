// Every link shape of the mail corpus through parseLink (and readLink's cleaned address):
// exactly the token, action and parameters the email meant, or exactly the error.
import { describe, expect, test } from 'vitest';
import { parseLink } from '../../src';
import { readLink } from '../../src/link';
import { CORPUS, enc, enc2, type Family } from './mail-corpus';

const PAGE = 'https://shop.example/subscription-actions';
/** Today's tokens: an ES512 JWT (base64url, no + / =). */
const JWT = 'eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl-_x';
/** An older base64 token holding all of + / = (the characters mail mangles). */
const BASE64 = 'eyJvcmRlciI6IjEyMyJ9+abc/def==';

describe('links as mail delivers them', () => {
  test('the corpus covers every family, with at least 40 shapes', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    const count = (family: Family) => CORPUS.filter((entry) => entry.family === family).length;
    for (const family of ['esp', 'scanner', 'ios', 'amp', 'encoding', 'crlf', 'legacy'] as const)
      expect(count(family), family).toBeGreaterThanOrEqual(3);
    expect(count('punctuation')).toBeGreaterThanOrEqual(8);
    expect(count('strict')).toBeGreaterThanOrEqual(6);
    expect(new Set(CORPUS.map((entry) => entry.source)).size).toBe(CORPUS.length);
  });

  test.each(CORPUS.map((entry) => [entry.source, entry] as const))('%s', (_, entry) => {
    const token = entry.kind === 'jwt' ? JWT : BASE64;
    const link = entry.link(token, PAGE);
    const result = parseLink(link);
    if ('error' in entry.reads) {
      expect(result).toEqual({
        ok: false,
        error: {
          code: entry.reads.error,
          message: expect.any(String),
          ...(entry.reads.param && { param: entry.reads.param }),
        },
        ...(result.ok === false && result.action && { action: result.action }),
      });
      // An error never echoes the token, however it was encoded.
      for (const form of [token, enc(token), enc2(token)])
        expect(JSON.stringify(result)).not.toContain(form);
      return;
    }
    const expected = entry.reads.token ? entry.reads.token(token) : token;
    expect(result).toEqual({
      ok: true,
      link: { token: expected, action: entry.reads.action, params: entry.reads.params },
    });
    // The address left in the bar is a landing without the token, in any encoding.
    const { landing, clean } = readLink(link);
    expect(landing).toBe(true);
    for (const form of [token, enc(token), enc2(token)]) expect(clean).not.toContain(form);
  });

  test('the same shapes behind a custom token parameter name read the same', () => {
    // The forgiving rules apply to the configured names too (amp;og_t, og_t encoded twice).
    const options = { tokenParam: 'og_t', actionParam: 'do' };
    const rename = (link: string) =>
      link.replaceAll(/\b(amp;)?token=/g, '$1og_t=').replaceAll(/\b(amp;)?action=/g, '$1do=');
    let renamed = 0;
    for (const entry of CORPUS) {
      if (entry.family === 'legacy' || entry.family === 'strict' || 'error' in entry.reads)
        continue;
      if (entry.link(JWT, PAGE).includes('og_quick_action')) continue;
      const token = entry.kind === 'jwt' ? JWT : BASE64;
      const link = entry.link(token, PAGE);
      expect(parseLink(rename(link), options), entry.source).toEqual(parseLink(link));
      renamed++;
    }
    expect(renamed).toBeGreaterThan(30);
  });
});
