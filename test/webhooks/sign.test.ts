// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/webhooks';

const KEY = 'super-secret-webhooks-verification-key';
const TS = 1592570791;
const BODY = '{"test": 2432232314}';
const SIG = 'b39846a10503cb0559f8997f5f6934f2560a05a16eadaa60d859dc66689ea644';

const hmac = (secret: string, ts: number, body: string): string =>
  createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');

describe('signWebhook', () => {
  it('reproduces the design test vector exactly', async () => {
    await expect(signWebhook({ body: BODY, secrets: KEY, ts: TS })).resolves.toBe(
      `ts=${TS},sig=${SIG}`,
    );
    await expect(signWebhook({ body: BODY, secrets: [KEY], ts: TS })).resolves.toBe(
      `ts=${TS},sig=${SIG}`,
    );
  });

  it('signs the same bytes whether the body is a string, Uint8Array or ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode(BODY);
    for (const body of [bytes, bytes.slice().buffer, Buffer.from(BODY)]) {
      await expect(signWebhook({ body, secrets: KEY, ts: TS })).resolves.toBe(
        `ts=${TS},sig=${SIG}`,
      );
    }
  });

  it('emits the rotation form with one sig per secret, in order', async () => {
    const header = await signWebhook({ body: BODY, secrets: ['new-key', 'old-key'], ts: TS });
    expect(header).toBe(
      `ts=${TS},sig=${hmac('new-key', TS, BODY)},sig=${hmac('old-key', TS, BODY)}`,
    );
    for (const secrets of ['new-key', 'old-key']) {
      await expect(verifyWebhook({ body: BODY, header, secrets, now: TS * 1000 })).resolves.toEqual(
        { test: 2432232314 },
      );
    }
  });

  it('writes lowercase hex', async () => {
    const header = await signWebhook({ body: 'x', secrets: 'k', ts: 1 });
    expect(header).toMatch(/^ts=1,sig=[0-9a-f]{64}$/);
  });

  it('defaults ts to the current unix second', async () => {
    const before = Math.floor(Date.now() / 1000);
    const header = await signWebhook({ body: BODY, secrets: KEY });
    const after = Math.floor(Date.now() / 1000);
    const ts = Number(/^ts=(\d+),/.exec(header)?.[1]);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(after);
    await expect(verifyWebhook({ body: BODY, header, secrets: KEY })).resolves.toEqual({
      test: 2432232314,
    });
  });

  it('takes ts as a Date', async () => {
    await expect(
      signWebhook({ body: BODY, secrets: KEY, ts: new Date(TS * 1000 + 999) }),
    ).resolves.toBe(`ts=${TS},sig=${SIG}`);
  });

  it('rejects bad input with TypeError/RangeError, and never prints the secret', async () => {
    const cases: [object, ErrorConstructor, RegExp?][] = [
      [{ body: BODY, secrets: undefined }, TypeError],
      [{ body: BODY, secrets: [] }, TypeError],
      [{ body: BODY, secrets: [KEY, ''] }, TypeError],
      [{ body: { test: 1 }, secrets: KEY }, TypeError, /express\.raw/],
      [{ body: undefined, secrets: KEY }, TypeError],
      [{ body: BODY, secrets: KEY, ts: 1.5 }, RangeError],
      [{ body: BODY, secrets: KEY, ts: -1 }, RangeError],
      [{ body: BODY, secrets: KEY, ts: Date.now() }, RangeError, /milliseconds/],
      [{ body: BODY, secrets: KEY, ts: '1592570791' }, TypeError],
      [{ body: BODY, secrets: KEY, ts: new Date('nope') }, RangeError],
    ];
    for (const [options, type, pattern] of cases) {
      const error = await signWebhook(options as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(/^signWebhook: /);
      if (pattern) expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain(KEY);
    }
    await expect(signWebhook(undefined as never)).rejects.toThrow(TypeError);
  });

  it('accepts the largest timestamp the verifier parses, and signs ts 0', async () => {
    await expect(signWebhook({ body: 'x', secrets: 'k', ts: 999_999_999_999 })).resolves.toMatch(
      /^ts=999999999999,sig=/,
    );
    await expect(signWebhook({ body: 'x', secrets: 'k', ts: 0 })).resolves.toBe(
      `ts=0,sig=${hmac('k', 0, 'x')}`,
    );
  });
});
