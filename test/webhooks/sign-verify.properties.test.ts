// @vitest-environment node
// signWebhook and verifyWebhook with generated headers, header values, secrets and bodies:
// a bad header is always a WebhookVerificationError, and sign → verify round-trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhook,
  type WebhookErrorCode,
  WebhookVerificationError,
} from '../../src/webhooks';
import { runs } from '../helpers/properties';

const CODES: readonly WebhookErrorCode[] = [
  'missing_header',
  'malformed_header',
  'no_signature',
  'signature_mismatch',
  'timestamp_out_of_tolerance',
  'invalid_body',
  'parsed_body',
  'invalid_json',
];

const KEY = 'super-secret-webhooks-verification-key';
const BODY = '{"test": 2432232314}';
const TS = 1592570791;
const NOW = TS * 1000;

/** Resolves to the rejection reason, or fails if the promise resolved. */
const reason = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

/** Header-shaped strings: fragments of the real grammar, glued with hostile separators. */
const headerish = fc
  .array(
    fc.oneof(
      fc.constantFrom('ts', 'sig', 'TS', 'Sig', ' ts ', 'v1', 't', '', '__proto__'),
      fc.constantFrom('=', '==', ',', ', ', ' , ', ';', ' ', '\t', '\u0000', '\n'),
      fc.constant(String(TS)),
      fc.stringMatching(/^[0-9]{0,14}$/),
      fc.stringMatching(/^[0-9a-fA-F]{0,70}$/),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

/** Non-blank secrets (blank ones are a programmer error, tested elsewhere). */
const secret = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '');

describe('verifyWebhook and signWebhook with generated headers, secrets and bodies', () => {
  it('any header string is refused with a WebhookVerificationError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), headerish),
        async (header) => {
          const error = await reason(verifyWebhook({ body: BODY, header, secrets: KEY, now: NOW }));
          expect(error).toBeInstanceOf(WebhookVerificationError);
          expect(CODES).toContain((error as WebhookVerificationError).code);
        },
      ),
      runs,
    );
  });

  it('any header value shape (objects, arrays, numbers…) is refused with a WebhookVerificationError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (header) => {
        const error = await reason(
          verifyWebhook({ body: BODY, header: header as never, secrets: KEY, now: NOW }),
        );
        expect(error).toBeInstanceOf(WebhookVerificationError);
      }),
      runs,
    );
  });

  it('sign → verify round-trips JSON objects with every secret, and fails with any other', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.uniqueArray(secret, { minLength: 1, maxLength: 3 }),
        secret,
        fc.integer({ min: 0, max: 999_999_999_999 }),
        async (object, secrets, other, ts) => {
          fc.pre(!secrets.includes(other));
          const body = JSON.stringify(object);
          const header = await signWebhook({ body, secrets, ts });
          const now = ts * 1000;
          for (const key of secrets) {
            const event = await verifyWebhook({ body, header, secrets: key, now });
            expect(event).toEqual(JSON.parse(body));
          }
          const error = await reason(verifyWebhook({ body, header, secrets: other, now }));
          expect((error as WebhookVerificationError).code).toBe('signature_mismatch');
        },
      ),
      runs,
    );
  });

  it('sign → verify accepts any byte body (it is only rejected later if not JSON), and any change breaks it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        secret,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (body, key, at, bit) => {
          const header = await signWebhook({ body, secrets: key, ts: TS });
          const outcome = await verifyWebhook({ body, header, secrets: key, now: NOW }).then(
            () => 'ok',
            (e: WebhookVerificationError) => e.code,
          );
          expect(['ok', 'invalid_json']).toContain(outcome);
          if (body.length > 0) {
            const tampered = body.slice();
            const index = at % body.length;
            tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
            const error = await reason(
              verifyWebhook({ body: tampered, header, secrets: key, now: NOW }),
            );
            expect((error as WebhookVerificationError).code).toBe('signature_mismatch');
          }
        },
      ),
      runs,
    );
  });
});
