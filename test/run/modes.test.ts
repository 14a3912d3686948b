// confirm mode, and auto mode's defences against link scanners: navigator.webdriver,
// a hidden page, a prerendered page.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { run } from '../../src';
import {
  captureEvents,
  fromScript,
  host,
  outcome,
  sequence,
  settle,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { requests } = useApi();
usePage();
const events = captureEvents();

const DELAY = `/landing?token=${TOKEN}&action=delay&days=21`;

describe('confirm mode', () => {
  test.each([
    ['mode: "confirm"', () => host(), { mode: 'confirm' as const }],
    ['data-mode="confirm" on the script tag', () => host(), fromScript({ 'data-mode': 'confirm' })],
  ])('%s shows the confirm button and sends nothing', async (_, make, options) => {
    const element = make();
    visit(DELAY);
    let settled = false;
    run(options).then(() => {
      settled = true;
    });
    await settle(50);
    expect(outcome(element)).toEqual({
      state: 'confirm',
      error: null,
      busy: null,
      status: '',
      alert: '',
      buttons: ['Delay my next order by 21 days'],
    });
    expect(element.querySelector('button')!.type).toBe('button');
    expect(sequence(events)).toEqual(['oca:pending', 'oca:confirm']);
    expect(events.at(-1)!.detail).toEqual({ action: 'delay', params: { days: 21 } });
    expect(requests).toHaveLength(0);
    expect(settled).toBe(false);
    // The token already left the address bar while waiting.
    expect(location.href).not.toContain(TOKEN);
  });

  test('confirm labels per action', async () => {
    const labels: string[] = [];
    for (const [link, label] of [
      [`?token=${TOKEN}&action=skip`, 'Skip my next order'],
      [`?token=${TOKEN}&action=reactivate`, 'Reactivate my subscription'],
      [`?token=${TOKEN}&action=upsell&product=SKU-3`, 'Add 1 × SKU-3 to my next order'],
      [`?token=${TOKEN}&action=delay`, 'Delay my next order by 14 days'],
    ]) {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('og-oca')];
      document.body.replaceChildren();
      const element = host();
      visit(`/landing${link}`);
      run({ mode: 'confirm' });
      await settle(10);
      labels.push(element.querySelector('button')!.textContent!);
      expect(labels.at(-1)).toBe(label);
    }
    expect(requests).toHaveLength(0);
  });

  test('an untrusted click (button.click(), dispatchEvent) sends nothing', async () => {
    const element = host();
    visit(DELAY);
    run({ mode: 'confirm' });
    await settle();
    const button = element.querySelector('button')!;
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    button.dispatchEvent(new Event('click'));
    await settle(50);
    expect(requests).toHaveLength(0);
    expect(element.getAttribute('data-oca-state')).toBe('confirm');
    expect(button.disabled).toBe(false);
  });

  // Simulated trust (see helpers.ts); a real person's click is covered by the Playwright suite.
  test('a (simulated) trusted click sends the action once and shows the outcome', async () => {
    const element = host();
    visit(DELAY);
    const running = run({ mode: 'confirm' });
    await settle();
    trustedClick(element.querySelector('button')!);
    const result = await running;
    expect(result).toEqual({ status: 'success', action: 'delay', params: { days: 21 } });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url.searchParams.get('days')).toBe('21');
    expect(outcome(element)).toMatchObject({
      state: 'success',
      buttons: [],
      status: 'Done! Your next order will ship 21 days later.',
    });
    expect(sequence(events)).toEqual(['oca:pending', 'oca:confirm', 'oca:pending', 'oca:success']);
  });

  test('an invalid link in confirm mode shows the error, no button', async () => {
    const element = host({ 'data-mode': 'confirm' });
    visit(`/landing?token=${TOKEN}&action=delay&days=999`);
    const result = await run();
    expect(result).toMatchObject({ error: { code: 'invalid_link', param: 'days' } });
    expect(outcome(element)).toMatchObject({ state: 'error', buttons: [] });
  });

  test('focus moves from the clicked button to the new message (keyboard users)', async () => {
    const element = host();
    visit(DELAY);
    const running = run({ mode: 'confirm' });
    await settle();
    const button = element.querySelector('button')!;
    button.focus();
    expect(document.activeElement).toBe(button);
    trustedClick(button);
    await running;
    expect(element.contains(document.activeElement)).toBe(true);
  });
});

describe('auto mode and link scanners', () => {
  afterEach(() => {
    delete (document as { prerendering?: boolean }).prerendering;
  });

  test('navigator.webdriver === true falls back to confirm', async () => {
    vi.spyOn(Navigator.prototype, 'webdriver', 'get').mockReturnValue(true);
    const element = host();
    visit(DELAY);
    const running = run();
    await settle(50);
    expect(outcome(element)).toMatchObject({
      state: 'confirm',
      buttons: ['Delay my next order by 21 days'],
    });
    expect(events.some((e) => e.type === 'oca:confirm')).toBe(true);
    element.querySelector('button')!.click();
    await settle();
    expect(requests).toHaveLength(0);
    trustedClick(element.querySelector('button')!);
    expect((await running).status).toBe('success');
    expect(requests).toHaveLength(1);
  });

  test('navigator.webdriver false: auto mode sends at once, no button', async () => {
    const element = host();
    visit(DELAY);
    await run();
    expect(requests).toHaveLength(1);
    expect(events.some((e) => e.type === 'oca:confirm')).toBe(false);
    expect(element.querySelectorAll('button')).toHaveLength(0);
  });

  test('waits while the page is hidden, acts on visibilitychange to visible', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get');
    visibility.mockReturnValue('hidden');
    const element = host();
    visit(DELAY);
    const running = run();
    await settle(50);
    expect(requests).toHaveLength(0);
    expect(element.getAttribute('data-oca-state')).toBe('pending');
    // Still hidden: an event alone does not start it.
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(requests).toHaveLength(0);

    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await running).status).toBe('success');
    expect(requests).toHaveLength(1);
    // Hiding and showing again later sends nothing more.
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(requests).toHaveLength(1);
  });

  test('waits while the page is prerendered, acts on prerenderingchange', async () => {
    let prerendering = true;
    Object.defineProperty(document, 'prerendering', {
      configurable: true,
      get: () => prerendering,
    });
    const element = host();
    visit(DELAY);
    const running = run();
    await settle(50);
    expect(requests).toHaveLength(0);
    expect(element.getAttribute('data-oca-state')).toBe('pending');

    prerendering = false;
    document.dispatchEvent(new Event('prerenderingchange'));
    expect((await running).status).toBe('success');
    expect(requests).toHaveLength(1);
  });

  test('hidden and prerendered: waits for both', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get');
    visibility.mockReturnValue('hidden');
    let prerendering = true;
    Object.defineProperty(document, 'prerendering', {
      configurable: true,
      get: () => prerendering,
    });
    host();
    visit(DELAY);
    const running = run();
    prerendering = false;
    document.dispatchEvent(new Event('prerenderingchange'));
    await settle(30);
    expect(requests).toHaveLength(0);
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await running).status).toBe('success');
    expect(requests).toHaveLength(1);
  });

  test('confirm mode on a hidden page still needs the click, not visibility', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get');
    visibility.mockReturnValue('hidden');
    const element = host();
    visit(DELAY);
    const running = run({ mode: 'confirm' });
    await settle();
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await settle(30);
    expect(requests).toHaveLength(0);
    trustedClick(element.querySelector('button')!);
    expect((await running).status).toBe('success');
  });

  // Events are dispatched as the host enters a state: one pending, not one per step.
  test('auto mode fires oca:pending once', async () => {
    host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    await run();
    expect(events.map((e) => e.type)).toEqual(['oca:pending', 'oca:success']);
  });
});
