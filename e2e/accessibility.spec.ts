// Axe scans of every state og-oca renders, on a wide screen (mouse) and on a phone (a tap:
// the mobile project is for layout, rendering and axe; the behaviours themselves are checked
// once per engine by the shared suite in e2e/engines/). Also: the empty live regions are in
// the accessibility tree before any text goes in.
import {
  EN,
  expect,
  expectAccessible,
  expectError,
  expectState,
  expectSuccess,
  hostOf,
  landing,
  mint,
  openAndConfirm,
  press,
  snapshot,
  test,
} from './helpers';

test('the confirm state passes axe, then a press (a tap on a phone) shows the success, which passes axe', async ({
  page,
}, testInfo) => {
  const token = await mint({ action: 'delay' });
  await page.goto(landing('/landing-confirm.html', { token, action: 'delay', days: 21 }));
  await expectState(page, 'confirm');
  await expectAccessible(page);
  await press(hostOf(page).getByRole('button', { name: EN.confirm.delay(21) }));
  await expectSuccess(page, EN.success.delay(21));
  await snapshot(page, testInfo, 'success-delay');
  await expectAccessible(page);
});

test('an error without Try again (used_token) passes axe', async ({ page }, testInfo) => {
  const token = await mint({ state: 'used' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'used_token');
  await snapshot(page, testInfo, 'error-used_token');
  await expectAccessible(page);
});

test('an error with Try again (server) passes axe', async ({ page }, testInfo) => {
  const token = await mint({ fault: 'error500' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'server');
  await snapshot(page, testInfo, 'error-server');
  await expectAccessible(page);
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
