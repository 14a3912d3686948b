// A corpus of hostile landing URLs for e2e/hostile.spec.ts: classic XSS vectors and other
// hostile values in every link parameter, in the fragment, in the legacy form and as key
// names; `javascript:` values, nested encodings, overlong values, NUL bytes, RTL overrides,
// huge tokens. Generated as payloads × positions × encodings, then deduplicated.
//
// Every payload, were it ever run as script, sets `window.__pwned` and opens a dialog.

/** Where the corpus's pages live (the demo server serves e2e/fixtures at /fixtures). */
export const PAGE = '/fixtures/hostile.html';
/** The trapped page's strict-CSP twin (Trusted Types: any HTML sink throws). */
export const CSP_PAGE = '/fixtures/hostile-csp.html';

/** A well-formed token (JWT-shaped), used wherever the payload is not the token. */
export const TOKEN = 'eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJl';

const PWN = 'window.__pwned=1;alert(1)';

/** The payloads: name → value. */
export const PAYLOADS: Record<string, string> = {
  script: `<script>${PWN}</script>`,
  imgOnerror: `<img src=x onerror="${PWN}">`,
  svgOnload: `"><svg onload=${PWN}>`,
  attrBreakout: `' autofocus onfocus='${PWN}' x='`,
  iframeSrcdoc: `<iframe srcdoc="<script>parent.__pwned=1;parent.alert(1)</script>"></iframe>`,
  javascriptUrl: `javascript:${PWN}`,
  javascriptMixed: `JaVaScRiPt:${PWN}//`,
  javascriptEntity: `jav&#x09;ascript:${PWN}`,
  dataUrl: `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
  mathMxss: `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}">`,
  templateScript: `<template><script>${PWN}</script></template>`,
  styleBreak: `</style><script>${PWN}</script>`,
  commentBreak: `--><script>${PWN}</script><!--`,
  entityEncoded: `&lt;img src=x onerror=${PWN}&gt;`,
  templateInjection: `{{constructor.constructor('${PWN}')()}}`,
  placeholder: '{message}{product}{days}{action}{token}',
  replacePatterns: "$&$1$`$'$$",
  protoKey: '__proto__',
  rtlOverride: '\u202edelay\u202c',
  nullByte: 'de\u0000lay',
  zeroWidth: 'de\u200blay',
  newlines: 'a\r\nSet-Cookie: pwned=1',
  unicode: '𝕏😀\u0301ǅ',
  homoglyph: 'ѕkip', // Cyrillic ѕ
  kelvin: 's\u212Aip', // KELVIN SIGN lower-cases to k
  longAction: 'delay'.repeat(500),
  overlongToken: `${TOKEN}${'A'.repeat(4100)}`,
};

/** Percent-encoding edge cases, written into the URL as they are. */
export const RAW_ENCODINGS: Record<string, string> = {
  lonePercent: '%',
  badHex: '%zz',
  halfEscape: '%2',
  nul: '%00',
  overlongSlash: '%C0%AF',
  overlong3: '%E0%80%AF',
  surrogate: '%ED%A0%80',
  beyondUnicode: '%F4%90%80%80',
  doubleScript: '%253Cscript%253Ealert(1)%253C%252Fscript%253E',
  tripleScript: '%25253Cscript%25253E',
  encodedHash: '%23token%3Dx%26action%3Dskip',
  encodedAmp: 'x%26action%3Dskip',
  plusSpace: '+delay+',
};

type Encoder = (value: string) => string;

/** How a payload is put in the URL. */
const ENCODINGS: Record<string, Encoder> = {
  // once, as a browser or ESP would
  uri: (v) => encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd')),
  // twice (someone encoded an already encoded link)
  double: (v) => encodeURIComponent(encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))),
  // as it is, only `#`, `&`, `%` and NUL escaped so the URL still has its shape
  raw: (v) =>
    v.replace(/%/g, '%25').replace(/#/g, '%23').replace(/&/g, '%26').replace(/\0/g, '%00'),
};

/** Where a payload goes: a function from the encoded payload to the URL's query + fragment. */
export const POSITIONS: Record<string, (p: string) => string> = {
  token: (p) => `?token=${p}&action=delay`,
  action: (p) => `?token=${TOKEN}&action=${p}`,
  days: (p) => `?token=${TOKEN}&action=delay&days=${p}`,
  winback: (p) => `?token=${TOKEN}&action=reactivate&og_winback_id=${p}`,
  winbackAlias: (p) => `?token=${TOKEN}&action=reactivate&winback_id=${p}`,
  product: (p) => `?token=${TOKEN}&action=upsell&product=${p}`,
  quantity: (p) => `?token=${TOKEN}&action=upsell&product=SKU-1&quantity=${p}`,
  keyName: (p) => `?token=${TOKEN}&action=skip&${p}=1`,
  ignored: (p) => `?token=${TOKEN}&action=skip&utm_source=${p}`,
  repeatedAction: (p) => `?token=${TOKEN}&action=skip&action=${p}`,
  fragmentToken: (p) => `#token=${p}&action=skip`,
  fragmentAction: (p) => `#token=${TOKEN}&action=${p}`,
  fragmentProduct: (p) => `#token=${TOKEN}&action=upsell&product=${p}`,
  legacyAction: (p) => `#og_quick_action=${p}#og_delay_by=21#og_quick_action_token=${TOKEN}`,
  legacyDays: (p) => `#og_quick_action=delay#og_delay_by=${p}#og_quick_action_token=${TOKEN}`,
  legacyToken: (p) => `#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${p}`,
  wholeFragment: (p) => `?token=${TOKEN}&action=skip#${p}`,
};

/**
 * Every payload goes in the core positions; each also visits `ROTATE` of the other
 * positions, in turn, so that every position sees many payloads without the whole cross
 * product (which would be 450+ pages). Raw and double-encoded forms go in a rotating
 * position too.
 */
const CORE = ['token', 'action', 'fragmentAction', 'legacyAction', 'wholeFragment'];
const ROTATE = 3;

/** Payloads too big for the request line (the demo server takes 16 kB): fragment only. */
const BIG = new Set(['longAction', 'overlongToken']);
const isFragment = (position: string) => /^(fragment|legacy|whole)/.test(position);

/** Hand-written cases: legacy-form variants, repeated keys, huge values, odd shapes. */
const SPECIAL = [
  // legacy-form variants with odd segments
  `#og_quick_action=delay##og_quick_action_token=${TOKEN}`,
  `#og_quick_action=DELAY#og_delay_by=021#og_quick_action_token=${TOKEN}#`,
  `#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${TOKEN}#og_quick_action=skip`,
  `#og_quick_action=delay#og_delay_by=0#og_quick_action_token=${TOKEN}`,
  `#og_quick_action=delay#og_delay_by=366#og_quick_action_token=${TOKEN}`,
  `#og_quick_action#og_delay_by#og_quick_action_token`,
  `#og_quick_action_token=${TOKEN}#og_quick_action=skip#<img src=x onerror=${encodeURIComponent(PWN)}>`,
  `#og_quick_action=delay&og_delay_by=21&og_quick_action_token=${TOKEN}`,
  `?og_quick_action=delay&og_quick_action_token=${TOKEN}`,
  // the same key in query and fragment, agreeing and disagreeing
  `?token=${TOKEN}&action=skip#token=${TOKEN}&action=skip`,
  `?token=${TOKEN}&action=skip#token=${TOKEN}x&action=delay`,
  `?token=${TOKEN}&token=${TOKEN}&action=skip`,
  `?token=${TOKEN}&action=skip&utm_source=a&utm_source=b`,
  // prototype-ish keys, repeated with different values
  `?token=${TOKEN}&action=skip&__proto__=a&__proto__=b`,
  `?token=${TOKEN}&action=skip&constructor=a&constructor=b`,
  `?token=${TOKEN}&action=skip&toString=a&toString=b&hasOwnProperty=1`,
  `?constructor=a&constructor=b`,
  `#__proto__[x]=1&constructor[prototype][y]=1&token=${TOKEN}&action=skip`,
  // huge values: a 4,096-character token (the limit), one past it, a megabyte in the fragment
  `#token=${'A'.repeat(4096)}&action=skip`,
  `#token=${'A'.repeat(4097)}&action=skip`,
  `?token=${'A'.repeat(5000)}&action=skip`,
  `#token=${TOKEN}&action=skip&x=${'%3Cimg%3E'.repeat(120_000)}`,
  `#token=${'B'.repeat(1 << 20)}&action=delay`,
  // empty and odd shapes
  '?',
  '#',
  '?&&&#&&&',
  '?=&=#=',
  '?token=&action=',
  '?token=%20%20%20&action=skip',
  `?token=${TOKEN}`,
  '?action=delay',
  `?token=${TOKEN}&action=%20SKIP%20`,
  `?token=${TOKEN.replace(/\./g, '+')}&action=skip`,
  `?token=+${TOKEN}+&action=skip`,
  `?token=${TOKEN}&action=delay&days=1e3`,
  `?token=${TOKEN}&action=delay&days=%EF%BC%91%EF%BC%94`, // full-width 14
  `?token=${TOKEN}&action=upsell`,
  `?token=${TOKEN}&action=upsell&product=SKU-1&quantity=1000`,
  `?token=${TOKEN}&action=reactivate&og_winback_id=W1&winback_id=W2`,
];

/** The corpus: relative URLs (page + query + fragment), deduplicated, in a stable order. */
export const hostileUrls = (): string[] => {
  const urls = new Set<string>();
  const others = Object.keys(POSITIONS).filter((position) => !CORE.includes(position));
  let turn = 0;
  const next = () => others[turn++ % others.length]!;
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    const fits = (position: string) => !BIG.has(name) || isFragment(position);
    const add = (position: string, encode: Encoder) => {
      if (fits(position)) urls.add(PAGE + POSITIONS[position]!(encode(payload)));
    };
    for (const position of CORE) add(position, ENCODINGS.uri!);
    for (let i = 0; i < ROTATE; i++) add(next(), ENCODINGS.uri!);
    add(next(), ENCODINGS.raw!);
    add(CORE[turn % CORE.length]!, ENCODINGS.raw!);
    add(next(), ENCODINGS.double!);
  }
  for (const raw of Object.values(RAW_ENCODINGS)) {
    urls.add(PAGE + POSITIONS[CORE[turn % CORE.length]!]!(raw));
    urls.add(PAGE + POSITIONS[next()]!(raw));
  }
  for (const special of SPECIAL) urls.add(PAGE + special);
  return [...urls];
};

/**
 * Whether og-oca should act on `url` at all (written out from the design, not imported from
 * src/): the query or the fragment carries `token`, `action` or an `og_quick_action*` key.
 * Anything else is an idle page, where og-oca does nothing.
 */
export const isOneClickLink = (url: string): boolean => {
  const { search, hash } = new URL(url, 'http://localhost');
  const keys = new URLSearchParams(`${search.slice(1)}&${hash.slice(1).replaceAll('#', '&')}`);
  return [...keys.keys()].some(
    (key) => key === 'token' || key === 'action' || key.startsWith('og_quick_action'),
  );
};

/** A URL short enough for a failure message. */
export const short = (url: string) =>
  url.length > 160 ? `${url.slice(0, 150)}… (${url.length} chars)` : url;

/**
 * In the page (self-contained: every harness passes it to its browser as it is): what a
 * hostile link left behind, once og-oca reached a design state — or, on an idle page (no
 * og-oca key in the address), after a moment. `null` when the page has no `[data-oca]`.
 */
export const inspectHostilePage = async (idle: boolean) => {
  const states = ['confirm', 'success', 'error'];
  const host = document.querySelector('[data-oca]');
  if (!host) return null;
  const end = Date.now() + (idle ? 100 : 5000);
  while (!states.includes(host.getAttribute('data-oca-state') ?? '') && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 20)); // let stray work show itself
  const trapped = window as { __pwned?: unknown; __ocaTrap?: string[] };
  return {
    pwned: trapped.__pwned === undefined ? null : String(trapped.__pwned),
    trap: trapped.__ocaTrap ?? (location.pathname.includes('csp') ? [] : ['the trap is missing']),
    state: host.getAttribute('data-oca-state'),
    code: host.getAttribute('data-oca-error'),
    tags: [...document.querySelectorAll('*')].map((e) => e.localName),
    scripts: document.scripts.length,
    hostElements: [...host.querySelectorAll('*')].map((e) => e.localName),
    hostAttributes: host.attributes.length,
    // Everything the page fetched after the document itself (Resource Timing); Gecko and
    // WebKit list the browser's own /favicon.ico request here too.
    fetched: performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path !== '/dist/oca.js' && path !== '/favicon.ico'),
  };
};

const DESIGN_STATES = ['confirm', 'success', 'error'];
/** The contract's error codes, written out, not imported from src/. */
const DESIGN_CODES = [
  'missing_token',
  'unknown_action',
  'invalid_link',
  'used_token',
  'expired_token',
  'rejected',
  'network',
  'timeout',
  'server',
];
/** The elements the trapped pages and og-oca put in the document. */
const PAGE_TAGS = ['html', 'head', 'meta', 'title', 'script', 'body', 'main', 'div', 'button'];

/**
 * The problems in what {@link inspectHostilePage} saw at `url`, each tagged with the URL: no
 * host; a host that did not end in a design state (or, on an idle page, that og-oca touched);
 * `window.__pwned`; a trap hit; an unknown error code; an element og-oca never makes, in the
 * page or in the host; a script more than the page has.
 */
export const hostileProblems = (
  url: string,
  seen: Awaited<ReturnType<typeof inspectHostilePage>>,
): string[] => {
  const at = short(url);
  if (!seen) return [`${at}: the page did not load (no [data-oca])`];
  const problems: string[] = [];
  if (!isOneClickLink(url)) {
    if (seen.state !== null || seen.hostElements.length || seen.hostAttributes !== 1)
      problems.push(`${at}: an idle page, yet og-oca changed the host`);
  } else if (!DESIGN_STATES.includes(seen.state ?? ''))
    problems.push(`${at}: ended in state ${seen.state}, not ${DESIGN_STATES.join('/')}`);
  if (seen.pwned !== null) problems.push(`${at}: window.__pwned = ${seen.pwned}`);
  for (const hit of seen.trap) problems.push(`${at}: trap: ${hit}`);
  if (seen.state === 'error' && !DESIGN_CODES.includes(seen.code ?? ''))
    problems.push(`${at}: error state with data-oca-error="${seen.code}"`);
  const stray = seen.tags.filter((tag) => !PAGE_TAGS.includes(tag));
  if (stray.length) problems.push(`${at}: elements ${stray.join(', ')} in the page`);
  const scripts = url.startsWith(CSP_PAGE) ? 1 : 2;
  if (seen.scripts !== scripts) problems.push(`${at}: ${seen.scripts} scripts in the page`);
  const notOurs = seen.hostElements.filter((tag) => tag !== 'div' && tag !== 'button');
  if (notOurs.length) problems.push(`${at}: host holds ${notOurs.join(', ')}`);
  return problems;
};
