// Generated from the JSDoc in index.mjs; regenerate with the command in demo/README.md.
export { startFakeOrdergroove } from './http.mjs';
export { fakeOrdergrooveHandlers } from './msw.mjs';
export type FakeOrdergroove = import('./model.mjs').FakeOrdergroove;
export type FakeOrdergrooveOptions = import('./model.mjs').FakeOrdergrooveOptions;
export type TokenSpec = import('./model.mjs').TokenSpec;
export type FakeAction = import('./model.mjs').FakeAction;
export type FakeFault = import('./model.mjs').FakeFault;
export type FakeTokenState = import('./model.mjs').FakeTokenState;
export type FakeRequest = import('./model.mjs').FakeRequest;
export type FakeResponse = import('./model.mjs').FakeResponse;
export type FakeDrop = import('./model.mjs').FakeDrop;
export type LoggedRequest = import('./model.mjs').LoggedRequest;
export type PerformedAction = import('./model.mjs').PerformedAction;
export type TokenRecord = import('./model.mjs').TokenRecord;
export type HandleOptions = import('./model.mjs').HandleOptions;
export type StartOptions = import('./http.mjs').StartOptions;
export type RunningFakeOrdergroove = import('./http.mjs').RunningFakeOrdergroove;
export type WebhookTarget = import('./webhooks.mjs').WebhookTarget;
export type WebhookDelivery = import('./webhooks.mjs').WebhookDelivery;
export type RotationPhase = import('./webhooks.mjs').RotationPhase;
export type RotationStep = import('./webhooks.mjs').RotationStep;
export type KeyRole = import('./webhooks.mjs').KeyRole;
export { ACTIONS, createFakeOrdergroove, FAULTS, HTML_ERROR_PAGE, STATES } from './model.mjs';
export {
  createWebhookTarget,
  loadWebhooks,
  orderReminderEvent,
  pythonJson,
  ROTATION_PHASES,
  ROTATION_STEPS,
  SIGNING_KEYS,
} from './webhooks.mjs';
