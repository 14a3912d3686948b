// The API's reason for a refusal, bounded: at most 4 KB of the body is read, and
// error.reason never holds 16 characters in a row of the token — as sent, URL-encoded, in
// another letter case, or with its separators changed — nor does anything derived from it
// (the event, the page, history.state).
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { run } from '../../src';
import { scrub } from '../../src/reason';
import { API, captureEvents, host, TOKEN, useApi, usePage, visit } from '../helpers/sdk';

const { server, requests } = useApi();
usePage();
const events = captureEvents();

/** The spellings of a token an API might echo: as sent, and URL-encoded both ways. */
const spellings = (token: string) => [
  token,
  encodeURIComponent(token),
  new URLSearchParams({ t: token }).toString().slice(2),
];
/** Case and separators do not matter: letters and digits in lower case, the rest `_`. */
const fold = (text: string) => text.replace(/[^a-zA-Z0-9]/g, '_').toLowerCase();

/** The first 16-character piece of any spelling of `token` found in `text`, if any. */
const leak = (text: string, token: string): string | undefined => {
  const haystack = fold(text);
  for (const spelling of spellings(token)) {
    const folded = fold(spelling);
    const size = Math.min(16, folded.length);
    for (let i = 0; i + size <= folded.length; i++)
      if (haystack.includes(folded.slice(i, i + size))) return folded.slice(i, i + size);
  }
};

const tokenArb = fc.oneof(
  // JWT-shaped
  fc
    .tuple(
      fc.stringMatching(/^[\w-]{10,40}$/),
      fc.stringMatching(/^[\w-]{10,80}$/),
      fc.stringMatching(/^[\w-]{10,60}$/),
    )
    .map((parts) => parts.join('.')),
  // old base64 tokens, with + / =
  fc.stringMatching(/^[A-Za-z0-9+/]{16,120}={0,2}$/),
  fc.stringMatching(/^[\w.~+/=-]{4,200}$/),
);

/** How an API might echo (part of) the token in its reason. */
const ECHOES: Record<string, (token: string, start: number) => string> = {
  whole: (t) => t,
  first24: (t) => t.slice(0, 24),
  slice16: (t, i) => t.slice(i % Math.max(1, t.length - 15), (i % Math.max(1, t.length - 15)) + 16),
  dotsToSpaces: (t) => t.replaceAll('.', ' '),
  separatorsChanged: (t) => t.replace(/[.\-_~+/=]/g, '-'),
  upper: (t) => t.toUpperCase(),
  uriEncoded: (t) => encodeURIComponent(t),
  formEncoded: (t) => new URLSearchParams({ t }).toString().slice(2),
  encodedLower: (t) => encodeURIComponent(t).toLowerCase(),
  twice: (t) => `${t}${t}`,
};

describe('scrub(reason, token)', () => {
  test('property: no echo shape leaves 16 characters in a row of the token', () => {
    fc.assert(
      fc.property(
        tokenArb,
        fc.constantFrom(...Object.keys(ECHOES)),
        fc.nat(),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (token, echo, start, before, after) => {
          const reason = `${before}${ECHOES[echo]!(token, start)}${after}`;
          const scrubbed = scrub(reason, token);
          if (scrubbed !== undefined) expect(leak(scrubbed, token)).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('property: a reason with no piece of the token is left as it is', () => {
    fc.assert(
      fc.property(tokenArb, fc.string({ maxLength: 200 }), (token, reason) => {
        fc.pre(leak(reason, token) === undefined);
        expect(scrub(reason, token)).toBe(reason);
      }),
    );
  });

  test('the echoed piece becomes … and the words around it stay', () => {
    expect(scrub(`token ${TOKEN.slice(0, 24)} already used`, TOKEN)).toBe('token … already used');
    expect(scrub(`bad token: ${TOKEN.replaceAll('.', ' ')}.`, TOKEN)).toBe('bad token: ….');
  });

  test('a 4 KB reason made of the token over and over is scrubbed whole', () => {
    const reason = `${TOKEN} `.repeat(Math.ceil(4096 / (TOKEN.length + 1))).slice(0, 4096);
    const scrubbed = scrub(reason, TOKEN);
    expect(scrubbed === undefined || leak(scrubbed, TOKEN) === undefined).toBe(true);
  });
});

describe('through run()', () => {
  const refuse = (reason: string) =>
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        HttpResponse.json({ error: reason }, { status: 400 }),
      ),
    );

  test.each(Object.keys(ECHOES))('a reason echoing the token (%s)', async (echo) => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    refuse(`token already used: ${ECHOES[echo]!(TOKEN, 7)}`);
    const result = await run();
    expect(result).toMatchObject({ status: 'error', error: { code: 'used_token' } });
    for (const text of [
      JSON.stringify(result),
      JSON.stringify(events.map((e) => e.detail)),
      element.outerHTML,
      JSON.stringify(history.state),
    ])
      expect(leak(text, TOKEN)).toBeUndefined();
    if (result.status === 'error') expect(result.error.reason).toContain('already used');
  });

  test('the reason is never written to history.state', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    refuse('Token expired on 2026-01-01');
    const result = await run();
    expect(result).toMatchObject({ error: { reason: 'Token expired on 2026-01-01' } });
    expect(JSON.stringify(history.state)).not.toContain('2026-01-01');
    expect(history.state.ogOca).toMatchObject({ action: 'skip', code: 'expired_token' });
  });

  test('a 1 MB refusal: at most a few KB are read, and the token stays out', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`${TOKEN} already used; `.repeat(512));
    server.use(
      http.get(`${API}/one_click/skip`, () => {
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= 1 << 20) return controller.close();
            pulled += chunk.length;
            controller.enqueue(chunk);
          },
        });
        return new HttpResponse(body, {
          status: 400,
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const result = await run();
    // Not JSON once cut at 4 KB: a refusal with no reason.
    expect(result).toMatchObject({ status: 'error', error: { code: 'rejected' } });
    expect(requests).toHaveLength(1);
    expect(pulled).toBeLessThan(1 << 18);
    expect(leak(element.outerHTML + JSON.stringify(result), TOKEN)).toBeUndefined();
  });

  test('a reason past the first 4 KB of the body is not read', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    server.use(
      http.get(
        `${API}/one_click/skip`,
        () =>
          new HttpResponse(`{"pad":"${'x'.repeat(5000)}","error":"token already used"}`, {
            status: 400,
          }),
      ),
    );
    expect(await run()).toMatchObject({ error: { code: 'rejected' } });
  });
});
