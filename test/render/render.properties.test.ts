// Rendering with hostile strings in every place that can carry data: `{product}` (as far as
// parseLink lets it through), message overrides (hence `{message}`), the API's reason, and
// merchant templates with generated text, attributes and placeholders. In every state the
// host's tree may hold only elements og-oca made or the merchant's templates contained —
// never an element or attribute that came from data — and the text shown is the message
// with its placeholders filled once, as text.
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import { LOCALES } from '../../src/messages';
import { server } from '../helpers/msw';
import {
  ACTIONS4,
  DESIGN_CODES,
  type DesignCode,
  fillText,
  freshPage,
  hostileText,
  LIMIT,
  runs,
  trustedClick,
  until,
} from '../helpers/properties';

// Time for FC_RUNS cases on a busy machine (support.ts).
vi.setConfig({ testTimeout: LIMIT });

const API = 'https://restapi.ordergroove.com';
const TOKEN = 'eyJhbGciOiJFUzUxMiJ9.eyJmdXp6Ijp0cnVlfQ.c2ln~fuzz';
type State = 'pending' | 'confirm' | 'success' | 'error';
const STATES: State[] = ['pending', 'confirm', 'success', 'error'];

// ---------------------------------------------------------------------------------------
// Generators

const PLACEHOLDERS = [
  '{action}',
  '{days}',
  '{product}',
  '{quantity}',
  '{message}',
  '{token}',
  '{unknown}',
  '{ days }',
  '{{days}}',
  '{{product}}',
  '{__proto__}',
  '{constructor}',
  '{toString}',
  '{',
  '}',
] as const;

/** Hostile text with placeholders mixed in. */
const textArb = fc
  .array(fc.oneof(hostileText(16), fc.constantFrom(...PLACEHOLDERS)), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join(''));

/** Placeholder names that hold a value while a message is filled. */
const VALUE_NAMES = ['action', 'days', 'product', 'quantity', 'winbackId'];

/**
 * What `product` can be once parseLink accepted it: ids, including ones named like
 * placeholders (`named`), which the error-message property below uses.
 */
const productArb = (named: boolean) =>
  fc
    .oneof(
      fc.constantFrom(
        'javascript:alert/1',
        'data:text/html',
        '../../etc/passwd',
        '__proto__',
        'constructor',
        'message',
        'token',
        ...VALUE_NAMES,
      ),
      fc.stringMatching(/^[\w.:/-]{1,128}$/),
    )
    .filter((product) => named || !VALUE_NAMES.includes(product));

const TAGS = ['p', 'span', 'strong', 'em', 'h2', 'div', 'a', 'small', 'section'] as const;
const ATTRIBUTES = ['class', 'title', 'id', 'data-x', 'aria-label', 'href', 'lang'] as const;

interface Piece {
  tag: (typeof TAGS)[number];
  attributes: [string, string][];
  texts: string[];
  child?: Piece;
}
const pieceLeaf = fc.record({
  tag: fc.constantFrom(...TAGS),
  attributes: fc.uniqueArray(fc.tuple(fc.constantFrom(...ATTRIBUTES), textArb), {
    maxLength: 3,
    selector: ([name]) => name,
  }),
  texts: fc.array(textArb, { maxLength: 2 }),
});
const pieceArb: fc.Arbitrary<Piece> = fc.record({
  tag: fc.constantFrom(...TAGS),
  attributes: fc.uniqueArray(fc.tuple(fc.constantFrom(...ATTRIBUTES), textArb), {
    maxLength: 3,
    selector: ([name]) => name,
  }),
  texts: fc.array(textArb, { maxLength: 2 }),
  child: fc.option(pieceLeaf, { nil: undefined }),
});
interface TemplateSpec {
  leading: string;
  pieces: Piece[];
  button?: { label: string; attributes: [string, string][] };
}
const templateArb: fc.Arbitrary<TemplateSpec> = fc.record({
  leading: textArb,
  pieces: fc.array(pieceArb, { maxLength: 3 }),
  button: fc.option(
    fc.record({
      label: textArb,
      attributes: fc.uniqueArray(fc.tuple(fc.constantFrom('class', 'title', 'id'), textArb), {
        maxLength: 2,
        selector: ([name]) => name,
      }),
    }),
    { nil: undefined },
  ),
});

const CODES_FROM_API: DesignCode[] = [
  'used_token',
  'expired_token',
  'rejected',
  'network',
  'timeout',
  'server',
];
/** Button labels: never empty here (an empty one has its own property below). */
const labelArb = textArb.filter((label) => label !== '');
const overridesArb = fc.record(
  {
    pending: textArb,
    retry: labelArb,
    confirm: fc.dictionary(fc.constantFrom(...ACTIONS4), labelArb),
    success: fc.dictionary(fc.constantFrom(...ACTIONS4), textArb),
    error: fc.dictionary(fc.constantFrom(...CODES_FROM_API), textArb),
  },
  { requiredKeys: [] },
);

type Reply = { status: number; body: string } | 'drop';
const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  fc.constant({ status: 200, body: '{}' }),
  textArb.map((reason) => ({ status: 400, body: JSON.stringify({ error: reason }) })),
  fc.constantFrom('token already used', 'token expired').map((r) => ({
    status: 400,
    body: JSON.stringify({ error: `${r} <img src=x onerror=alert(1)>` }),
  })),
  textArb.map((html) => ({ status: 500, body: `<html><body>${html}</body></html>` })),
  fc.constant('drop' as const),
);

const caseArb = (named = false) =>
  fc.record({
    action: fc.constantFrom(...ACTIONS4),
    days: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
    product: productArb(named),
    quantity: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
    locale: fc.constantFrom('en', 'es', 'fr', 'de'),
    mode: fc.constantFrom('auto', 'confirm'),
    messages: overridesArb,
    templates: fc.record(
      {
        pending: templateArb,
        confirm: templateArb,
        success: templateArb,
        error: templateArb,
      },
      { requiredKeys: [] },
    ),
    reply: replyArb,
  });
type Case = ReturnType<typeof caseArb> extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------
// The page

let reply: Reply = 'drop';
server.resetHandlers(
  http.get(`${API}/one_click/:action`, () =>
    reply === 'drop'
      ? HttpResponse.error()
      : new HttpResponse(reply.body, { status: reply.status }),
  ),
);

/** Builds a merchant template with DOM calls, so every generated string is exactly text. */
const buildTemplate = (state: State, spec: TemplateSpec): HTMLTemplateElement => {
  const template = document.createElement('template');
  template.setAttribute('data-oca-template', state);
  const make = (piece: Piece): Element => {
    const element = document.createElement(piece.tag);
    for (const [name, value] of piece.attributes) element.setAttribute(name, value);
    for (const text of piece.texts) element.append(document.createTextNode(text));
    if (piece.child) element.append(make(piece.child));
    return element;
  };
  template.content.append(document.createTextNode(spec.leading));
  for (const piece of spec.pieces) template.content.append(make(piece));
  if (spec.button) {
    const button = document.createElement('button');
    button.setAttribute('data-oca-button', '');
    for (const [name, value] of spec.button.attributes) button.setAttribute(name, value);
    button.append(document.createTextNode(spec.button.label));
    template.content.append(button);
  }
  return template;
};

/** `tag[name="value"]…`, attributes sorted: what an element is, for comparing trees. */
const signature = (element: Element, ignore: string[] = []) =>
  `${element.localName}${[...element.attributes]
    .filter((a) => !ignore.includes(a.name))
    .map((a) => `[${a.name}=${JSON.stringify(a.value)}]`)
    .sort()
    .join('')}`;

const OURS = new Set([
  'div[class="oca-status"][role="status"][tabindex="-1"]',
  'div[class="oca-alert"][role="alert"][tabindex="-1"]',
  'div[class="oca-actions"]',
  'button[class="oca-button"][type="button"]',
]);
const HOST_ATTRIBUTES = new Set(['data-oca', 'data-oca-state', 'aria-busy', 'data-oca-error']);

/** Every element under `root` in document order (template contents are not in the tree). */
const elementsOf = (root: Element) => [...root.querySelectorAll('*')];

/**
 * The checks for one state: the tree holds only og-oca's elements, the templates
 * (untouched) and copies of their elements; the text is the message, filled once.
 */
const checkState = (
  host: HTMLElement,
  c: Case,
  templateSignatures: Set<string>,
  templateTexts: Map<Element, string>,
  expectedText: (state: State) => { text: string; button?: string },
) => {
  for (const attribute of host.attributes) expect(HOST_ATTRIBUTES).toContain(attribute.name);
  for (const element of elementsOf(host)) {
    if (element.localName === 'template') {
      // the merchant's template is left as it was
      expect(templateTexts.get(element)).toBe(serialize((element as HTMLTemplateElement).content));
      continue;
    }
    const made = signature(element, ['disabled']);
    if (OURS.has(made)) continue;
    expect(templateSignatures).toContain(made);
  }
  const state = host.getAttribute('data-oca-state') as State;
  expect(STATES).toContain(state);
  const region = host.querySelector(
    state === 'error' ? ':scope>.oca-alert' : ':scope>.oca-status',
  )!;
  const other = host.querySelector(state === 'error' ? ':scope>.oca-status' : ':scope>.oca-alert')!;
  expect(other.childNodes.length).toBe(0);
  const { text, button } = expectedText(state);
  const template = c.templates[state];
  if (template) {
    // each text node of the template filled once, {message} = the filled message; a
    // data-oca-button stays only where there is something to click
    const values = { ...valuesOf(c), message: text };
    const keepButton = button !== undefined;
    const want = [
      template.leading,
      ...template.pieces.flatMap(function texts(p: Piece): string[] {
        return [...p.texts, ...(p.child ? texts(p.child) : [])];
      }),
      ...(template.button && keepButton ? [template.button.label] : []),
    ]
      .map((t) => fillText(t, values))
      .join('');
    expect(region.textContent).toBe(want);
    if (template.button && keepButton) expect(host.querySelectorAll('.oca-button')).toHaveLength(0);
    else if (keepButton)
      expect([...host.querySelectorAll('.oca-button')].map((b) => b.textContent)).toEqual([button]);
  } else {
    expect(region.textContent).toBe(text);
    expect([...host.querySelectorAll('.oca-actions button')].map((b) => b.textContent)).toEqual(
      button === undefined ? [] : [button],
    );
  }
};

/** A stable text form of a fragment: tags, attributes and text, for "unchanged" checks. */
const serialize = (node: Node): string =>
  [...node.childNodes]
    .map((child) =>
      child.nodeType === 1
        ? `<${signature(child as Element)}>${serialize(child)}</>`
        : JSON.stringify(child.nodeValue),
    )
    .join('');

const paramsOf = (c: Case) =>
  c.action === 'delay'
    ? { ...(c.days !== undefined && { days: c.days }) }
    : c.action === 'upsell'
      ? { product: c.product, ...(c.quantity !== undefined && { quantity: c.quantity }) }
      : {};
/** Placeholder values (README "Decisions": 14 days and a quantity of 1 when the link has none). */
const valuesOf = (c: Case): Record<string, unknown> => ({
  action: c.action,
  ...paramsOf(c),
  days: (paramsOf(c) as { days?: number }).days ?? 14,
  quantity: (paramsOf(c) as { quantity?: number }).quantity ?? 1,
});

const linkOf = (c: Case) => {
  const query = new URLSearchParams({ token: TOKEN, action: c.action });
  for (const [k, v] of Object.entries(paramsOf(c))) query.set(k, String(v));
  return `/landing?${query}`;
};

/** One case: a page with the generated templates, run(), and the checks in every state. */
const renderCase = async (c: Case) => {
  freshPage(linkOf(c));
  reply = c.reply;
  const host = document.createElement('div');
  host.setAttribute('data-oca', '');
  const templateSignatures = new Set<string>();
  const templateTexts = new Map<Element, string>();
  for (const state of STATES) {
    const spec = c.templates[state];
    if (!spec) continue;
    const template = buildTemplate(state, spec);
    host.append(template);
    templateTexts.set(template, serialize(template.content));
    for (const element of template.content.querySelectorAll('*'))
      templateSignatures.add(signature(element));
  }
  document.body.append(host);

  const texts = LOCALES[c.locale]!;
  const values = valuesOf(c);
  const pick = <K extends string>(
    over: Partial<Record<K, string>> | undefined,
    key: K,
    base: string,
  ) => over?.[key] ?? base;
  let code: DesignCode | undefined;
  const expectedText = (state: State): { text: string; button?: string } => {
    const m = c.messages;
    switch (state) {
      case 'pending':
        return { text: fillText(m.pending ?? texts.pending, values) };
      case 'confirm':
        return {
          text: '',
          button: fillText(pick(m.confirm, c.action, texts.confirm[c.action]), values),
        };
      case 'success':
        return { text: fillText(pick(m.success, c.action, texts.success[c.action]), values) };
      default: {
        const message = fillText(pick(m.error, code!, texts.error[code!]), values);
        const retry = ['network', 'timeout', 'server'].includes(code!);
        return {
          text: message,
          ...(retry && { button: fillText(m.retry ?? texts.retry, values) }),
        };
      }
    }
  };

  // check the tree in every state, as the state's event fires
  const failures: unknown[] = [];
  const seen: string[] = [];
  const controller = new AbortController();
  for (const state of STATES)
    host.addEventListener(
      `oca:${state}`,
      (event) => {
        seen.push(state);
        code = (event as CustomEvent).detail.error?.code;
        try {
          checkState(host, c, templateSignatures, templateTexts, expectedText);
        } catch (error) {
          failures.push(error);
        }
      },
      { signal: controller.signal },
    );

  const outcome = run({
    target: host,
    mode: c.mode as 'auto' | 'confirm',
    locale: c.locale,
    messages: c.messages,
  });
  if (c.mode === 'confirm') {
    await until(() => host.getAttribute('data-oca-state') === 'confirm');
    const button =
      host.querySelector<HTMLElement>(':scope>.oca-status [data-oca-button]') ??
      host.querySelector<HTMLElement>(':scope>.oca-actions button')!;
    trustedClick(button);
  }
  const result = await outcome;
  controller.abort();
  // og-oca's own failure (`unexpected`) is never an outcome the fuzzer may see.
  if (result.status === 'error') expect(DESIGN_CODES).toContain(result.error.code);
  code = result.status === 'error' ? (result.error.code as DesignCode) : undefined;
  if (failures.length) throw failures[0];
  checkState(host, c, templateSignatures, templateTexts, expectedText);
  expect(seen).toContain(result.status);
  // the returned message is the one shown
  if (result.status === 'error' && !c.templates.error)
    expect(host.querySelector('.oca-alert')!.textContent).toBe(result.error.message);
};

describe('hostile data never becomes markup', () => {
  test('products, message overrides, API reasons and merchant templates', async () => {
    await fc.assert(fc.asyncProperty(caseArb(), renderCase), runs);
  });

  // A button label that is the empty string (a merchant whose confirm template brings its own
  // button may blank the built-in label) still leaves a button to click: confirm mode must not
  // wait for a click on a button that does not exist, nor a retryable error lose "Try again".
  test('an empty button label still leaves a button to click', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS4),
        fc.boolean(),
        fc.boolean(),
        async (action, withTemplate, confirmMode) => {
          freshPage(`/landing?token=${TOKEN}&action=${action}&product=SKU-1`);
          reply = { status: 503, body: '' };
          const host = document.createElement('div');
          host.setAttribute('data-oca', '');
          if (withTemplate)
            host.append(
              buildTemplate(confirmMode ? 'confirm' : 'error', {
                leading: 'Sure?',
                pieces: [],
                button: { label: 'Yes', attributes: [] },
              }),
            );
          document.body.append(host);
          const outcome = run({
            target: host,
            mode: confirmMode ? 'confirm' : 'auto',
            messages: confirmMode ? { confirm: { [action]: '' } } : { retry: '' },
          });
          if (confirmMode) {
            await until(() => host.getAttribute('data-oca-state') === 'confirm');
            const button = host.querySelector<HTMLElement>('button');
            expect(button).not.toBeNull();
            trustedClick(button!);
          }
          const result = await outcome;
          expect(result.status).toBe('error'); // the API answered 503
          expect(host.querySelector('button')).not.toBeNull(); // "Try again"
        },
      ),
      { ...runs, numRuns: Math.min(runs.numRuns, 50) },
    );
  });

  // Error texts are filled once: a value from the link (a product named `action`) is never read
  // as a placeholder name in a second pass, so the page shows what result.error.message says.
  test('an error message is filled once, even when the product is named like a placeholder', async () => {
    // upsell links whose product is named like a placeholder, error texts that wrap {product}
    // in braces; everything else as generated
    const named = fc.tuple(caseArb(true), fc.constantFrom(...VALUE_NAMES), textArb).map(
      ([c, product, text]): Case => ({
        ...c,
        action: 'upsell',
        product,
        messages: {
          ...c.messages,
          error: Object.fromEntries(CODES_FROM_API.map((code) => [code, `${text}{{product}}`])),
        },
      }),
    );
    await fc.assert(fc.asyncProperty(named, renderCase), runs);
  });
});
