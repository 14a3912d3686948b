// @vitest-environment node
// Cases found by the demo's relay work, kept with their fixes.
import { describe, expect, test } from 'vitest';
import { buildActionUrl, signWebhook, verifyWebhook } from '../../src/webhooks';

const body = '{"test": 2432232314}';

describe('holes and arrays', () => {
  test('a sparse secrets list is a TypeError naming the hole, not a Web Crypto DataError', async () => {
    // Holes made with `length`, as a sparse literal would (Biome forbids those).
    const trailing = ['key-1'];
    trailing.length = 2;
    const leading: string[] = [];
    leading[1] = 'key-1';
    for (const secrets of [trailing, leading]) {
      await expect(signWebhook({ body, secrets })).rejects.toThrow(TypeError);
      await expect(verifyWebhook({ body, header: 'ts=1,sig=00', secrets })).rejects.toThrow(
        /secrets\[[01]\] must be a string/,
      );
    }
  });

  test('days and quantity must be numbers or strings, not arrays', () => {
    const landing = 'https://shop.example/l';
    expect(() =>
      buildActionUrl(landing, { token: 'abcd', action: 'delay', days: [14] as never }),
    ).toThrow(RangeError);
    expect(() =>
      buildActionUrl(landing, {
        token: 'abcd',
        action: 'upsell',
        product: 'P',
        quantity: [' 2 '] as never,
      }),
    ).toThrow(RangeError);
  });
});
