// @vitest-environment node
// verifyWebhook with generated headers, bodies, secrets and options. It never throws
// anything but WebhookVerificationError — or TypeError/RangeError for a programmer error
// in the options, exactly when the options are wrong — and never accepts a signature that
// was not made with one of its secrets (checked against node:crypto, not src/).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../../src/webhooks';
import { hostileText, LIMIT, runs } from '../helpers/properties';

// Time for FC_RUNS cases on a busy machine (test/helpers/properties.ts).
vi.setConfig({ testTimeout: LIMIT });

const CODES = [
  'missing_header',
  'malformed_header',
  'no_signature',
  'signature_mismatch',
  'timestamp_out_of_tolerance',
  'invalid_body',
  'parsed_body',
  'invalid_json',
];

const NOW = 1_750_000_000; // unix seconds
const encoder = new TextEncoder();

/** HMAC-SHA256 hex of `${ts}.${body}`, keyed with the secret's UTF-8 bytes (docs/contract.md, "Webhooks"). */
const hmac = (secret: string, ts: string, body: Uint8Array) =>
  createHmac('sha256', encoder.encode(secret))
    .update(Buffer.concat([encoder.encode(`${ts}.`), body]))
    .digest('hex');

const bytesOf = (body: string | Uint8Array | ArrayBuffer) =>
  typeof body === 'string'
    ? encoder.encode(body)
    : body instanceof Uint8Array
      ? body
      : new Uint8Array(body);

/** Resolves to `{ ok, value }` or `{ ok: false, error }`, never rejects. */
const settle = async <T>(promise: Promise<T>) => {
  try {
    return { ok: true as const, value: await promise };
  } catch (error) {
    return { ok: false as const, error };
  }
};

const secretArb = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
    fc.string({ minLength: 65, maxLength: 200 }), // longer than the HMAC block
  )
  .filter((s) => s.trim() !== '');

const bodyArb = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })).map((event) =>
    JSON.stringify({
      type: 'order.reminder',
      data: { object: { one_click_token: 'x~y' } },
      ...event,
    }),
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  hostileText(),
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => bytes.buffer as ArrayBuffer),
);

/** Where one `sig=` comes from. */
type SigSource =
  | { kind: 'right'; secret: number; upper: boolean } // made with one of the secrets
  | { kind: 'foreign'; secret: string } // made with another key
  | { kind: 'other-body'; secret: number; body: string }
  | { kind: 'other-ts'; secret: number; ts: number }
  | { kind: 'flip'; secret: number; at: number; by: number } // one hex digit changed
  | { kind: 'random'; hex: string };
const sigSourceArb = (secrets: number): fc.Arbitrary<SigSource> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('right' as const),
      secret: fc.nat({ max: secrets - 1 }),
      upper: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('foreign' as const), secret: secretArb }),
    fc.record({
      kind: fc.constant('other-body' as const),
      secret: fc.nat({ max: secrets - 1 }),
      body: fc.string({ maxLength: 20 }),
    }),
    fc.record({
      kind: fc.constant('other-ts' as const),
      secret: fc.nat({ max: secrets - 1 }),
      ts: fc.integer({ min: NOW - 1000, max: NOW + 1000 }),
    }),
    fc.record({
      kind: fc.constant('flip' as const),
      secret: fc.nat({ max: secrets - 1 }),
      at: fc.nat({ max: 63 }),
      by: fc.integer({ min: 1, max: 15 }),
    }),
    fc.record({ kind: fc.constant('random' as const), hex: fc.stringMatching(/^[0-9a-f]{64}$/) }),
  );

const caseArb = fc
  .record({
    secrets: fc.array(secretArb, { minLength: 1, maxLength: 3 }),
    body: bodyArb,
    ts: fc.oneof(
      fc.integer({ min: NOW - 400, max: NOW + 400 }),
      fc.integer({ min: 0, max: 999_999_999_999 }),
    ),
    tolerance: fc.option(fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(Infinity)), {
      nil: undefined,
    }),
    junk: fc.array(
      fc.oneof(
        hostileText(12),
        fc.constantFrom('v1=abc', 'ts', 'sig', 'sig=', ' , ', 'ts=1', `ts=${NOW}`),
      ),
      { maxLength: 3 },
    ),
    shape: fc.constantFrom('string', 'headers', 'object', 'array', 'object-array'),
    headerName: fc.constantFrom(
      'Ordergroove-Signature',
      'ordergroove-signature',
      'ORDERGROOVE-SIGNATURE',
      'OrderGroove-Signature',
    ),
    spaces: fc.boolean(),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      sigs: fc.array(sigSourceArb(c.secrets.length), { minLength: 0, maxLength: 4 }),
    }),
  );

describe('verifyWebhook', () => {
  test('accepts only signatures made with one of its secrets; refuses with WebhookVerificationError', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ c, sigs }) => {
        const bytes = bytesOf(c.body);
        const ts = String(c.ts);
        const hexOf = (source: SigSource): string => {
          switch (source.kind) {
            case 'right': {
              const hex = hmac(c.secrets[source.secret]!, ts, bytes);
              return source.upper ? hex.toUpperCase() : hex;
            }
            case 'foreign':
              return hmac(source.secret, ts, bytes);
            case 'other-body':
              return hmac(c.secrets[source.secret]!, ts, encoder.encode(source.body));
            case 'other-ts':
              return hmac(c.secrets[source.secret]!, String(source.ts), bytes);
            case 'flip': {
              const hex = hmac(c.secrets[source.secret]!, ts, bytes);
              const digit = ((Number.parseInt(hex[source.at]!, 16) + source.by) % 16).toString(16);
              return hex.slice(0, source.at) + digit + hex.slice(source.at + 1);
            }
            default:
              return source.hex;
          }
        };
        const hexes = sigs.map(hexOf);
        const sep = c.spaces ? ' , ' : ',';
        const value = [`ts=${ts}`, ...hexes.map((h) => `sig=${h}`), ...c.junk].join(sep);
        const asHeaders = () => {
          try {
            return new Headers({ [c.headerName]: value });
          } catch {
            return value; // not a valid HTTP header value (NUL, CR, LF, non-Latin-1): as a string
          }
        };
        const header =
          c.shape === 'string'
            ? value
            : c.shape === 'headers'
              ? asHeaders()
              : c.shape === 'object'
                ? { 'content-type': 'application/json', [c.headerName]: value }
                : c.shape === 'array'
                  ? [value]
                  : { [c.headerName]: [value] };
        const got = await settle(
          verifyWebhook({
            body: c.body,
            header,
            secrets: c.secrets.length === 1 ? c.secrets[0]! : c.secrets,
            toleranceSeconds: c.tolerance,
            now: NOW * 1000,
          }),
        );

        // every signature that really was made with one of the secrets, for this ts and body
        const good = new Set(c.secrets.map((s) => hmac(s, ts, bytes)));
        const anyGood = hexes.some((h) => good.has(h.toLowerCase()));
        if (got.ok) {
          expect(anyGood).toBe(true);
          expect(Math.abs(NOW - c.ts)).toBeLessThanOrEqual(c.tolerance ?? 300);
          const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
          expect(got.value).toEqual(parsed);
          expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(
            true,
          );
        } else {
          expect(got.error).toBeInstanceOf(WebhookVerificationError);
          expect(CODES).toContain((got.error as WebhookVerificationError).code);
          // no secret in the message
          for (const secret of c.secrets)
            if (secret.length >= 8)
              expect((got.error as Error).message.includes(secret)).toBe(false);
        }

        // and when everything is in order it is accepted (a header we wrote cleanly)
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
        } catch {}
        const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
        const clean = c.junk.length === 0;
        if (clean && anyGood && isObject && Math.abs(NOW - c.ts) <= (c.tolerance ?? 300))
          expect(got.ok).toBe(true);
      }),
      runs,
    );
  });

  test('any options at all: a WebhookVerificationError, or TypeError/RangeError exactly for bad options', async () => {
    const validSecrets = (s: unknown) =>
      (typeof s === 'string' && s.trim() !== '') ||
      (Array.isArray(s) &&
        s.length > 0 &&
        // Array.from: a hole is a missing secret, not one to skip
        Array.from(s).every((x) => typeof x === 'string' && x.trim() !== ''));
    const validTolerance = (t: unknown) =>
      t === undefined || (typeof t === 'number' && !Number.isNaN(t) && t >= 0);
    const validNow = (n: unknown) =>
      n === undefined ||
      (n instanceof Date && Number.isFinite(n.getTime())) ||
      (typeof n === 'number' && Number.isFinite(n));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything({ withSparseArray: true }),
          secretArb,
          fc.array(secretArb, { maxLength: 2 }),
          fc.sparseArray(secretArb, { maxLength: 3 }),
        ),
        fc.oneof(fc.anything(), bodyArb),
        fc.oneof(
          fc.anything(),
          hostileText(),
          fc.dictionary(
            fc.constantFrom('ordergroove-signature', 'Ordergroove-Signature', 'x'),
            fc.anything(),
          ),
        ),
        fc.oneof(fc.anything(), fc.constant(undefined), fc.double()),
        fc.oneof(fc.anything(), fc.constant(undefined), fc.date(), fc.double()),
        async (secrets, body, header, toleranceSeconds, now) => {
          const got = await settle(
            verifyWebhook({
              secrets,
              body,
              header,
              toleranceSeconds,
              now,
            } as unknown as Parameters<typeof verifyWebhook>[0]),
          );
          const optionsOk =
            validSecrets(secrets) && validTolerance(toleranceSeconds) && validNow(now);
          if (got.ok) {
            expect(optionsOk).toBe(true);
            return;
          }
          if (optionsOk) {
            expect(got.error).toBeInstanceOf(WebhookVerificationError);
            expect(CODES).toContain((got.error as WebhookVerificationError).code);
          } else {
            expect(got.error instanceof TypeError || got.error instanceof RangeError).toBe(true);
          }
        },
      ),
      runs,
    );
  });
});
