// Merchant-supplied product names: an upsell link carries an id (CB-CONC-32); the page says
// "2 × Cold Brew Concentrate". From code (productNames) or the script tag
// (data-product-names, JSON). The link's params and the request keep the id; a lookup by an
// id from the link sees own properties only.
import { expect, test } from 'vitest';
import { run } from '../../src';
import {
  captureEvents,
  fromScript,
  host,
  settle,
  spyConsole,
  TOKEN,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { requests } = useApi();
usePage();
const events = captureEvents();

const UPSELL = (product: string) =>
  `/landing?token=${TOKEN}&action=upsell&product=${product}&quantity=2`;
const NAMES = { 'CB-CONC-32': 'Cold Brew Concentrate', 'HOUSE-ESP': 'House Espresso' };
const statusOf = (element: Element) => element.querySelector('[role=status]')!.textContent;

test('productNames from code: the text reads the name, the request and the result the id', async () => {
  const element = host();
  visit(UPSELL('CB-CONC-32'));
  const result = await run({ productNames: NAMES });
  expect(statusOf(element)).toBe('Done! 2 × Cold Brew Concentrate will come with your next order.');
  expect(result).toEqual({
    status: 'success',
    action: 'upsell',
    params: { product: 'CB-CONC-32', quantity: 2 },
  });
  expect(requests[0]!.url.searchParams.get('product')).toBe('CB-CONC-32');
  expect(events.at(-1)!.detail).toEqual({
    action: 'upsell',
    params: { product: 'CB-CONC-32', quantity: 2 },
  });
});

test('data-product-names on the script tag (JSON), in the confirm label too', async () => {
  const element = host();
  visit(UPSELL('HOUSE-ESP'));
  void run({ ...fromScript({ 'data-product-names': JSON.stringify(NAMES) }), mode: 'confirm' });
  await settle();
  expect(element.querySelector('button')!.textContent).toBe(
    'Add 2 × House Espresso to my next order',
  );
});

test('an id with no name shows the id', async () => {
  const element = host();
  visit(UPSELL('TEA-01'));
  await run({ productNames: NAMES });
  expect(statusOf(element)).toBe('Done! 2 × TEA-01 will come with your next order.');
});

test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
  'a product id %s is just an id, never something inherited',
  async (product) => {
    const element = host();
    visit(UPSELL(product));
    await run({ productNames: NAMES });
    expect(statusOf(element)).toBe(`Done! 2 × ${product} will come with your next order.`);
  },
);

test.each([
  ['not JSON', '{Cold Brew}'],
  ['a list', '["Cold Brew"]'],
  ['a string', '"Cold Brew"'],
])('data-product-names that is %s warns, naming it, and the ids are shown', async (_, value) => {
  const logs = spyConsole();
  const element = host();
  visit(UPSELL('CB-CONC-32'));
  await run(fromScript({ 'data-product-names': value }));
  expect(logs.warn).toHaveBeenCalledTimes(1);
  expect(logs.text()).toContain('data-product-names');
  expect(statusOf(element)).toBe('Done! 2 × CB-CONC-32 will come with your next order.');
});

test('names that are not strings are left out; names are text, never markup', async () => {
  const element = host();
  visit(UPSELL('CB-CONC-32'));
  await run({
    productNames: {
      'CB-CONC-32': '<img src=x onerror=alert(1)> Brew',
      'HOUSE-ESP': 42 as unknown as string,
    },
  });
  expect(statusOf(element)).toBe(
    'Done! 2 × <img src=x onerror=alert(1)> Brew will come with your next order.',
  );
  expect(element.querySelectorAll('img')).toHaveLength(0);
});
