// The address readLink() leaves after reading a landing (its `clean`): what the address bar
// shows once og-oca has read the link.
import { describe, expect, test } from 'vitest';
import { readLink } from '../../src/link';

/** The address without the token (readLink's `clean`). */
const cleaned = (href: string, options?: { tokenParam?: string }) => readLink(href, options).clean;

const T = 'tok.EN-1_x';

describe("the address left after reading a link: none of og-oca's keys, the page's own kept", () => {
  const PAGE = 'https://shop.example/landing';
  test.each([
    [`${PAGE}?token=${T}&action=delay&days=21`, PAGE],
    [`${PAGE}?token=${T}&action=delay&days=21&utm_source=mail`, `${PAGE}?utm_source=mail`],
    [`${PAGE}?token=${T}&amp;action=upsell&amp;product=P1&quantity=2&ref=x`, `${PAGE}?ref=x`],
    [`${PAGE}?token=${T}&action=reactivate&og_winback_id=W&winback_id=W`, PAGE],
    [`${PAGE}?action=delay&token=${T}&days=21`, PAGE],
    [`${PAGE}?token=${T}`, PAGE],
    [`${PAGE}?token=a&token=b&action=skip`, PAGE],
    [`${PAGE}?token=${T}&action=skip#section-2`, `${PAGE}#section-2`],
    [`${PAGE}#token=${T}&action=skip`, PAGE],
    [`${PAGE}?utm_source=mail#token=${T}&action=skip`, `${PAGE}?utm_source=mail`],
    [`${PAGE}#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${T}`, PAGE],
    [`${PAGE}#og_quick_action_token=${T}#og_quick_action=skip`, PAGE],
    [`${PAGE}?og_quick_action_token=${T}&og_quick_action=skip`, PAGE],
    [`${PAGE}?token=${T}#token=${T}`, PAGE],
    [`${PAGE}?action=skip`, PAGE],
    [`${PAGE}?days=3&product=P1&quantity=2`, `${PAGE}?days=3&product=P1&quantity=2`],
    [`${PAGE}#section-2`, `${PAGE}#section-2`],
    [PAGE, PAGE],
  ])('%s', (href, expected) => {
    const clean = cleaned(href);
    expect(clean).toBe(expected);
    expect(clean).not.toContain(T);
  });

  test('custom tokenParam', () => {
    expect(cleaned(`${PAGE}?og_t=${T}&action=skip&token=x`, { tokenParam: 'og_t' })).toBe(
      `${PAGE}?token=x`,
    );
    expect(cleaned(`${PAGE}#og_t=${T}&action=skip`, { tokenParam: 'og_t' })).toBe(PAGE);
  });

  test('an unencoded base64 token (+ read as space) is removed too', () => {
    expect(cleaned(`${PAGE}?token=ab+cd/ef==&action=skip`)).toBe(PAGE);
  });
});
