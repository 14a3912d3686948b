// The link forms the landing page accepts (docs/contract.md, "Links the landing page reads"):
// Ordergroove's legacy fragment, the #token=… fragment, and tokens and actions as they
// arrive in the wild. Each sends exactly the right request once and leaves no token behind.
import {
  EN,
  expect,
  expectNoToken,
  expectRequests,
  expectSuccess,
  mint,
  openAndConfirm,
  test,
} from './helpers';

test('legacy #og_quick_action=delay#og_delay_by=21#og_quick_action_token=T link', async ({
  page,
}) => {
  const token = await mint({ action: 'delay' });
  await openAndConfirm(
    page,
    `/landing.html#og_quick_action=delay#og_delay_by=21#og_quick_action_token=${token}`,
    token,
    { label: EN.confirm.delay(21) },
  );
  await expectSuccess(page, EN.success.delay(21));
  await expectRequests(token, [{ path: '/one_click/delay', query: { token, days: '21' } }]);
  await expectNoToken(page, token);
  // The whole fragment was ours: it is gone, the page stays.
  expect(new URL(page.url()).hash).toBe('');
  expect(new URL(page.url()).pathname).toBe('/landing.html');
});

test('fragment #token=…&action=… link', async ({ page }) => {
  const token = await mint({ action: 'reactivate' });
  await openAndConfirm(
    page,
    `/landing.html?utm_source=email#token=${token}&action=reactivate&og_winback_id=WB-SPRING-15`,
    token,
    { label: EN.confirm.reactivate },
  );
  await expectSuccess(page, EN.success.reactivate);
  await expectRequests(token, [
    { path: '/one_click/reactivate', query: { token, winback_id: 'WB-SPRING-15' } },
  ]);
  await expectNoToken(page, token);
  const left = new URL(page.url());
  expect(left.hash).toBe('');
  expect(left.search).toBe('?utm_source=email');
});

test('old base64 tokens (+ / =), encoded or not, reach the API unchanged; action is case-insensitive', async ({
  page,
}) => {
  for (const encoded of [true, false]) {
    await test.step(
      encoded ? 'URL-encoded token' : 'raw token, + arriving as a space',
      async () => {
        const token = await mint({ format: 'base64' });
        expect(token).toMatch(/[+/=]/);
        const link = encoded
          ? `/landing.html?token=${encodeURIComponent(token)}&action=SKIP`
          : `/landing.html?token=${token}&action=Skip`;
        await openAndConfirm(page, link, token, { label: EN.confirm.skip });
        await expectSuccess(page, EN.success.skip);
        await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
        await expectNoToken(page, token);
      },
    );
  }
});
