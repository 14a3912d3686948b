// @vitest-environment node
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { equalBytes, signatureFromHex, signatureOf, toHex } from '../../src/webhooks/hmac';

describe('hmac helpers', () => {
  it('signatureOf matches Node’s HMAC over "<ts>.<body>"', async () => {
    const body = new TextEncoder().encode('{"a":"ü"}');
    const digest = await signatureOf('käy', '123', body);
    expect(toHex(digest)).toBe(createHmac('sha256', 'käy').update('123.{"a":"ü"}').digest('hex'));
    expect(digest).toHaveLength(32);
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
    '%s uses Web APIs only (no node: imports, Buffer, process, require)',
    (_name, text) => {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/from\s+['"]node:|from\s+['"](crypto|buffer|fs|path)['"]/);
      expect(code).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
    },
  );

  it('imports only from inside src/', () => {
    for (const [, text] of sources) {
      for (const [, specifier] of text.matchAll(/from\s+'([^']+)'/g)) {
        expect(specifier).toMatch(/^\.\.?\//);
      }
    }
  });
});
