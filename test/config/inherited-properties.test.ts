// No lookup keyed by the link, the page, an option or the API sees Object.prototype: any
// string — `__proto__`, `constructor`, `toString`, `hasOwnProperty` included — in any
// option, script attribute, host data-locale, <html lang> or message key leaves run()
// resolving, the host in a state, and nothing thrown.
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { run } from '../../src';
import type { Options } from '../../src/config';
import { own } from '../../src/own';
import {
  fromScript,
  spyConsole,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { server } = useApi();
usePage();

const PROTO = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
  'isPrototypeOf',
];
/** Strings that mean something somewhere (prototype keys, valid values) and any string at all. */
const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTO) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('en', 'de-AT', 'auto', 'confirm', '14', '0', 'true', 'false', ''),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
const OPTIONS = [
  'apiBase',
  'mode',
  'delayDays',
  'locale',
  'timeout',
  'keepToken',
  'tokenParam',
  'actionParam',
  'target',
];
const ATTRIBUTES = [
  'data-api-base',
  'data-mode',
  'data-delay-days',
  'data-locale',
  'data-timeout',
  'data-keep-token',
  'data-token-param',
  'data-action-param',
  'data-target',
  'data-delay-path',
  'data-skip-path',
  'data-upsell-path',
];
const optionsArb = fc.record(
  {
    ...Object.fromEntries(OPTIONS.map((key) => [key, word])),
    paths: fc.dictionary(fc.oneof(word, fc.constantFrom('delay', 'skip')), word, { maxKeys: 3 }),
    messages: fc.dictionary(
      fc.oneof(word, fc.constantFrom('pending', 'success', 'error', 'confirm')),
      fc.oneof(word, fc.dictionary(fc.oneof(word, fc.constantFrom('skip', 'delay')), word)),
      { maxKeys: 4 },
    ),
  },
  { requiredKeys: [] },
);
const caseArb = fc.record({
  options: optionsArb,
  attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTES), word, { maxKeys: 6 }),
  hostLocale: fc.option(word, { nil: undefined }),
  lang: word,
  action: fc.constantFrom('delay', 'skip', 'reactivate', 'upsell', ...PROTO),
  extraKey: fc.option(fc.tuple(word, word), { nil: undefined }),
});

/** Resolves when `check()` holds (polling, real timers), or fails the case after `ms`. */
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('run() neither settled nor waited for a click');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('arbitrary strings in every option, attribute and language', () => {
  test('run() resolves, the host ends in a state, nothing throws', async () => {
    server.use(http.all(/.*/, () => HttpResponse.json({})));
    spyConsole();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
        document.body.replaceChildren();
        // A generated `target` of `*` makes <html> the host: leave nothing of an earlier case there.
        const root = document.documentElement;
        for (const name of ['data-oca-state', 'data-oca-error', 'aria-busy'])
          root.removeAttribute(name);
        for (const part of root.querySelectorAll(':scope>[class^="oca-"]')) part.remove();
        root.lang = c.lang;
        const host = document.createElement('div');
        host.setAttribute('data-oca', '');
        if (c.hostLocale !== undefined) host.setAttribute('data-locale', c.hostLocale);
        document.body.append(host);
        const query = new URLSearchParams({ token: TOKEN, action: c.action, product: 'P-1' });
        // The same link under the generated parameter names too.
        for (const [name, value] of [
          [own(c.options, 'tokenParam'), TOKEN],
          [own(c.options, 'actionParam'), c.action],
        ] as const)
          if (typeof name === 'string' && /^\w{1,64}$/.test(name)) query.set(name, value!);
        if (c.extraKey) query.append(...c.extraKey);
        visit(`/landing?${query}`);

        let settled = false;
        const running = run({ ...fromScript(c.attributes), ...(c.options as Options) }).then(
          (result) => {
            settled = true;
            return result;
          },
        );
        // The run's host: the [data-oca] element, or what a generated `target` picks (`*` is <html>).
        const shown = () => document.querySelector('[data-oca-state]');
        const state = () => shown()?.getAttribute('data-oca-state') ?? null;
        await until(() => settled || state() === 'confirm');
        if (!settled) trustedClick(shown()!.querySelector('button')!);
        const result = await running;

        expect(['success', 'error', 'idle']).toContain(result.status);
        if (result.status === 'idle') expect(state()).toBeNull();
        else expect(state()).toBe(result.status);
        if (result.status === 'error')
          expect(shown()!.querySelector('[role=alert]')!.textContent).toBe(result.error.message);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});
