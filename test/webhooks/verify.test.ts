// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhook,
  type WebhookErrorCode,
  WebhookVerificationError,
} from '../../src/webhooks';

// The design's test vector.
const KEY = 'super-secret-webhooks-verification-key';
const TS = 1592570791;
const BODY = '{"test": 2432232314}';
const SIG = 'b39846a10503cb0559f8997f5f6934f2560a05a16eadaa60d859dc66689ea644';
const HEADER = `ts=${TS},sig=${SIG}`;
const NOW = TS * 1000;

const OLD_KEY = 'old-verification-key';
const NEW_KEY = 'new-verification-key';

/** Independent oracle (Node's crypto, not the code under test). */
const hmac = (secret: string, ts: number | string, body: string | Uint8Array): string =>
  createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex');

/** Awaits a rejection and checks it is a WebhookVerificationError with `code`. */
const rejection = async (
  promise: Promise<unknown>,
  code: WebhookErrorCode,
): Promise<WebhookVerificationError> => {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${code} rejection, but it resolved`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect((error as WebhookVerificationError).code).toBe(code);
  return error as WebhookVerificationError;
};

describe('verifyWebhook: the design test vector', () => {
  it('accepts the vector and returns the parsed JSON', async () => {
    const event = await verifyWebhook({ body: BODY, header: HEADER, secrets: KEY, now: NOW });
    expect(event).toEqual({ test: 2432232314 });
  });

  it('agrees with an independent HMAC implementation on the vector', () => {
    expect(hmac(KEY, TS, BODY)).toBe(SIG);
  });

  it('types the result with the generic parameter', async () => {
    const event = await verifyWebhook<{ test: number }>({
      body: BODY,
      header: HEADER,
      secrets: KEY,
      now: NOW,
    });
    expect(event.test + 1).toBe(2432232315);
  });

  it('rejects the vector with a different key', async () => {
    await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: `${KEY}x`, now: NOW }),
      'signature_mismatch',
    );
  });
});

describe('verifyWebhook: key rotation and several secrets', () => {
  const rotation = `ts=${TS},sig=${hmac(NEW_KEY, TS, BODY)},sig=${hmac(OLD_KEY, TS, BODY)}`;

  it('accepts a rotation header with only the old key', async () => {
    await expect(
      verifyWebhook({ body: BODY, header: rotation, secrets: OLD_KEY, now: NOW }),
    ).resolves.toEqual({ test: 2432232314 });
  });

  it('accepts a rotation header with only the new key', async () => {
    await expect(
      verifyWebhook({ body: BODY, header: rotation, secrets: [NEW_KEY], now: NOW }),
    ).resolves.toEqual({ test: 2432232314 });
  });

  it('rejects a rotation header with neither key', async () => {
    const error = await rejection(
      verifyWebhook({ body: BODY, header: rotation, secrets: ['third-key', KEY], now: NOW }),
      'signature_mismatch',
    );
    expect(error.message).toContain('2 signature(s)');
    expect(error.message).toContain('2 secret(s)');
  });

  it('accepts a single signature made with any of several receiver secrets', async () => {
    const header = `ts=${TS},sig=${hmac(NEW_KEY, TS, BODY)}`;
    for (const secrets of [
      [NEW_KEY, OLD_KEY],
      [OLD_KEY, NEW_KEY],
      ['a', 'b', NEW_KEY],
    ]) {
      await expect(verifyWebhook({ body: BODY, header, secrets, now: NOW })).resolves.toEqual({
        test: 2432232314,
      });
    }
    await rejection(
      verifyWebhook({ body: BODY, header, secrets: [OLD_KEY, 'c'], now: NOW }),
      'signature_mismatch',
    );
  });

  it('accepts the matching signature wherever it sits among junk ones', async () => {
    const junk = 'f'.repeat(64);
    const header = `ts=${TS},sig=${junk},sig=${junk},sig=${SIG},sig=${junk}`;
    await expect(verifyWebhook({ body: BODY, header, secrets: KEY, now: NOW })).resolves.toEqual({
      test: 2432232314,
    });
  });
});

describe('verifyWebhook: tampering', () => {
  it('rejects every one-byte change of the body', async () => {
    for (let i = 0; i < BODY.length; i++) {
      const code = BODY.charCodeAt(i);
      const tampered = BODY.slice(0, i) + String.fromCharCode(code ^ 1) + BODY.slice(i + 1);
      await rejection(
        verifyWebhook({ body: tampered, header: HEADER, secrets: KEY, now: NOW }),
        'signature_mismatch',
      );
    }
  });

  it('rejects an appended or removed byte, and whitespace changes', async () => {
    for (const body of [`${BODY}\n`, BODY.slice(0, -1), '{"test":2432232314}', ` ${BODY}`]) {
      await rejection(
        verifyWebhook({ body, header: HEADER, secrets: KEY, now: NOW }),
        'signature_mismatch',
      );
    }
  });

  it('rejects a changed timestamp (the ts is signed)', async () => {
    for (const ts of [TS + 1, TS - 1]) {
      await rejection(
        verifyWebhook({ body: BODY, header: `ts=${ts},sig=${SIG}`, secrets: KEY, now: NOW }),
        'signature_mismatch',
      );
    }
  });

  it('signs the ts exactly as written: leading zeros change the message', async () => {
    await rejection(
      verifyWebhook({ body: BODY, header: `ts=0${TS},sig=${SIG}`, secrets: KEY, now: NOW }),
      'signature_mismatch',
    );
    const header = `ts=0${TS},sig=${hmac(KEY, `0${TS}`, BODY)}`;
    await expect(verifyWebhook({ body: BODY, header, secrets: KEY, now: NOW })).resolves.toEqual({
      test: 2432232314,
    });
  });

  it('rejects one flipped signature digit', async () => {
    const flipped = (SIG[0] === 'b' ? 'c' : 'b') + SIG.slice(1);
    await rejection(
      verifyWebhook({ body: BODY, header: `ts=${TS},sig=${flipped}`, secrets: KEY, now: NOW }),
      'signature_mismatch',
    );
  });

  it('checks the signature before the clock: a forged stale request is a mismatch', async () => {
    await rejection(
      verifyWebhook({ body: `${BODY} `, header: HEADER, secrets: KEY, now: NOW + 86_400_000 }),
      'signature_mismatch',
    );
  });
});

describe('verifyWebhook: timestamp tolerance', () => {
  const at = (seconds: number, extra?: object) =>
    verifyWebhook({
      body: BODY,
      header: HEADER,
      secrets: KEY,
      now: (TS + seconds) * 1000,
      ...extra,
    });

  it('defaults to 300 seconds', () => {});

  it('accepts exactly the tolerance in both directions', async () => {
    await expect(at(300)).resolves.toEqual({ test: 2432232314 });
    await expect(at(-300)).resolves.toEqual({ test: 2432232314 });
    await expect(at(0)).resolves.toEqual({ test: 2432232314 });
  });

  it('rejects one second beyond, in the past and in the future', async () => {
    const stale = await rejection(at(301), 'timestamp_out_of_tolerance');
    expect(stale.message).toContain('301 s');
    expect(stale.message).toContain('older than');
    expect(stale.message).toContain('tolerance is 300 s');
    const future = await rejection(at(-301), 'timestamp_out_of_tolerance');
    expect(future.message).toContain('301 s');
    expect(future.message).toContain('ahead of');
  });

  it('says how far off the clock is, in human units too', async () => {
    const error = await rejection(at(3 * 86_400), 'timestamp_out_of_tolerance');
    expect(error.message).toContain('259200 s (about 3 days)');
    expect(error.message).toContain('2020-06-19T12:46:31.000Z');
    expect(error.message).toContain('2020-06-22T12:46:31.000Z');
  });

  it('compares whole seconds: milliseconds within the last second still pass', async () => {
    await expect(
      verifyWebhook({ body: BODY, header: HEADER, secrets: KEY, now: (TS + 300) * 1000 + 999 }),
    ).resolves.toEqual({ test: 2432232314 });
    await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: KEY, now: (TS + 301) * 1000 }),
      'timestamp_out_of_tolerance',
    );
  });

  it('honours a custom toleranceSeconds, including 0 and Infinity', async () => {
    await expect(at(10, { toleranceSeconds: 10 })).resolves.toBeDefined();
    await rejection(at(11, { toleranceSeconds: 10 }), 'timestamp_out_of_tolerance');
    await rejection(at(-11, { toleranceSeconds: 10 }), 'timestamp_out_of_tolerance');
    await expect(at(0, { toleranceSeconds: 0 })).resolves.toBeDefined();
    await rejection(at(1, { toleranceSeconds: 0 }), 'timestamp_out_of_tolerance');
    await expect(at(10 * 365 * 86_400, { toleranceSeconds: Infinity })).resolves.toBeDefined();
  });

  it('takes now as a Date or as epoch milliseconds, with the same result', async () => {
    await expect(
      verifyWebhook({ body: BODY, header: HEADER, secrets: KEY, now: new Date(NOW + 300_000) }),
    ).resolves.toEqual({ test: 2432232314 });
    await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: KEY, now: new Date(NOW + 301_000) }),
      'timestamp_out_of_tolerance',
    );
    await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: KEY, now: NOW + 301_000 }),
      'timestamp_out_of_tolerance',
    );
  });

  it('uses the real clock by default', async () => {
    // The 2020 vector is years old by the real clock.
    await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: KEY }),
      'timestamp_out_of_tolerance',
    );
    const ts = Math.floor(Date.now() / 1000);
    const header = `ts=${ts},sig=${hmac(KEY, ts, BODY)}`;
    await expect(verifyWebhook({ body: BODY, header, secrets: KEY })).resolves.toEqual({
      test: 2432232314,
    });
  });
});

describe('verifyWebhook: a byte body is read before the call returns', () => {
  const real = '{"data":{"object":{"one_click_token":"REAL-token-0001"}}}';
  const forged = '{"data":{"object":{"one_click_token":"EVIL-token-6666"}}}';
  const header = `ts=${TS},sig=${hmac(KEY, TS, real)}`;
  const expected = JSON.parse(real);
  const encode = (text: string) => new TextEncoder().encode(text);
  /** Each byte form of a fresh copy of the real body, with the array the caller will overwrite. */
  const forms = (): [Uint8Array, unknown][] =>
    [
      (bytes: Uint8Array) => bytes,
      (bytes: Uint8Array) => bytes.buffer,
      (bytes: Uint8Array) => new DataView(bytes.buffer),
      (bytes: Uint8Array) => Buffer.from(bytes.buffer),
    ].map((form) => {
      const bytes = encode(real);
      return [bytes, form(bytes)];
    });

  it('returns what it verified when the caller rewrites its buffer right after the call', async () => {
    for (const [bytes, body] of forms()) {
      const pending = verifyWebhook({ body: body as Uint8Array, header, secrets: KEY, now: NOW });
      bytes.set(encode(forged));
      await expect(pending).resolves.toEqual(expected);
    }
  });

  it('verifies the bytes as they are once the header is read: rewritten meanwhile, they do not match', async () => {
    for (const [bytes, body] of forms()) {
      const headers = {
        get: (name: string) => {
          bytes.set(encode(forged));
          return name === 'Ordergroove-Signature' ? header : null;
        },
      };
      await rejection(
        verifyWebhook({ body: body as Uint8Array, header: headers, secrets: KEY, now: NOW }),
        'signature_mismatch',
      );
    }
  });

  it('returns what it verified when the buffer is rewritten between two secrets', async () => {
    for (const [bytes, body] of forms()) {
      let reads = 0;
      const secrets = new Proxy([KEY, 'other-key'], {
        get(target, property, receiver) {
          // The second secret is read while the signature loop runs.
          if (property === '1' && ++reads === 2) bytes.set(encode(forged));
          return Reflect.get(target, property, receiver);
        },
      });
      await expect(
        verifyWebhook({ body: body as Uint8Array, header, secrets, now: NOW }),
      ).resolves.toEqual(expected);
    }
  });

  it('leaves the caller’s buffer as it was', async () => {
    const bytes = encode(real);
    await verifyWebhook({ body: bytes, header, secrets: KEY, now: NOW });
    expect(new TextDecoder().decode(bytes)).toBe(real);
  });
});

describe('verifyWebhook: body types', () => {
  const bytes = new TextEncoder().encode(BODY);

  it('accepts a string, Uint8Array, ArrayBuffer, Buffer and DataView of the same bytes', async () => {
    const bodies = [
      BODY,
      bytes,
      bytes.slice().buffer,
      Buffer.from(BODY),
      new DataView(bytes.slice().buffer),
    ];
    for (const body of bodies) {
      await expect(
        verifyWebhook({ body: body as Uint8Array, header: HEADER, secrets: KEY, now: NOW }),
      ).resolves.toEqual({ test: 2432232314 });
    }
  });

  it('verifies only the viewed bytes of a Uint8Array that is a window into a larger buffer', async () => {
    const big = new Uint8Array(bytes.length + 20).fill(0x20);
    big.set(bytes, 7);
    const view = big.subarray(7, 7 + bytes.length);
    await expect(
      verifyWebhook({ body: view, header: HEADER, secrets: KEY, now: NOW }),
    ).resolves.toEqual({ test: 2432232314 });
  });

  it('verifies non-ASCII bodies over their UTF-8 bytes, whichever form they arrive in', async () => {
    const body = '{"name":"Zoë ☕ 𝄞","one_click_token":"tok"}';
    const header = `ts=${TS},sig=${hmac(KEY, TS, body)}`;
    const expected = { name: 'Zoë ☕ 𝄞', one_click_token: 'tok' };
    for (const form of [body, new TextEncoder().encode(body)]) {
      await expect(verifyWebhook({ body: form, header, secrets: KEY, now: NOW })).resolves.toEqual(
        expected,
      );
    }
  });

  it('verifies the exact bytes: Latin-1 bytes differ from the UTF-8 string', async () => {
    const latin1 = Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"a":"é"}
    const header = `ts=${TS},sig=${hmac(KEY, TS, '{"a":"é"}')}`;
    await rejection(
      verifyWebhook({ body: latin1, header, secrets: KEY, now: NOW }),
      'signature_mismatch',
    );
  });

  it('detects an already-parsed body and says how to get the raw one', async () => {
    for (const body of [{ test: 2432232314 }, [1, 2], Object.create(null)]) {
      const error = await rejection(
        verifyWebhook({ body, header: HEADER, secrets: KEY, now: NOW }),
        'parsed_body',
      );
      expect(error.message).toContain("express.raw({ type: 'application/json' })");
      expect(error.message).toContain('await req.text()');
    }
  });

  it('rejects a missing body or one of the wrong type as invalid_body, naming the type', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'undefined'],
      [null, 'null'],
      [42, 'number'],
      [true, 'boolean'],
      [new Map(), 'Map'],
      [new Blob([BODY]), 'Blob'],
    ];
    for (const [body, named] of cases) {
      const error = await rejection(
        verifyWebhook({ body: body as string, header: HEADER, secrets: KEY, now: NOW }),
        'invalid_body',
      );
      expect(error.message).toContain(named);
    }
  });

  it('checks the body before the header', async () => {
    await rejection(
      verifyWebhook({ body: { a: 1 } as never, header: undefined, secrets: KEY, now: NOW }),
      'parsed_body',
    );
  });
});

describe('verifyWebhook: JSON', () => {
  const signed = (body: string | Uint8Array) =>
    verifyWebhook({ body, header: `ts=${TS},sig=${hmac(KEY, TS, body)}`, secrets: KEY, now: NOW });

  it('rejects correctly signed bodies that are not a JSON object', async () => {
    for (const body of ['not json', '', '42', '"text"', 'null', '[1,2]', '{"a":1']) {
      await rejection(signed(body), 'invalid_json');
    }
  });

  it('rejects correctly signed bytes that are not UTF-8', async () => {
    const error = await rejection(signed(Uint8Array.from([0x7b, 0xff, 0x7d])), 'invalid_json');
    expect(error.message).toContain('UTF-8');
  });

  it('never quotes the body in the message (it may hold a token)', async () => {
    const error = await rejection(
      signed('{"data":{"object":{"one_click_token":"SENSITIVE-TOKEN-123"}}'),
      'invalid_json',
    );
    expect(error.message).not.toContain('SENSITIVE');
  });

  it('strips a UTF-8 byte-order mark before parsing', async () => {
    const body = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":1}')]);
    await expect(signed(body)).resolves.toEqual({ a: 1 });
  });
});

describe('verifyWebhook: where the header comes from', () => {
  const ok = (header: unknown) =>
    expect(
      verifyWebhook({ body: BODY, header: header as string, secrets: KEY, now: NOW }),
    ).resolves.toEqual({ test: 2432232314 });

  it('takes the header value as a string', () => ok(HEADER));

  it('takes a Fetch Headers object', () => ok(new Headers({ 'Ordergroove-Signature': HEADER })));

  it('takes a plain headers object in any casing', async () => {
    for (const name of [
      'ordergroove-signature',
      'Ordergroove-Signature',
      'ORDERGROOVE-SIGNATURE',
    ]) {
      await ok({ 'content-type': 'application/json', [name]: HEADER });
    }
  });

  it('takes array values, like some Node frameworks produce', async () => {
    await ok([HEADER]);
    await ok({ 'ordergroove-signature': [HEADER] });
    await ok({ 'ordergroove-signature': undefined, 'Ordergroove-Signature': HEADER });
  });

  it('joins repeated headers like Headers.get does, so two copies are ambiguous', async () => {
    await rejection(
      verifyWebhook({ body: BODY, header: [HEADER, HEADER], secrets: KEY, now: NOW }),
      'malformed_header',
    );
    const headers = new Headers();
    headers.append('Ordergroove-Signature', HEADER);
    headers.append('ordergroove-signature', HEADER);
    await rejection(
      verifyWebhook({ body: BODY, header: headers, secrets: KEY, now: NOW }),
      'malformed_header',
    );
  });

  it('reports a missing header for every shape', async () => {
    for (const header of [
      undefined,
      null,
      '',
      '   ',
      [],
      {},
      { 'content-type': 'application/json' },
      { 'ordergroove-signature': undefined },
      new Headers(),
    ]) {
      await rejection(
        verifyWebhook({ body: BODY, header: header as string, secrets: KEY, now: NOW }),
        'missing_header',
      );
    }
  });

  it('hints when the whole request was passed instead of its headers', async () => {
    const request = { method: 'POST', headers: { 'ordergroove-signature': HEADER } };
    const error = await rejection(
      verifyWebhook({ body: BODY, header: request as never, secrets: KEY, now: NOW }),
      'missing_header',
    );
    expect(error.message).toContain('request.headers');
  });

  it('rejects header inputs of unusable types as malformed_header', async () => {
    for (const header of [42, true, [HEADER, 7], { 'ordergroove-signature': 5 }]) {
      await rejection(
        verifyWebhook({ body: BODY, header: header as never, secrets: KEY, now: NOW }),
        'malformed_header',
      );
    }
  });
});

describe('verifyWebhook: header parsing', () => {
  const verifyHeader = (header: string) =>
    verifyWebhook({ body: BODY, header, secrets: KEY, now: NOW });

  it('tolerates spaces, empty parts, key case, uppercase hex and unknown keys', async () => {
    for (const header of [
      ` ts = ${TS} , sig = ${SIG} `,
      `,,ts=${TS},,sig=${SIG},`,
      `TS=${TS},SIG=${SIG}`,
      `ts=${TS},sig=${SIG.toUpperCase()}`,
      `sig=${SIG},ts=${TS}`,
      `ts=${TS},v1=whatever,sig=${SIG},future=1`,
      `ts=${TS},\tsig=${SIG}`,
    ]) {
      await expect(verifyHeader(header)).resolves.toEqual({ test: 2432232314 });
    }
  });

  it('parses headers up to 8,192 characters and refuses longer ones', async () => {
    const MAX_HEADER_LENGTH = 8192;
    const longest = HEADER + ','.repeat(MAX_HEADER_LENGTH - HEADER.length);
    expect(longest).toHaveLength(MAX_HEADER_LENGTH);
    await expect(verifyHeader(longest)).resolves.toEqual({ test: 2432232314 });
    const error = await rejection(verifyHeader(`${longest},`), 'malformed_header');
    expect(error.message).toContain(String(MAX_HEADER_LENGTH));
  });

  // A table of hostile or broken headers: each gets a specific code, never a crash.
  const hex = 'a'.repeat(64);
  const hostile: [string, string, WebhookErrorCode][] = [
    ['empty', '', 'missing_header'],
    ['only spaces', '     ', 'missing_header'],
    ['only commas', ',,,,', 'malformed_header'],
    ['only ts', `ts=${TS}`, 'no_signature'],
    ['ts and empty parts', `ts=${TS},,,`, 'no_signature'],
    ['only sig', `sig=${SIG}`, 'malformed_header'],
    ['non-numeric ts', `ts=abc,sig=${SIG}`, 'malformed_header'],
    ['empty ts', `ts=,sig=${SIG}`, 'malformed_header'],
    ['negative ts', `ts=-1,sig=${SIG}`, 'malformed_header'],
    ['fractional ts', `ts=1.5,sig=${SIG}`, 'malformed_header'],
    ['exponent ts', `ts=1e9,sig=${SIG}`, 'malformed_header'],
    ['13-digit (ms) ts', `ts=${TS}000,sig=${SIG}`, 'malformed_header'],
    ['huge ts', `ts=${'9'.repeat(400)},sig=${SIG}`, 'malformed_header'],
    ['Arabic-Indic digits', `ts=١٥٩٢٥٧٠٧٩١,sig=${SIG}`, 'malformed_header'],
    ['duplicated ts', `ts=1,ts=2,sig=${SIG}`, 'malformed_header'],
    ['duplicated identical ts', `ts=${TS},ts=${TS},sig=${SIG}`, 'malformed_header'],
    ['empty sig', `ts=${TS},sig=`, 'malformed_header'],
    ['non-hex sig', `ts=${TS},sig=${'z'.repeat(64)}`, 'malformed_header'],
    ['odd-length hex sig', `ts=${TS},sig=${SIG.slice(1)}`, 'malformed_header'],
    ['short sig', `ts=${TS},sig=abcd`, 'malformed_header'],
    ['long sig', `ts=${TS},sig=${SIG}00`, 'malformed_header'],
    [
      'sig with inner space',
      `ts=${TS},sig=${SIG.slice(0, 32)} ${SIG.slice(32)}`,
      'malformed_header',
    ],
    ['base64 sig', `ts=${TS},sig=s5hGoQUDywVZ+Jl/X2k08lYKBaFurapg2FncZmieplE=`, 'malformed_header'],
    ['a valid sig then a broken one', `ts=${TS},sig=${SIG},sig=xyz`, 'malformed_header'],
    ['part without =', `ts=${TS},garbage,sig=${SIG}`, 'malformed_header'],
    ['Stripe format', `t=${TS},v1=${SIG}`, 'malformed_header'],
    ['semicolons', `ts=${TS};sig=${SIG}`, 'malformed_header'],
    ['unicode junk', '☃=☃,ts=🙂,sig=💥', 'malformed_header'],
    ['NUL and newlines', `ts=${TS}\u0000,sig=${SIG}\r\nX-Evil: 1`, 'malformed_header'],
    ['100 KB', `ts=${TS},sig=${hex},${'x'.repeat(100_000)}`, 'malformed_header'],
    ['100 KB of commas', ','.repeat(100_000), 'malformed_header'],
    ['wrong sig, well formed', `ts=${TS},sig=${hex}`, 'signature_mismatch'],
    ['prototype keys', `__proto__=1,constructor=2,ts=${TS},sig=${hex}`, 'signature_mismatch'],
  ];

  it.each(hostile)('%s → %s', async (_name, header, code) => {
    const error = await rejection(verifyHeader(header), code);
    expect(error.message.length).toBeLessThan(600);
    // The header is attacker-controlled: it is described, not echoed into logs.
    if (header.length > 20) expect(error.message).not.toContain(header);
  });

  it('refuses a 100 KB header without scanning it for long', async () => {
    const started = performance.now();
    await rejection(verifyHeader(`ts=${TS},${'sig=0,'.repeat(20_000)}`), 'malformed_header');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('names the problem in the message', async () => {
    expect(
      (await rejection(verifyHeader(`ts=1,ts=2,sig=${SIG}`), 'malformed_header')).message,
    ).toContain('more than one ts');
    expect(
      (await rejection(verifyHeader(`ts=${TS}000,sig=${SIG}`), 'malformed_header')).message,
    ).toContain('milliseconds');
    expect(
      (await rejection(verifyHeader(`ts=${TS},sig=abc`), 'malformed_header')).message,
    ).toContain('64 hex digits');
  });
});

describe('verifyWebhook: secrets and options', () => {
  it('hints at whitespace around a secret on mismatch, without printing it', async () => {
    const error = await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: `${KEY}\n`, now: NOW }),
      'signature_mismatch',
    );
    expect(error.message).toContain('whitespace');
    expect(error.message).toContain('secret #1');
    expect(error.message).not.toContain(KEY);

    const second = await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: ['other-key', ` ${KEY}`], now: NOW }),
      'signature_mismatch',
    );
    expect(second.message).toContain('secret #2');
    expect(second.message).not.toContain('secret #1');
    expect(second.message).not.toContain('other-key');
  });

  it('does not mention whitespace when there is none', async () => {
    const error = await rejection(
      verifyWebhook({ body: BODY, header: HEADER, secrets: 'wrong-key', now: NOW }),
      'signature_mismatch',
    );
    expect(error.message).not.toContain('whitespace');
    expect(error.message).toContain('raw request body');
  });

  it('uses a secret exactly as given: it does not trim it', async () => {
    const header = `ts=${TS},sig=${hmac(` ${KEY}`, TS, BODY)}`;
    await expect(
      verifyWebhook({ body: BODY, header, secrets: ` ${KEY}`, now: NOW }),
    ).resolves.toBeDefined();
    await rejection(
      verifyWebhook({ body: BODY, header, secrets: KEY, now: NOW }),
      'signature_mismatch',
    );
  });

  it('treats bad options as programmer errors: TypeError/RangeError, never a 400-style code', async () => {
    const base = { body: BODY, header: HEADER, secrets: KEY, now: NOW };
    const cases: [object, ErrorConstructor][] = [
      [{ ...base, secrets: undefined }, TypeError],
      [{ ...base, secrets: null }, TypeError],
      [{ ...base, secrets: '' }, TypeError],
      [{ ...base, secrets: '  \n' }, TypeError],
      [{ ...base, secrets: [] }, TypeError],
      [{ ...base, secrets: [KEY, ''] }, TypeError],
      [{ ...base, secrets: [KEY, 5] }, TypeError],
      [{ ...base, secrets: 42 }, TypeError],
      [{ ...base, toleranceSeconds: -1 }, RangeError],
      [{ ...base, toleranceSeconds: Number.NaN }, RangeError],
      [{ ...base, toleranceSeconds: '300' }, TypeError],
      [{ ...base, now: 'yesterday' }, TypeError],
      [{ ...base, now: new Date('nope') }, RangeError],
      [{ ...base, now: Number.POSITIVE_INFINITY }, RangeError],
    ];
    for (const [options, type] of cases) {
      const error = await verifyWebhook(options as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect(error).not.toBeInstanceOf(WebhookVerificationError);
      expect((error as Error).message).toMatch(/^verifyWebhook: /);
      expect((error as Error).message).not.toContain(KEY);
    }
    await expect(verifyWebhook(null as never)).rejects.toThrow(TypeError);
  });

  it('says to check the environment variable when secrets is undefined', async () => {
    await expect(
      verifyWebhook({ body: BODY, header: HEADER, secrets: undefined as never }),
    ).rejects.toThrow(/environment variable/);
  });

  it('a sparse secrets list is a TypeError naming the hole, not a Web Crypto DataError', async () => {
    // Holes made with `length`, as a sparse literal would (Biome forbids those).
    const trailing = ['key-1'];
    trailing.length = 2;
    const leading: string[] = [];
    leading[1] = 'key-1';
    for (const secrets of [trailing, leading]) {
      await expect(signWebhook({ body: BODY, secrets })).rejects.toThrow(TypeError);
      await expect(verifyWebhook({ body: BODY, header: 'ts=1,sig=00', secrets })).rejects.toThrow(
        /secrets\[[01]\] must be a string/,
      );
    }
  });
});

describe('WebhookVerificationError', () => {
  it('is an Error with a name and a code', async () => {
    const error = await rejection(
      verifyWebhook({ body: BODY, header: undefined, secrets: KEY, now: NOW }),
      'missing_header',
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WebhookVerificationError');
    expect(String(error)).toMatch(/^WebhookVerificationError: /);
    expect(error.stack).toContain('WebhookVerificationError');
  });

  it('can be constructed directly', () => {
    const error = new WebhookVerificationError('invalid_json', 'nope');
    expect(error.code).toBe('invalid_json');
    expect(error.message).toBe('nope');
  });

  it('never carries a secret in any message', async () => {
    const secret = 'do-not-log-me-0123456789';
    const header = `ts=${TS},sig=${hmac(secret, TS, BODY)}`;
    const attempts: (() => Promise<unknown>)[] = [
      () => verifyWebhook({ body: BODY, header: undefined, secrets: secret, now: NOW }),
      () => verifyWebhook({ body: BODY, header: 'ts=x', secrets: secret, now: NOW }),
      () => verifyWebhook({ body: BODY, header: `ts=${TS}`, secrets: secret, now: NOW }),
      () => verifyWebhook({ body: BODY, header: HEADER, secrets: ` ${secret} `, now: NOW }),
      () => verifyWebhook({ body: BODY, header, secrets: secret, now: NOW + 10_000_000 }),
      () => verifyWebhook({ body: { a: 1 } as never, header, secrets: secret, now: NOW }),
      () => verifyWebhook({ body: null as never, header, secrets: secret, now: NOW }),
      () =>
        verifyWebhook({
          body: 'x',
          header: `ts=${TS},sig=${hmac(secret, TS, 'x')}`,
          secrets: secret,
          now: NOW,
        }),
    ];
    const codes = new Set<string>();
    for (const attempt of attempts) {
      const error = (await attempt().then(
        () => undefined,
        (e: unknown) => e,
      )) as WebhookVerificationError;
      expect(error).toBeInstanceOf(WebhookVerificationError);
      codes.add(error.code);
      expect(error.message).not.toContain(secret);
      expect(error.stack ?? '').not.toContain(secret);
    }
    expect(codes.size).toBe(8);
  });
});
