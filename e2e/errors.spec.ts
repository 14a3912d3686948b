// What needs Playwright's mouse: the second click of a double click landing on the Try again
// button that appeared between the two clicks. Every error code as the subscriber sees it is
// in the shared suite (e2e/engines/areas/errors.ts), in every engine.
import {
  EN,
  eventsOf,
  expect,
  expectError,
  expectRequests,
  hostOf,
  landing,
  mint,
  openAndConfirm,
  test,
} from './helpers';

// "A double click never sends it twice" (docs/contract.md, "Safety"), even when the API
// answers between the two clicks: the first click's retry fails fast, a new "Try again"
// appears in the same place, and the double click's second click (event.detail === 2) lands
// on it. og-oca ignores a click with event.detail > 1 like an untrusted one. Made
// deterministic here by delivering the second click (clickCount 2) after the new button shows.
test('the second click of a double click does not send a retry again', async ({ page }) => {
  const token = await mint({ fault: 'error500' });
  await openAndConfirm(page, landing('/landing.html', { token, action: 'skip' }), token);
  await expectError(page, 'server');
  const retry = hostOf(page).getByRole('button', { name: EN.retry });
  const box = (await retry.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x, y); // the double click's first click: one retry
  await expect
    .poll(async () => (await eventsOf(page)).filter((e) => e.type === 'oca:error').length)
    .toBe(2);
  await expect(retry).toBeEnabled();
  // Its second click, on the new button in the same place.
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  const after = await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return document.querySelector('[data-oca]')?.getAttribute('data-oca-state');
  });
  expect(after).toBe('error');
  const one = { path: '/one_click/skip', query: { token } };
  await expectRequests(token, [one, one]);
});
