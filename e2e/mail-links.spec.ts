// Ten links of the mail corpus (test/link/mail-corpus.ts) as a subscriber meets them: an
// <a href> holding the link exactly as mail delivered it (`&amp;` literal, the token encoded
// twice, a full stop after it, a line break inside it), clicked, landing on the page. Each
// ends in success, with exactly the token and parameters the email meant at the fake API.
import { CORPUS, type MailLink } from '../test/link/mail-corpus';
import {
  type Action,
  confirm,
  EN,
  expect,
  expectNoToken,
  expectRequests,
  expectSuccess,
  mint,
  press,
  test,
} from './helpers';

const SUBSET = [
  'Klaviyo click tracking appends _kx',
  'HubSpot appends _hsenc and _hsmi',
  '&amp; between every key',
  '&amp;amp; (escaped twice)',
  'Outlook / Safe Links double-encoded the token (%253D, %252B, %252F)',
  'end of a sentence: …&action=delay.',
  'in parentheses: …&action=skip)',
  'upsell with quantity last: …&quantity=3;',
  'CRLF inside the token',
  "legacy token encoded twice (Ordergroove's snippet decodes it once more)",
];

const entries = SUBSET.map((source) => {
  const entry = CORPUS.find((e) => e.source === source);
  if (!entry) throw new Error(`no corpus entry "${source}"`);
  return entry;
});

/** The button's label, the success text and the request's query, for what the link reads. */
const outcome = (entry: MailLink, token: string) => {
  if ('error' in entry.reads) throw new Error(`"${entry.source}" is not a working link`);
  const { action, params } = entry.reads;
  const days = params.days ?? 0;
  const quantity = params.quantity ?? 1;
  const product = params.product ?? '';
  const query: Record<string, string> = { token };
  if (params.days !== undefined) query.days = String(params.days);
  if (params.winbackId !== undefined) query.winback_id = params.winbackId;
  if (params.product !== undefined) query.product = params.product;
  if (params.quantity !== undefined) query.quantity = String(params.quantity);
  const label = {
    delay: EN.confirm.delay(days),
    skip: EN.confirm.skip,
    reactivate: EN.confirm.reactivate,
    upsell: EN.confirm.upsell(quantity, product),
  }[action];
  const text = {
    delay: EN.success.delay(days),
    skip: EN.success.skip,
    reactivate: EN.success.reactivate,
    upsell: EN.success.upsell(quantity, product),
  }[action];
  return { action: action as Action, label, text, query };
};

test('the subset is ten working links of the corpus', () => {
  expect(new Set(entries).size).toBe(10);
  for (const entry of entries) expect(entry.reads).not.toHaveProperty('error');
});

for (const entry of entries) {
  test(`clicked as mail delivered it: ${entry.source}`, async ({ page, baseURL }) => {
    if ('error' in entry.reads) return;
    const token = await mint({ action: entry.reads.action, format: entry.kind });
    const href = entry.link(token, `${baseURL}/landing.html`);
    const { action, label, text, query } = outcome(entry, token);
    // The email: one link whose href attribute is the delivered address, byte for byte.
    await page.setContent('<p>Your order ships soon. <a id="mail-link">Manage it</a></p>');
    await page.locator('#mail-link').evaluate((a, value) => a.setAttribute('href', value), href);
    await Promise.all([page.waitForURL(/\/landing\.html/), press(page.locator('#mail-link'))]);
    await confirm(page, token, { label });
    await expectSuccess(page, text);
    await expectRequests(token, [{ path: `/one_click/${action}`, query }]);
    await expectNoToken(page, token);
  });
}
