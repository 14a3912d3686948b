// 1-click links as mail delivers them: the shapes email service providers, link scanners,
// mail clients and plain-text autolinkers are documented to produce, each with what og-oca
// must read from it (docs/contract.md, "Links the landing page reads"). The unit suite runs
// all of them through parseLink (corpus.test.ts); the browser suite runs a subset through the
// landing page against the fake API (e2e/mail-links.spec.ts), with tokens it mints.

/** The link families the corpus covers. */
export type Family =
  | 'esp' // decorations email service providers and analytics append
  | 'scanner' // the final address after Safe Links / Proofpoint / Mimecast let the click through
  | 'ios' // iOS Link Tracking Protection removed tracking parameters
  | 'amp' // an editor HTML-escaped `&` into `&amp;` (once or more)
  | 'encoding' // a token encoded twice, or its `+ / =` left bare
  | 'punctuation' // a plain-text autolinker kept the character after the URL
  | 'crlf' // quoted-printable line breaks and whitespace in the href
  | 'legacy' // Ordergroove's `#og_quick_action…` fragment
  | 'strict'; // manglings that must stay errors

type Action = 'delay' | 'skip' | 'reactivate' | 'upsell';
type Params = { days?: number; winbackId?: string; product?: string; quantity?: number };

/** What parseLink must answer: the link (its token is the one given, unless `token` says) or the error. */
export type Reading =
  | { action: Action; params: Params; token?: (token: string) => string }
  | { error: 'missing_token' | 'unknown_action' | 'invalid_link'; param?: string };

export interface MailLink {
  /** Where this shape comes from, in a few words. */
  source: string;
  family: Family;
  /** The token the link carries: today's JWT, or an older base64 token holding `+ / =`. */
  kind: 'jwt' | 'base64';
  /** The link as it reaches the landing page `page` (an absolute or root-relative URL). */
  link: (token: string, page: string) => string;
  reads: Reading;
}

/** Encoded once, as a template's `urlencode` filter does. */
export const enc = encodeURIComponent;
/** Encoded twice, as mail clients have done to `%3D` and a second filter in a template does. */
export const enc2 = (text: string) => enc(enc(text));

// Real-world decorations (values of the shape each tool writes).
const KLAVIYO = '_kx=VbqzI3xNf5ojPz1KK3kHM9Ks4P5dRhT8nC0gm9WPzYM%3D.UHFmv9';
const MAILCHIMP = 'mc_cid=8f2a6d1b3e&mc_eid=a1b2c3d4e5';
const HUBSPOT = '_hsenc=p2ANqtz-9Ur5xS0nQ7KkzRfA4mJYtW1qv3hF8bX2lGdC6eP0oZsT&_hsmi=289471823';
const GA = '_gl=1*1k9x2mz*_ga*MTU0NzE5ODg2Mi4xNzAxODk0NjEy*_ga_Q1W2E3R4T5*MTcwMTg5NDYxMi4xLjAuMA..';
const UTM =
  'utm_source=ordergroove&utm_medium=email&utm_campaign=order_reminder&utm_content=delay%20button';
const FBCLID = 'fbclid=IwAR3xK9vQ2mZ7pL0nR5sT8uW1yB4cD6eF9gH2iJ5kL8mN1oP4qR7sT0uV';
const GCLID =
  'gclid=Cj0KCQiA4NWrBhD-ARIsAFCKwWt7Qx2Y9pZ3L8mN1oP4qR7sT0uV2wX5yZ8aB1cD4eF7gH0iJ3kL_wcB';

const delay = (days?: number): Reading => ({
  action: 'delay',
  params: days === undefined ? {} : { days },
});
const skip: Reading = { action: 'skip', params: {} };

export const CORPUS: readonly MailLink[] = [
  // --- Decorations ESPs and analytics append (none of og-oca's business) ---
  {
    source: 'Klaviyo click tracking appends _kx',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&days=14&action=delay&${KLAVIYO}`,
    reads: delay(14),
  },
  {
    source: 'Klaviyo _kx inserted before the fragment of a fragment link',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?${KLAVIYO}#token=${t}&days=21&action=delay`,
    reads: delay(21),
  },
  {
    source: 'Mailchimp appends mc_cid and mc_eid',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip&${MAILCHIMP}`,
    reads: skip,
  },
  {
    source: 'HubSpot appends _hsenc and _hsmi',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&og_winback_id=WB-SPRING-15&action=reactivate&${HUBSPOT}`,
    reads: { action: 'reactivate', params: { winbackId: 'WB-SPRING-15' } },
  },
  {
    source: 'Google Analytics cross-domain linker _gl (with * and a trailing ..)',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip&${GA}`,
    reads: skip,
  },
  {
    source: 'utm_* campaign parameters before the link keys',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?${UTM}&token=${t}&product=SKU-1042&quantity=2&action=upsell`,
    reads: { action: 'upsell', params: { product: 'SKU-1042', quantity: 2 } },
  },
  {
    source: 'utm_* in the query of a fragment link, Mailchimp after them',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?${UTM}&${MAILCHIMP}#token=${t}&action=skip`,
    reads: skip,
  },
  {
    source: 'every decoration at once, around a base64 token encoded once',
    family: 'esp',
    kind: 'base64',
    link: (t, p) => `${p}?${UTM}&token=${enc(t)}&days=30&action=delay&${KLAVIYO}&${HUBSPOT}&${GA}`,
    reads: delay(30),
  },
  {
    source: 'a social share adds fbclid, an ad click gclid',
    family: 'esp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip&${FBCLID}&${GCLID}`,
    reads: skip,
  },

  // --- Final addresses after corporate link scanners let the click through ---
  {
    source: 'Microsoft Safe Links, unwrapped: the original link, utm kept',
    family: 'scanner',
    kind: 'jwt',
    link: (t, p) => `${p}?utm_source=ordergroove&utm_medium=email&token=${t}&action=skip`,
    reads: skip,
  },
  {
    source: 'Safe Links final of an href that held a literal &amp;',
    family: 'scanner',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&amp;days=21&amp;action=delay`,
    reads: delay(21),
  },
  {
    source: 'Proofpoint URL Defense, unwrapped: the fragment link arrives whole',
    family: 'scanner',
    kind: 'base64',
    link: (t, p) => `${p}?utm_source=ordergroove#token=${enc(t)}&days=7&action=delay`,
    reads: delay(7),
  },
  {
    source: 'Mimecast, unwrapped: a rewriter that decoded the escapes (+ arrives as a space)',
    family: 'scanner',
    kind: 'base64',
    link: (t, p) => `${p}?token=${t}&action=skip`,
    reads: skip,
  },
  {
    source: 'Outlook / Safe Links double-encoded the token (%253D, %252B, %252F)',
    family: 'scanner',
    kind: 'base64',
    link: (t, p) => `${p}?token=${enc2(t)}&action=skip`,
    reads: skip,
  },

  // --- iOS Link Tracking Protection (Mail, Messages, Safari private) ---
  {
    source: 'iOS stripped mc_eid, mc_cid stays',
    family: 'ios',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&days=14&action=delay&mc_cid=8f2a6d1b3e`,
    reads: delay(14),
  },
  {
    source: 'iOS stripped a trailing fbclid and left its &',
    family: 'ios',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip&`,
    reads: skip,
  },
  {
    source: 'iOS stripped a leading gclid and left ?&',
    family: 'ios',
    kind: 'jwt',
    link: (t, p) => `${p}?&token=${t}&action=skip`,
    reads: skip,
  },
  {
    source: 'iOS stripped mc_eid between the keys and left &&',
    family: 'ios',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&&og_winback_id=WB-7&action=reactivate`,
    reads: { action: 'reactivate', params: { winbackId: 'WB-7' } },
  },

  // --- An editor HTML-escaped & (SendGrid's editor does); URLSearchParams reads `amp;NAME` ---
  {
    source: '&amp; between every key',
    family: 'amp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&amp;action=delay&amp;days=21`,
    reads: delay(21),
  },
  {
    source: '&amp;amp; (escaped twice)',
    family: 'amp',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&amp;amp;action=skip`,
    reads: skip,
  },
  {
    source: '&amp;amp;amp; (escaped three times) before the token',
    family: 'amp',
    kind: 'jwt',
    link: (t, p) => `${p}?utm_source=sendgrid&amp;amp;amp;token=${t}&amp;amp;amp;action=skip`,
    reads: skip,
  },
  {
    source: '&amp; in a fragment link',
    family: 'amp',
    kind: 'jwt',
    link: (t, p) => `${p}#token=${t}&amp;product=gid:shop/Product/7&amp;action=upsell`,
    reads: { action: 'upsell', params: { product: 'gid:shop/Product/7' } },
  },
  {
    source: '&amp; and utm_* mixed, winback under its short name',
    family: 'amp',
    kind: 'jwt',
    link: (t, p) =>
      `${p}?utm_source=sendgrid&amp;utm_medium=email&amp;token=${t}&amp;winback_id=wb_42&amp;action=reactivate`,
    reads: { action: 'reactivate', params: { winbackId: 'wb_42' } },
  },

  // --- Encoding of the token's + / = ---
  {
    source: 'base64 token encoded once (%2B %2F %3D), as buildActionUrl writes it',
    family: 'encoding',
    kind: 'base64',
    link: (t, p) => `${p}?token=${enc(t)}&action=skip`,
    reads: skip,
  },
  {
    source: 'base64 token encoded twice in a fragment link',
    family: 'encoding',
    kind: 'base64',
    link: (t, p) => `${p}#token=${enc2(t)}&days=45&action=delay`,
    reads: delay(45),
  },
  {
    source: 'only = encoded twice (%253D), + and / once',
    family: 'encoding',
    kind: 'base64',
    link: (t, p) => `${p}?token=${enc(t).replaceAll('%3D', '%253D')}&action=skip`,
    reads: skip,
  },
  {
    source: 'encoded twice and HTML-escaped: a second template filter, then the editor',
    family: 'encoding',
    kind: 'base64',
    link: (t, p) => `${p}#token=${enc2(t)}&amp;action=skip`,
    reads: skip,
  },

  // --- Plain-text email: the autolinker kept the character after the URL ---
  {
    source: 'end of a sentence: …&action=delay.',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&days=21&action=delay.`,
    reads: delay(21),
  },
  {
    source: 'in parentheses: …&action=skip)',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip)`,
    reads: skip,
  },
  {
    source: 'in a list: …&action=reactivate,',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&og_winback_id=WB-SPRING-15&action=reactivate,`,
    reads: { action: 'reactivate', params: { winbackId: 'WB-SPRING-15' } },
  },
  {
    source: 'in angle brackets: …&action=skip>',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip>`,
    reads: skip,
  },
  {
    source: 'quoted at the end of a sentence: …&action=skip."',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip."`,
    reads: skip,
  },
  {
    source: 'a link built before the action went last: days last, …&days=21!',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=delay&days=21!`,
    reads: delay(21),
  },
  {
    source: 'upsell with quantity last: …&quantity=3;',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=upsell&product=SKU-9&quantity=3;`,
    reads: { action: 'upsell', params: { product: 'SKU-9', quantity: 3 } },
  },
  {
    source: "fragment link in brackets with a closing quote: …&action=skip]'",
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}#token=${t}&action=skip]'`,
    reads: skip,
  },
  {
    source: 'a winback id last keeps its dot (ids may end in one)',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=reactivate&og_winback_id=WB-7.`,
    reads: { action: 'reactivate', params: { winbackId: 'WB-7.' } },
  },
  {
    source: 'a token last keeps its dot (a JWT may end in one): never trimmed',
    family: 'punctuation',
    kind: 'jwt',
    link: (t, p) => `${p}#og_quick_action=skip#og_quick_action_token=${t}.`,
    reads: { ...skip, token: (t) => `${t}.` },
  },

  // --- Quoted-printable line breaks and whitespace ---
  {
    source: 'CRLF of a quoted-printable soft break left inside a key (URL parsing drops it)',
    family: 'crlf',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&da\r\nys=10&action=delay`,
    reads: delay(10),
  },
  {
    source: 'CRLF inside the token',
    family: 'crlf',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t.slice(0, 20)}\r\n${t.slice(20)}&action=skip`,
    reads: skip,
  },
  {
    source: 'LF and tab inside an encoded base64 token',
    family: 'crlf',
    kind: 'base64',
    link: (t, p) => `${p}?token=${enc(t).slice(0, 12)}\n\t${enc(t).slice(12)}&action=skip`,
    reads: skip,
  },
  {
    source: 'the line break and indentation after the link, copied from a plain-text email',
    family: 'crlf',
    kind: 'jwt',
    link: (t, p) => `  ${p}?token=${t}&action=skip\r\n`,
    reads: skip,
  },

  // --- Ordergroove's legacy fragment ---
  {
    source: 'legacy #og_quick_action=delay#og_delay_by=21#og_quick_action_token=T',
    family: 'legacy',
    kind: 'jwt',
    link: (t, p) => `${p}#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${t}`,
    reads: delay(21),
  },
  {
    source: 'legacy fragment behind Mailchimp and utm decorations',
    family: 'legacy',
    kind: 'jwt',
    link: (t, p) => `${p}?${UTM}&${MAILCHIMP}#og_quick_action=skip#og_quick_action_token=${t}`,
    reads: skip,
  },
  {
    source: "legacy token encoded twice (Ordergroove's snippet decodes it once more)",
    family: 'legacy',
    kind: 'base64',
    link: (t, p) => `${p}#og_quick_action=reactivate#og_quick_action_token=${enc2(t)}`,
    reads: { action: 'reactivate', params: {} },
  },
  {
    source: 'legacy with og_delay_by last, a full stop after it',
    family: 'legacy',
    kind: 'jwt',
    link: (t, p) => `${p}#og_quick_action_token=${t}#og_quick_action=delay#og_delay_by=30.`,
    reads: delay(30),
  },
  {
    source: 'legacy segments joined by &amp;',
    family: 'legacy',
    kind: 'jwt',
    link: (t, p) => `${p}#og_quick_action=delay&amp;og_delay_by=14&amp;og_quick_action_token=${t}`,
    reads: delay(14),
  },

  // --- Manglings that stay errors: nothing to read unambiguously ---
  {
    source: 'quoted-printable not decoded at all (=3D for every =)',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=3D${t}&action=3Dskip`,
    reads: { error: 'unknown_action' },
  },
  {
    source: 'a soft break (=CRLF) left undecoded inside the action',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=sk=\r\nip`,
    reads: { error: 'unknown_action' },
  },
  {
    source: '&#38; (a numeric entity) starts a fragment',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&#38;action=skip`,
    reads: { error: 'unknown_action' },
  },
  {
    source: 'a token encoded three times (decoded once more, never twice)',
    family: 'strict',
    kind: 'base64',
    link: (t, p) => `${p}?token=${enc(enc2(t))}&action=skip`,
    reads: { error: 'invalid_link', param: 'token' },
  },
  {
    source: 'a rewriter encoded the whole query into the token',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}${enc('&action=skip')}`,
    reads: { error: 'unknown_action' },
  },
  {
    source: 'punctuation on a key that is not last',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip.&${MAILCHIMP}`,
    reads: { error: 'unknown_action' },
  },
  {
    source: '&amp; that gives the action a second, different value',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&action=skip&amp;action=delay`,
    reads: { error: 'invalid_link', param: 'action' },
  },
  {
    source: 'amp;tokens is not one of og-oca’s keys behind amp;: no token',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?amp;tokens=${t}&action=skip`,
    reads: { error: 'missing_token' },
  },
  {
    source: 'days with a decimal part, not at the end',
    family: 'strict',
    kind: 'jwt',
    link: (t, p) => `${p}?token=${t}&days=21.5&action=delay`,
    reads: { error: 'invalid_link', param: 'days' },
  },
];
