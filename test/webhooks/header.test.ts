// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader } from '../../src/webhooks/header';
import { WebhookVerificationError } from '../../src/webhooks/WebhookVerificationError';

const SIG = 'b39846a10503cb0559f8997f5f6934f2560a05a16eadaa60d859dc66689ea644';

describe('parseSignatureHeader', () => {
  it('ignores around parts, keys and values exactly the characters String#trim removes', () => {
    const ignored: number[] = [];
    const unexpected: unknown[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      const header = `${c}ts${c}=${c}1592570791${c},${c}sig${c}=${c}${SIG}${c}`;
      try {
        if (parseSignatureHeader(header).ts === '1592570791') ignored.push(code);
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) unexpected.push(error);
      }
    }
    expect(unexpected).toEqual([]);
    const trimmed = Array.from({ length: 0x10000 }, (_, code) => code).filter(
      (code) => String.fromCharCode(code).trim() === '',
    );
    expect(ignored).toEqual(trimmed);
    expect(trimmed).toContain(0xa0); // no-break space
    expect(trimmed).toContain(0xfeff); // byte-order mark
  });

  it('reads the ts exactly as written and every sig in order', () => {
    const other = SIG.replace('b', 'c');
    const parsed = parseSignatureHeader(
      ` TS = 001592570791 , Sig=${other.toUpperCase()},sig=${SIG}`,
    );
    expect(parsed.ts).toBe('001592570791'); // as written: it is part of the signed message
    expect(parsed.timestamp).toBe(1592570791);
    expect(parsed.signatures).toEqual([other, SIG]); // lowercased
  });
});
