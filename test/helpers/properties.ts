// Shared generators and oracles for the property tests (`*.properties.test.ts`).
//
// Every property runs `runs.numRuns` cases: 1,000 by default, more with FC_RUNS=100000 for
// a soak. fast-check's failure message carries the seed and the shrunk counterexample;
// replay one with `fc.assert(property, { seed, path, endOnFailure: true })`.
import fc from 'fast-check';

export const runs = { numRuns: Number(process.env.FC_RUNS ?? 1000) };

/** Per-test time limit: generous, and growing with FC_RUNS (a soak must not time out). */
export const LIMIT = Math.max(180_000, runs.numRuns * 200);

/** The contract's error codes (docs/contract.md), written out, not imported. */
export const DESIGN_CODES = [
  'missing_token',
  'unknown_action',
  'invalid_link',
  'used_token',
  'expired_token',
  'rejected',
  'network',
  'timeout',
  'server',
] as const;
export type DesignCode = (typeof DESIGN_CODES)[number];

export const ACTIONS4 = ['delay', 'skip', 'reactivate', 'upsell'] as const;
export type Action4 = (typeof ACTIONS4)[number];

/** The design's rules, written out independently of src/actions.ts. */
export const TOKEN_RULE = /^[\w.~+/=-]{4,4096}$/;
export const ID_RULE = /^[\w.:/-]{1,128}$/;

/** The link keys og-oca reads (docs/contract.md). */
export const LINK_KEYS = [
  'token',
  'action',
  'days',
  'og_winback_id',
  'winback_id',
  'product',
  'quantity',
  'og_quick_action',
  'og_delay_by',
  'og_quick_action_token',
] as const;

/**
 * What the design forgives in links as mail delivers them (docs/contract.md), written out:
 * a link key behind any number of `amp;` (an HTML-escaped `&`), this punctuation at the end of
 * the last value when that is the action or a number, and a token encoded once too often.
 */
export const AMP_PREFIX = /^(?:amp;)+/;
export const MAIL_PUNCTUATION = ['.', ',', ';', ':', '!', '?', ')', ']', '}', '>', "'", '"'];

/** Names that are special on plain JavaScript objects: classic prototype-pollution keys. */
export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
] as const;

/** Classic injection payloads, as text. Each would set `window.__pwned` or open a dialog if run. */
export const PAYLOADS = [
  '<script>window.__pwned=1;alert(1)</script>',
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '"><svg onload=window.__pwned=1;alert(1)>',
  '\'><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<a href="javascript:window.__pwned=1">x</a>',
  'javascript:window.__pwned=1;alert(1)',
  'JaVaScRiPt:alert(1)//',
  'data:text/html,<script>alert(1)</script>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<template><script>alert(1)</script></template>',
  '<style>*{display:none}</style>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!--',
  ']]><![CDATA[',
  '{{constructor.constructor("window.__pwned=1")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, as text
  '${window.__pwned=1}',
  '{message}',
  '{product}{days}{quantity}{action}',
  '{{product}}',
  '{__proto__}{constructor}{toString}',
  "$&$1$`$'$$",
  '\u202eevil\u202c',
  '\u0000',
  '\ufeff',
  '\u2028\u2029',
  'a\r\nSet-Cookie: x=1',
  '𝕏😀\u0301',
  '\ud800',
] as const;

/** Percent-encoding edge cases: lone `%`, bad hex, overlong UTF-8, NUL, surrogates, non-characters. */
export const PERCENT_EDGES = [
  '%',
  '%%',
  '%zz',
  '%2',
  '%2G',
  '%00',
  '%C0%AF',
  '%E0%80%AF',
  '%F0%80%80%AF',
  '%C0%80',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%FF%FE',
  '%EF%BF%BF',
  '%2525',
  '%252B',
  '%23',
  '%26',
  '%3D',
  '+',
  '%2B',
  '%20',
] as const;

/** Text of any kind: payloads, percent edges, unicode, raw binary, and mixtures of them. */
export const hostileText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
    { weight: 1, arbitrary: fc.constantFrom(...PERCENT_EDGES) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.oneof(
            fc.constantFrom(...PAYLOADS),
            fc.constantFrom('<', '>', '"', "'", '&', '=', '/', '{', '}', '#', '%', ' '),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 6 },
        )
        .map((parts) => parts.join('')),
    },
  );

/**
 * Action tokens for the run() properties: well-formed, and recognisable anywhere — they
 * contain `~` (which no id, number or built-in message has) and are at least 10
 * characters, so finding one in the page can only mean a leak. They never spell the
 * words the API's reasons are classified by.
 */
export const tokenArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[\w.+/=-]{4,60}$/),
    fc.stringMatching(/^[\w.~+/=-]{0,60}$/),
    fc.constantFrom('', 'eyJhbGciOiJFUzUxMiJ9.'),
  )
  .map(([a, b, jwt]) => `${jwt}${a}~${b}`)
  .filter((token) => token.length >= 10 && !/used|expir|consum/i.test(token));

/** A string of at least `bytes` UTF-16 units, made by repeating a short seed (cheap to build). */
export const huge = (bytes = 1 << 20): fc.Arbitrary<string> =>
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 64 }))
    .map(([seed, extra]) => seed.repeat(Math.ceil(bytes / seed.length) + extra));

/** `{name}` placeholders filled once, left to right (the README's contract, written independently). */
export const fillText = (text: string, values: Record<string, unknown>): string => {
  let out = '';
  let rest = text;
  for (;;) {
    const match = /\{(\w+)\}/.exec(rest);
    if (!match) return out + rest;
    const name = match[1]!;
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    out += rest.slice(0, match.index) + (value == null ? match[0] : String(value));
    rest = rest.slice(match.index + match[0].length);
  }
};

/** Every text node and attribute value under `root` (the root's own attributes included). */
export const everyString = (root: Node): string[] => {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === 3 || node.nodeType === 8) found.push(node.nodeValue ?? '');
    if (node.nodeType === 1) {
      const element = node as Element;
      for (const attribute of element.attributes) found.push(attribute.name, attribute.value);
      if (element.localName === 'template') visit((element as HTMLTemplateElement).content);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return found;
};

/** A new page for one case: no og-oca registry, an empty body, the given address. */
export const freshPage = (url: string) => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
  document.body.replaceChildren();
  document.documentElement.lang = '';
  history.replaceState(null, '', url);
};

/** Resolves when `check()` is true, polling every millisecond (real timers), or rejects after `ms`. */
export const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

/**
 * happy-dom cannot make a trusted click; this marks a synthetic one as trusted the way
 * test/helpers/sdk.ts does (no page script can do that in a real browser).
 */
export const trustedClick = (element: Element) => {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
};
