// @vitest-environment node
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  equalBytes,
  hmacSha256,
  KEY_CACHE_SIZE,
  sha256Hex,
  signatureFromHex,
  toHex,
} from '../../src/webhooks/hmac';

describe('hmac helpers', () => {
  it('hmacSha256 matches Node’s HMAC for string and byte messages alike', async () => {
    const expected = createHmac('sha256', 'käy').update('123.{"a":"ü"}').digest('hex');
    for (const message of ['123.{"a":"ü"}', new TextEncoder().encode('123.{"a":"ü"}')]) {
      const digest = await hmacSha256('käy', message);
      expect(toHex(digest)).toBe(expected);
      expect(digest).toHaveLength(32);
    }
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
    for (const bad of [
      '',
      hex.slice(1),
      `${hex}0`,
      `${hex.slice(2)}zz`,
      ` ${hex.slice(1)}`,
      `0x${hex.slice(2)}`,
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
    const createHmac = vi.spyOn(builtin, 'createHmac');
    expect(toHex(await hmacSha256('backend-key', 'x'))).toBe(
      builtin.createHmac('sha256', 'backend-key').update('x').digest('hex'),
    );
    expect(createHmac).toHaveBeenCalledTimes(2);
    expect(sign).not.toHaveBeenCalled();
  });

  it('prepares each secret’s key once, and at most KEY_CACHE_SIZE of them', async () => {
    const createSecretKey = vi.spyOn(builtin, 'createSecretKey');
    for (let i = 0; i < 5; i++) await hmacSha256('node-cache-a', 'message');
    expect(createSecretKey).toHaveBeenCalledTimes(1);
    for (let i = 0; i < KEY_CACHE_SIZE; i++) await hmacSha256(`node-cache-${i}`, 'm');
    expect(createSecretKey).toHaveBeenCalledTimes(1 + KEY_CACHE_SIZE);
    await hmacSha256('node-cache-a', 'message'); // pushed out by the others
    expect(createSecretKey).toHaveBeenCalledTimes(2 + KEY_CACHE_SIZE);
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
