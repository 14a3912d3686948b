// What needs Playwright's keyboard and history: Enter on the confirm button is a person's
// click, and back/forward show the outcome and never send the action again. Confirm mode,
// auto mode and the scanner defences are in the shared suite (e2e/engines/areas/modes.ts).
import {
  EN,
  expect,
  expectNoToken,
  expectRequests,
  expectState,
  expectSuccess,
  hostOf,
  landing,
  mint,
  requestsFor,
  test,
} from './helpers';

test('Enter on the confirm button (auto mode falls back to confirm in an automated browser) confirms, and focus follows to the message', async ({
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
