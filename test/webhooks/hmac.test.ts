// @vitest-environment node
// The two HMAC backends of og-oca/webhooks: Web Crypto (hmac.ts, the `default` build) and
// node:crypto (hmac-node.ts, the `node` build). Both must agree with RFC 4231 and with
// Node's createHmac, and compare signatures with the platform's constant-time primitive.
import * as nodeCrypto from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as web from '../../src/webhooks/hmac';
import * as node from '../../src/webhooks/hmac-node';

const backends = [
  ['Web Crypto', web],
  ['node:crypto', node],
] as const;

const bytes = (byte: number, length: number) => new Uint8Array(length).fill(byte);
const ascii = (text: string) => new TextEncoder().encode(text);

/** RFC 4231, section 4: HMAC-SHA-256 test cases 1–7 (case 5's output is truncated to 128 bits). */
const RFC_4231: [string, Uint8Array, Uint8Array, string][] = [
  [
    '1',
    bytes(0x0b, 20),
    ascii('Hi There'),
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  ],
  [
    '2',
    ascii('Jefe'),
    ascii('what do ya want for nothing?'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  ],
  [
    '3',
    bytes(0xaa, 20),
    bytes(0xdd, 50),
    '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  ],
  [
    '4',
    Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    bytes(0xcd, 50),
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  ],
  ['5', bytes(0x0c, 20), ascii('Test With Truncation'), 'a3b6167473100ee06e0c796c2955552b'],
  [
    '6',
    bytes(0xaa, 131),
    ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
  [
    '7',
    bytes(0xaa, 131),
    ascii(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  ],
];

const nodeHmac = (key: string | Uint8Array, message: string | Uint8Array) =>
  nodeCrypto.createHmac('sha256', key).update(message).digest('hex');

describe.each(backends)('%s HMAC', (_name, backend) => {
  it.each(RFC_4231)('reproduces RFC 4231 test case %s', async (_case, key, data, expected) => {
    const digest = await backend.hmacHex(key, '', data);
    expect(digest.startsWith(expected)).toBe(true);
    expect(digest).toBe(nodeHmac(key, data));
  });

  it('agrees with createHmac for arbitrary secrets, timestamps, string and byte bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Up to 100 characters of up to 4 UTF-8 bytes each: keys shorter and longer than the
        // 64-byte block (which HMAC hashes first). Web Crypto refuses empty keys.
        fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
        fc.stringMatching(/^\d{1,12}$/),
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        async (key, ts, body, text) => {
          const expected = (data: string | Uint8Array) =>
            nodeCrypto.createHmac('sha256', key).update(`${ts}.`).update(data).digest('hex');
          const [forBytes, forText] = [expected(body), expected(text)];
          expect(await backend.hmacHex(key, `${ts}.`, body)).toBe(forBytes);
          expect(await backend.hmacHex(key, `${ts}.`, text)).toBe(forText);
          const found = await backend.matchSignatures(['other-key', key], `${ts}.`, body, [
            'f'.repeat(64),
            forBytes,
          ]);
          expect(found.matched).toBe(true);
          expect(Array.from(found.raw as Uint8Array)).toEqual(Array.from(body));
          const wrong = await backend.matchSignatures([key], `${ts}.`, text, [forBytes]);
          expect(wrong.matched).toBe(forBytes === forText);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes strings and bytes like createHash', async () => {
    const expected = nodeCrypto.createHash('sha256').update('{"a":"ü"}').digest('hex');
    expect(await backend.sha256Hex('{"a":"ü"}')).toBe(expected);
    expect(await backend.sha256Hex(ascii('{"a":"ü"}'))).toBe(expected);
  });
});

describe('Web Crypto backend', () => {
  it('checks signatures with subtle.verify and a CryptoKey imported once per secret', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const signature = nodeHmac('web-once', '1.m');
    for (let i = 0; i < 5; i++) {
      expect((await web.matchSignatures(['web-once'], '1.', 'm', [signature])).matched).toBe(true);
    }
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(5);
    // The cache is bounded: after many other secrets, the first is imported again.
    for (let i = 0; i < 40; i++) await web.hmacHex(`web-other-${i}`, '1.', 'm');
    await web.matchSignatures(['web-once'], '1.', 'm', [signature]);
    expect(importKey).toHaveBeenCalledTimes(42);
  });

  it('checks a private copy of a byte body: rewriting the buffer meanwhile changes nothing', async () => {
    const body = ascii('{"token":"REAL"}');
    const pending = web.matchSignatures(['k'], '9.', body, [nodeHmac('k', '9.{"token":"REAL"}')]);
    body.set(ascii('{"token":"EVIL"}'));
    const { matched, raw } = await pending;
    expect(matched).toBe(true);
    expect(new TextDecoder().decode(raw as Uint8Array)).toBe('{"token":"REAL"}');
  });
});

describe('node:crypto backend', () => {
  it('uses createHmac and timingSafeEqual, synchronously, and never Web Crypto', () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const signature = nodeHmac('node-key', '1.x');
    const result = node.matchSignatures(['node-key', 'old-key'], '1.', 'x', [
      '0'.repeat(64),
      signature,
    ]);
    expect(result).toEqual({ matched: true, raw: 'x' }); // not a promise
    expect(node.matchSignatures(['old-key'], '1.', 'x', [signature]).matched).toBe(false);
    expect(sign).not.toHaveBeenCalled();
    expect(verify).not.toHaveBeenCalled();
    const source = readFileSync(
      new URL('../../src/webhooks/hmac-node.ts', import.meta.url),
      'utf8',
    );
    expect(source).toMatch(/createHmac\('sha256', secret\)/);
    expect(source).toMatch(/timingSafeEqual\(digest, signature\)/);
  });
});

describe('portability', () => {
  const dir = fileURLToPath(new URL('../../src/webhooks/', import.meta.url));
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')] as const);

  it('finds the sources', () => {
    expect(sources.map(([name]) => name)).toEqual(
      expect.arrayContaining(['index.ts', 'hmac.ts', 'hmac-node.ts', 'verify.ts', 'sign.ts']),
    );
  });

  it.each(sources.filter(([name]) => name !== 'hmac-node.ts'))(
    '%s has no Node-only import or global (only hmac-node.ts, the node build, has)',
    (_name, text) => {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/from\s+['"]node:|from\s+['"](crypto|buffer|fs|path)['"]/);
      expect(code).not.toMatch(/\bBuffer\b|\brequire\(|\bimport\(|\bprocess\b/);
    },
  );

  it('hmac-node.ts imports node:crypto and nothing else from Node', () => {
    const text = sources.find(([name]) => name === 'hmac-node.ts')?.[1] ?? '';
    expect([...text.matchAll(/from\s+'(node:[^']+)'/g)].map(([, id]) => id)).toEqual([
      'node:crypto',
    ]);
  });

  it('imports only from inside src/', () => {
    for (const [name, text] of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // examples in JSDoc import 'redis'
      for (const [, specifier] of code.matchAll(/from\s+'([^']+)'/g)) {
        if (name === 'hmac-node.ts' && specifier === 'node:crypto') continue;
        expect(specifier).toMatch(/^\.\.?\//);
      }
    }
  });

  it('keeps no hand-made HMAC: no key pads, no hex decoder', () => {
    for (const [, text] of sources) {
      expect(text).not.toMatch(/0x36|0x5c|HEADROOM|ipad|opad/i);
    }
  });
});
