// @vitest-environment node
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { copyBytes, HEADROOM } from '../../src/webhooks/body';
import {
  equalBytes,
  hmacSha256,
  KEY_CACHE_SIZE,
  sha256Hex,
  signatureFromHex,
  toHex,
} from '../../src/webhooks/hmac';

describe('hmac helpers', () => {
  it('hmacSha256 matches Node’s HMAC for string and byte bodies alike', async () => {
    const expected = createHmac('sha256', 'käy').update('123.{"a":"ü"}').digest('hex');
    for (const body of ['{"a":"ü"}', copyBytes(new TextEncoder().encode('{"a":"ü"}'))]) {
      const digest = await hmacSha256('käy', '123.', body);
      expect(toHex(digest)).toBe(expected);
      expect(digest).toHaveLength(32);
    }
  });

  it('hashes keys longer than the 64-byte block first, as RFC 2104 says', async () => {
    // 63, 64 and 65 bytes around the block, longer ones, and 80 bytes of two-byte characters.
    for (const key of [63, 64, 65, 100, 300].map((n) => 'k'.repeat(n)).concat('ä'.repeat(40))) {
      const expected = createHmac('sha256', key).update('7.body').digest('hex');
      expect(toHex(await hmacSha256(key, '7.', 'body'))).toBe(expected);
    }
  });

  it('signs a taken body where it lies, and wipes the key pad written before it', async () => {
    const taken = copyBytes(new TextEncoder().encode('{"a":1}'));
    const expected = createHmac('sha256', 'pad-key').update('1592570791.{"a":1}').digest('hex');
    expect(toHex(await hmacSha256('pad-key', '1592570791.', taken))).toBe(expected);
    expect(new TextDecoder().decode(taken.subarray(HEADROOM))).toBe('{"a":1}');
    // Only the prefix is left in the room: no byte of K ⊕ ipad.
    expect(Array.from(taken.subarray(0, HEADROOM - 11)).every((byte) => byte === 0)).toBe(true);
    expect(new TextDecoder().decode(taken.subarray(HEADROOM - 11, HEADROOM))).toBe('1592570791.');
  });

  it('toHex writes two lowercase digits per byte', () => {
    expect(toHex(Uint8Array.from([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
    expect(toHex(new Uint8Array())).toBe('');
  });

  it('signatureFromHex accepts exactly 64 hex digits, in either case', () => {
    const hex = '00ff'.repeat(16);
    expect(Array.from(signatureFromHex(hex) ?? [])).toEqual(
      Array.from({ length: 32 }, (_, i) => (i % 2 ? 255 : 0)),
    );
    expect(signatureFromHex(hex.toUpperCase())).toEqual(signatureFromHex(hex));
    for (let first = 0; first < 256; first += 32) {
      const bytes = Uint8Array.from({ length: 32 }, (_, i) => first + i);
      expect(signatureFromHex(toHex(bytes))).toEqual(bytes);
      expect(signatureFromHex(toHex(bytes).toUpperCase())).toEqual(bytes);
    }
    for (const bad of [
      '',
      hex.slice(1),
      `${hex}0`,
      `${hex.slice(2)}zz`,
      ` ${hex.slice(1)}`,
      `0x${hex.slice(2)}`,
      `${hex.slice(1)}é`, // 64 characters, 65 UTF-8 bytes
      `é${hex.slice(2)}`, // 63 characters
      '٠'.repeat(64), // Arabic-Indic zeros
      `${hex.slice(1)}g`,
      `${hex.slice(1)}/`,
      `${hex.slice(1)}:`,
      `${hex.slice(1)}@`,
      `${hex.slice(1)}\``,
    ]) {
      expect(signatureFromHex(bad)).toBeUndefined();
    }
  });

  it('equalBytes compares content and length', () => {
    expect(equalBytes(Uint8Array.from([1, 2, 3]), Uint8Array.from([1, 2, 3]))).toBe(true);
    expect(equalBytes(Uint8Array.from([1, 2, 3]), Uint8Array.from([1, 2, 4]))).toBe(false);
    expect(equalBytes(Uint8Array.from([0, 2, 3]), Uint8Array.from([1, 2, 3]))).toBe(false);
    expect(equalBytes(Uint8Array.from([1, 2]), Uint8Array.from([1, 2, 3]))).toBe(false);
    expect(equalBytes(new Uint8Array(), new Uint8Array())).toBe(true);
  });

  it('equalBytes reads every byte even when the first one differs (no early exit)', () => {
    const reads = new Set<string>();
    const spy = (bytes: Uint8Array, name: string) =>
      new Proxy(bytes, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads.add(`${name}${key}`);
          return Reflect.get(target, key);
        },
      });
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(1);
    b[0] = 2;
    expect(equalBytes(spy(a, 'a'), spy(b, 'b'))).toBe(false);
    expect(reads.size).toBe(64);
  });
});

describe('backends', () => {
  const builtin = process.getBuiltinModule('node:crypto');

  it('uses node:crypto where process.getBuiltinModule has it, never Web Crypto', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const hash = vi.spyOn(builtin, 'hash');
    expect(toHex(await hmacSha256('backend-key', '1.', 'x'))).toBe(
      builtin.createHmac('sha256', 'backend-key').update('1.x').digest('hex'),
    );
    expect(hash).toHaveBeenCalledTimes(2); // the inner and the outer hash
    expect(sign).not.toHaveBeenCalled();
  });

  it('prepares each secret’s key pads once, and at most KEY_CACHE_SIZE of them', async () => {
    // A key longer than a block is hashed while its pads are prepared: one more hash call.
    const long = (name: string) => `${name}-${'k'.repeat(64)}`;
    const hash = vi.spyOn(builtin, 'hash');
    for (let i = 0; i < 5; i++) await hmacSha256(long('node-cache-a'), '1.', 'message');
    expect(hash).toHaveBeenCalledTimes(1 + 5 * 2);
    hash.mockClear();
    for (let i = 0; i < KEY_CACHE_SIZE; i++) await hmacSha256(long(`node-cache-${i}`), '1.', 'm');
    expect(hash).toHaveBeenCalledTimes(KEY_CACHE_SIZE * 3);
    hash.mockClear();
    await hmacSha256(long('node-cache-a'), '1.', 'message'); // pushed out by the others
    expect(hash).toHaveBeenCalledTimes(3);
  });

  it('leaves neither the key pad nor the body in the buffer a string body is encoded into', async () => {
    const hash = vi.spyOn(builtin, 'hash');
    const body = '{"one_click_token":"secret-token-ü"}';
    const expected = builtin.createHmac('sha256', 'wipe-key').update(`9.${body}`).digest('hex');
    expect(toHex(await hmacSha256('wipe-key', '9.', body))).toBe(expected);
    const inner = hash.mock.calls[0]?.[1] as Uint8Array; // what the inner hash read
    expect(inner.length).toBe(64 + new TextEncoder().encode(`9.${body}`).length);
    expect(inner.every((byte) => byte === 0)).toBe(true);
  });

  it('hashes string bodies of any length, longer than the buffer it keeps too', async () => {
    for (const body of ['', 'ü☕'.repeat(10), '{"a":"☕"}'.repeat(20_000), 'x'.repeat(300_000)]) {
      const expected = builtin.createHmac('sha256', 'len-key').update(`5.${body}`).digest('hex');
      expect(toHex(await hmacSha256('len-key', '5.', body))).toBe(expected);
    }
  });

  it('sha256Hex hashes strings and bytes like node:crypto', async () => {
    const expected = builtin.createHash('sha256').update('{"a":"ü"}').digest('hex');
    expect(await sha256Hex('{"a":"ü"}')).toBe(expected);
    expect(await sha256Hex(new TextEncoder().encode('{"a":"ü"}'))).toBe(expected);
  });
});

describe('portability', () => {
  const dir = fileURLToPath(new URL('../../src/webhooks/', import.meta.url));
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')] as const);

  it('finds the sources', () => {
    expect(sources.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'index.ts',
        'hmac.ts',
        'header.ts',
        'verify.ts',
        'sign.ts',
        'url.ts',
      ]),
    );
  });

  it.each(sources)(
    '%s has no Node-only import or global (node:crypto only through process.getBuiltinModule, in hmac.ts)',
    (name, text) => {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/from\s+['"]node:|from\s+['"](crypto|buffer|fs|path)['"]/);
      expect(code).not.toMatch(/\bBuffer\b|\brequire\(|\bimport\(/);
      // hmac.ts may name `process` twice: in the type of globalThis, and to reach node:crypto.
      const allowed =
        name === 'hmac.ts'
          ? /^\s*process\?: \{|\(globalThis as Host\)\.process\?\.getBuiltinModule\?\.\('node:crypto'\)/gm
          : /$^/g;
      expect(code.match(/\bprocess\b/g)?.length ?? 0).toBe(code.match(allowed)?.length ?? 0);
    },
  );

  it('imports only from inside src/', () => {
    for (const [, text] of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // examples in JSDoc import 'redis'
      for (const [, specifier] of code.matchAll(/from\s+'([^']+)'/g)) {
        expect(specifier).toMatch(/^\.\.?\//);
      }
    }
  });
});
