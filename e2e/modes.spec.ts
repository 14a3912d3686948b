// Confirm mode and the scanner defences, in a browser that says it is automated
// (navigator.webdriver is true under Playwright): nothing is sent until a person clicks.
// Also: reload and back/forward show the outcome and never send the action again.
import {
  EN,
  eventsOf,
  expect,
  expectAccessible,
  expectNoToken,
  expectRequests,
  expectState,
  expectSuccess,
  hostOf,
  landing,
  mint,
  performedFor,
  requestsFor,
  test,
} from './helpers';

test('confirm mode: nothing sent before a real click, synthetic clicks do nothing, a double click sends once', async ({
  page,
}) => {
  // A slow API (2 s), to see the pending state.
  const token = await mint({ action: 'delay', fault: 'slow', delayMs: 2000 });
  await page.goto(landing('/landing-confirm.html', { token, action: 'delay', days: 21 }));
  await expectState(page, 'confirm');
  const host = hostOf(page);
  const button = host.getByRole('button', { name: EN.confirm.delay(21) });
  await expect(button).toBeEnabled();
  await expect(host).not.toHaveAttribute('aria-busy');
  // The token left the address bar as soon as the link was read, before any click.
  await expectNoToken(page, token);
  expect((await eventsOf(page)).find((e) => e.type === 'oca:confirm')?.detail).toEqual({
    action: 'delay',
    params: { days: 21 },
  });
  await expectAccessible(page); // the confirm state
  expect(await requestsFor(token), 'nothing sent while waiting for the click').toEqual([]);

  // Clicks made by scripts (a scanner's, or the page's) are not a person's click.
  const afterSyntheticClicks = await page.evaluate(async () => {
    const target = document.querySelector<HTMLButtonElement>('[data-oca] button')!;
    target.click();
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    target.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    // Give any handler a chance to run: two frames.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return {
      state: document.querySelector('[data-oca]')?.getAttribute('data-oca-state'),
      disabled: target.disabled,
      connected: target.isConnected,
    };
  });
  expect(afterSyntheticClicks).toEqual({ state: 'confirm', disabled: false, connected: true });
  await button.dispatchEvent('click'); // Playwright's dispatchEvent is a synthetic event too
  await expectState(page, 'confirm');
  expect(await requestsFor(token), 'synthetic clicks sent nothing').toEqual([]);

  await button.dblclick();
  // Pending, as one snapshot (the window is the API's 2 s).
  await expect
    .poll(() =>
      page.evaluate(() => {
        const element = document.querySelector('[data-oca]')!;
        return {
          state: element.getAttribute('data-oca-state'),
          busy: element.getAttribute('aria-busy'),
          status: element.querySelector('[role=status]')?.textContent,
          buttons: element.querySelectorAll('button').length,
        };
      }),
    )
    .toEqual({ state: 'pending', busy: 'true', status: EN.pending, buttons: 0 });
  await expectSuccess(page, EN.success.delay(21));
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
  expect(await performedFor(token)).toHaveLength(1);
  const events = (await eventsOf(page)).map((e) => e.type);
  expect(events.filter((type) => type === 'oca:success')).toHaveLength(1);
  expect(events).not.toContain('oca:error');
});

test('auto mode in an automated browser falls back to confirm; Enter on the button confirms and focus follows', async ({
  page,
}) => {
  const token = await mint({ action: 'skip' });
  // /landing.html is the default auto mode.
  await page.goto(landing('/landing.html', { token, action: 'skip' }));
  expect(await page.evaluate(() => navigator.webdriver)).toBe(true);
  await expectState(page, 'confirm');
  const button = hostOf(page).getByRole('button', { name: EN.confirm.skip });
  await expect(button).toBeVisible();
  expect(await requestsFor(token), 'auto mode sent nothing to an automated browser').toEqual([]);

  // A keyboard user: Enter on the focused button is a trusted click.
  await button.focus();
  await page.keyboard.press('Enter');
  await expectSuccess(page, EN.success.skip);
  await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
  // The button went away: focus moved to the message, not to the top of the page.
  expect(
    await page.evaluate(() => document.activeElement?.matches('[data-oca] [role=status]')),
  ).toBe(true);
});

test('reload and back/forward show the outcome again and never resend the action', async ({
  page,
}) => {
  const token = await mint({ action: 'delay' });
  await page.goto(landing('/landing.html', { token, action: 'delay', days: 21 }));
  await hostOf(page)
    .getByRole('button', { name: EN.confirm.delay(21) })
    .click();
  await expectSuccess(page, EN.success.delay(21));
  const one = [{ path: '/one_click/delay', query: { token, days: '21' } }];
  await expectRequests(token, one);

  // The address bar has no token any more: a reload shows the outcome kept in the page's history entry.
  await page.reload();
  await expectSuccess(page, EN.success.delay(21));
  await expectRequests(token, one);

  await page.goto('/landing.html?unrelated=1');
  await page.goBack();
  await expectSuccess(page, EN.success.delay(21));
  await page.goForward();
  await page.goBack();
  await expectSuccess(page, EN.success.delay(21));
  await expectRequests(token, one);
  await expectNoToken(page, token);
});

// The empty live regions stay in the accessibility tree (src/oca.css must not hide them with
// display: none), so text put in them later is announced. (A bug found by this suite.)
test('the live regions are in the accessibility tree before any text goes in', async ({ page }) => {
  const token = await mint({ action: 'skip' });
  await page.goto(landing('/landing-confirm.html', { token, action: 'skip' }));
  await expectState(page, 'confirm');
  const host = hostOf(page);
  await expect(host.getByRole('status')).toHaveCount(1);
  await expect(host.getByRole('alert')).toHaveCount(1);
});
