// Type-checked by test/package/package.test.ts as a store's test suite would (Node's types, nodenext,
// no skipLibCheck): og-oca/testing resolves to its real types.
import {
  createFakeOrdergroove,
  type FakeOrdergroove,
  ordergrooveHandlers,
  type RunningFakeOrdergroove,
  signedDelivery,
  startFakeOrdergroove,
} from 'og-oca/testing';

export const fake: FakeOrdergroove = createFakeOrdergroove({ latencyMs: 0 });
export const token: string = fake.mint({ action: 'skip', fault: 'error503' });
export const running: Promise<RunningFakeOrdergroove> = startFakeOrdergroove({ port: 4747 });
export const handlers = ordergrooveHandlers(fake, 'https://staging.restapi.ordergroove.com');
export const request = signedDelivery({ type: 'order.reminder' }, { secret: 'k' }).then(
  (delivery): Request => delivery.request(),
);
// @ts-expect-error a fault the fake does not know (fails if the types resolve to `any`)
fake.mint({ fault: 'meteor' });
