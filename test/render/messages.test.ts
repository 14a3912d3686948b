// What the page says: the language chosen, per-key overrides, and merchant templates.
import { HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import { LOCALES } from '../../src/messages';
import {
  API,
  host,
  outcome,
  settle,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const EN = LOCALES.en!;

const { server, requests } = useApi();
usePage();

const SKIP = `/landing?token=${TOKEN}&action=skip`;
const SKIPPED = {
  en: 'Done! Your next order is skipped.',
  es: '¡Listo! Hemos saltado tu próximo pedido.',
  fr: 'C’est fait ! Votre prochaine commande est sautée.',
  de: 'Erledigt! Ihre nächste Bestellung wird übersprungen.',
};
const statusOf = (element: Element) => element.querySelector('[role=status]')!.textContent;
const language = (value: string) =>
  vi.spyOn(Object.getPrototypeOf(navigator), 'language', 'get').mockReturnValue(value);

describe('language', () => {
  test('locale option', async () => {
    const element = host();
    visit(SKIP);
    await run({ locale: 'es' });
    expect(statusOf(element)).toBe(SKIPPED.es);
  });

  test('<html lang="fr-CA">', async () => {
    document.documentElement.lang = 'fr-CA';
    const element = host();
    visit(SKIP);
    await run();
    expect(statusOf(element)).toBe(SKIPPED.fr);
  });

  test('navigator.language when <html> has no lang', async () => {
    language('de-DE');
    const element = host();
    visit(SKIP);
    await run();
    expect(statusOf(element)).toBe(SKIPPED.de);
  });

  test('<html lang> beats navigator.language; locale beats both', async () => {
    language('de-DE');
    document.documentElement.lang = 'es';
    const a = host();
    visit(SKIP);
    await run();
    expect(statusOf(a)).toBe(SKIPPED.es);

    delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
    document.body.replaceChildren();
    const b = host();
    visit(SKIP);
    await run({ locale: 'fr' });
    expect(statusOf(b)).toBe(SKIPPED.fr);
  });

  test('an unsupported <html lang> falls through to navigator.language', async () => {
    language('fr-FR');
    document.documentElement.lang = 'ja';
    const element = host();
    visit(SKIP);
    await run();
    expect(statusOf(element)).toBe(SKIPPED.fr);
  });

  test('fallback to English', async () => {
    language('ja-JP');
    document.documentElement.lang = 'pt-BR';
    const element = host();
    visit(SKIP);
    await run();
    expect(statusOf(element)).toBe(SKIPPED.en);
  });

  test.each([
    [
      'es',
      'Este enlace ya se usó: el cambio ya está hecho.',
      'Este enlace está incompleto: no tiene token.',
      'Reintentar',
    ],
    [
      'fr',
      'Ce lien a déjà été utilisé : la modification est déjà faite.',
      'Ce lien est incomplet : il n’a pas de jeton.',
      'Réessayer',
    ],
    [
      'de',
      'Dieser Link wurde bereits verwendet: Die Änderung ist schon erledigt.',
      'Dieser Link ist unvollständig: Ihm fehlt das Token.',
      'Erneut versuchen',
    ],
  ])(
    '%s: errors, pending, confirm and retry are translated too',
    async (locale, used, missing, retry) => {
      document.documentElement.lang = locale;
      let element = host();
      visit(SKIP);
      server.use(
        http.get(`${API}/one_click/skip`, () =>
          HttpResponse.json({ error: 'token already used' }, { status: 400 }),
        ),
      );
      await run();
      expect(outcome(element)).toMatchObject({ error: 'used_token', alert: used, buttons: [] });

      const reset = () => {
        delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
        document.body.replaceChildren();
        return host();
      };
      element = reset();
      visit('/landing?action=skip');
      await run();
      expect(element.querySelector('[role=alert]')!.textContent).toBe(missing);

      element = reset();
      visit(SKIP);
      server.use(http.get(`${API}/one_click/skip`, () => new HttpResponse(null, { status: 500 })));
      await run();
      expect(outcome(element).buttons).toEqual([retry]);

      element = reset();
      visit(`/landing?token=${TOKEN}&action=delay&days=30`);
      run({ mode: 'confirm' });
      await settle();
      const label = element.querySelector('button')!.textContent!;
      expect(label).toContain('30');
      expect(label).not.toBe('Delay my next order by 30 days');
    },
  );

  test('the delay success text is filled with days in every language', async () => {
    for (const locale of ['en', 'es', 'fr', 'de']) {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
      document.body.replaceChildren();
      const element = host({ 'data-locale': locale });
      visit(`/landing?token=${TOKEN}&action=delay&days=37`);
      await run();
      expect(statusOf(element)).toContain('37');
      expect(statusOf(element)).not.toMatch(/[{}]/);
    }
  });
});

describe('per-key overrides', () => {
  test("messages: { success: { delay: 'Done!' } } replaces that one text only", async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=delay&days=21`);
    await run({ messages: { success: { delay: 'Done!' } } });
    expect(statusOf(element)).toBe('Done!');
  });

  test('other keys keep their built-in text', async () => {
    const element = host();
    visit(SKIP);
    await run({ messages: { success: { delay: 'Done!' } } });
    expect(statusOf(element)).toBe(SKIPPED.en);
  });

  test('overrides fill placeholders and apply on top of the chosen language', async () => {
    const element = host({ 'data-locale': 'fr' });
    visit(`/landing?token=${TOKEN}&action=upsell&product=SKU-2&quantity=3`);
    server.use(http.get(`${API}/one_click/upsell`, () => new HttpResponse(null, { status: 503 })));
    await run({
      messages: { error: { server: 'Oups ({action}, {product} ×{quantity})' }, retry: 'Encore' },
    });
    expect(outcome(element)).toMatchObject({
      alert: 'Oups (upsell, SKU-2 ×3)',
      buttons: ['Encore'],
    });
  });

  test('pending and confirm overrides', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=delay&days=4`);
    let pendingText = '';
    server.use(
      http.get(`${API}/one_click/delay`, () => {
        pendingText = statusOf(element)!;
        return HttpResponse.json({});
      }),
    );
    const running = run({
      mode: 'confirm',
      messages: { pending: 'Wait…', confirm: { delay: 'Yes, {days} days' } },
    });
    await settle();
    const button = element.querySelector('button')!;
    expect(button.textContent).toBe('Yes, 4 days');
    trustedClick(button);
    await running;
    expect(pendingText).toBe('Wait…');
  });

  test('unknown placeholders are left as written', async () => {
    const element = host();
    visit(SKIP);
    await run({ messages: { success: { skip: 'Skipped {when} ({action})' } } });
    expect(statusOf(element)).toBe('Skipped {when} (skip)');
  });

  // The MessageOverrides type allows `undefined`; it must not replace the built-in text, and
  // run() (which never rejects) must not reject when filling the outcome after the request.
  test('an undefined override keeps the built-in text and run() resolves', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    const result = await run({ messages: { success: { skip: undefined } } });
    expect(result).toEqual({ status: 'success', action: 'skip', params: {} });
    expect(element.querySelector('[role=status]')!.textContent).toBe(
      'Done! Your next order is skipped.',
    );
  });
});

describe('merchant templates', () => {
  test("are read only from the host the merchant named: a [data-oca] found by default shows og-oca's texts", async () => {
    // A review or CMS block that carries its own host and templates, first in the page.
    const element = host(
      {},
      '<template data-oca-template="confirm"><p>Accept cookies</p><button data-oca-button>Accept cookies</button></template><template data-oca-template="success"><p>Cookies accepted</p></template>',
    );
    visit(`/landing?token=${TOKEN}&action=skip`);
    await run();
    expect(element.textContent).not.toContain('Cookies');
    expect(element.querySelector('[role=status]')!.textContent).toBe(EN.success.skip);
  });

  test('<template data-oca-template="success"> with placeholders filled as text', async () => {
    const element = host(
      {},
      '<template data-oca-template="success"><p class="mine">Moved by <b>{days}</b> days ({action}). {message}</p></template>',
    );
    visit(`/landing?token=${TOKEN}&action=delay&days=21`);
    await run({ target: element });
    const p = element.querySelector('[role=status] p.mine');
    expect(p).not.toBeNull();
    expect(p!.textContent).toBe(
      'Moved by 21 days (delay). Done! Your next order will ship 21 days later.',
    );
    expect(p!.querySelector('b')!.textContent).toBe('21');
    // The template itself stays, for the next state.
    expect(element.querySelector('template[data-oca-template="success"]')).not.toBeNull();
  });

  test('upsell template gets product and quantity', async () => {
    const element = host(
      {},
      '<template data-oca-template="success"><span>{quantity}x {product}</span></template>',
    );
    visit(`/landing?token=${TOKEN}&action=upsell&product=TEA-01&quantity=2`);
    await run({ target: element });
    expect(element.querySelector('[role=status] span')!.textContent).toBe('2x TEA-01');
  });

  test('error template with {message}', async () => {
    const element = host(
      {},
      '<template data-oca-template="error"><strong>Sorry.</strong> <em>{message}</em></template>',
    );
    visit(SKIP);
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        HttpResponse.json({ error: 'Token expired' }, { status: 400 }),
      ),
    );
    await run({ target: element });
    const alert = element.querySelector('[role=alert]')!;
    expect(alert.querySelector('em')!.textContent).toBe('This link has expired.');
    expect(element.getAttribute('data-oca-error')).toBe('expired_token');
  });

  test('a template with hostile placeholder values stays text', async () => {
    const element = host(
      {},
      '<template data-oca-template="success"><p>{message}</p><p title="{message}">{days}</p></template>',
    );
    visit(`/landing?token=${TOKEN}&action=delay&days=5`);
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await run({ target: element, messages: { success: { delay: hostile } } });
    const status = element.querySelector('[role=status]')!;
    expect(status.querySelectorAll('img, script')).toHaveLength(0);
    expect(status.querySelectorAll('p')).toHaveLength(2);
    expect(status.querySelector('p')!.textContent).toBe(hostile);
    // Placeholders are filled in text only; attributes are left to the merchant's markup.
    expect(status.querySelectorAll('p')[1]!.getAttribute('title')).toBe('{message}');
  });

  test('a template whose text looks like markup is not re-parsed after filling', async () => {
    const element = host(
      {},
      '<template data-oca-template="success">&lt;img src=x onerror=alert(1)&gt; {action}</template>',
    );
    visit(SKIP);
    await run({ target: element });
    expect(element.querySelectorAll('img')).toHaveLength(0);
    expect(statusOf(element)).toBe('<img src=x onerror=alert(1)> skip');
  });

  test('a confirm template with <button data-oca-button> supplies the confirm button', async () => {
    const element = host(
      {},
      '<template data-oca-template="confirm"><p>Delay by {days} days?</p><button data-oca-button class="brand">Yes please</button></template>',
    );
    visit(`/landing?token=${TOKEN}&action=delay&days=10`);
    const running = run({ target: element, mode: 'confirm' });
    await settle();
    const buttons = element.querySelectorAll('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.className).toBe('brand');
    expect(buttons[0]!.textContent).toBe('Yes please');
    expect(element.querySelector('[role=status] p')!.textContent).toBe('Delay by 10 days?');

    buttons[0]!.click();
    await settle();
    expect(requests).toHaveLength(0);
    trustedClick(buttons[0]!);
    expect((await running).status).toBe('success');
    expect(requests).toHaveLength(1);
  });

  test('a data-oca-button in a success template is removed (nothing to click)', async () => {
    const element = host(
      {},
      '<template data-oca-template="success"><p>Done</p><button data-oca-button>Again</button></template>',
    );
    visit(SKIP);
    await run({ target: element });
    expect(element.querySelectorAll('button')).toHaveLength(0);
    expect(statusOf(element)).toBe('Done');
  });

  test('pending template shows while the request is under way', async () => {
    const element = host(
      {},
      '<template data-oca-template="pending"><span class="spinner">Working on {action}</span></template>',
    );
    visit(SKIP);
    let during = '';
    server.use(
      http.get(`${API}/one_click/skip`, () => {
        during = element.querySelector('[role=status] .spinner')?.textContent ?? '';
        return HttpResponse.json({});
      }),
    );
    await run({ target: element });
    expect(during).toBe('Working on skip');
    expect(element.querySelector('.spinner')).toBeNull();
  });
});
