// @ts-check
/**
 * The fake Ordergroove 1-click API: one model (`createFakeOrdergroove`), two transports
 * (`startFakeOrdergroove` — a real Node HTTP server; `fakeOrdergrooveHandlers` — msw 2),
 * and its outgoing webhooks (`createWebhookTarget`: signed deliveries, key rotation).
 * See demo/README.md.
 */
export { startFakeOrdergroove } from './http.mjs';
export { ACTIONS, createFakeOrdergroove, FAULTS, HTML_ERROR_PAGE, STATES } from './model.mjs';
export { fakeOrdergrooveHandlers } from './msw.mjs';
export {
  createWebhookTarget,
  loadWebhooks,
  orderReminderEvent,
  pythonJson,
  ROTATION_PHASES,
  ROTATION_STEPS,
  SIGNING_KEYS,
} from './webhooks.mjs';

/** @typedef {import('./model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {import('./model.mjs').FakeOrdergrooveOptions} FakeOrdergrooveOptions */
/** @typedef {import('./model.mjs').TokenSpec} TokenSpec */
/** @typedef {import('./model.mjs').FakeAction} FakeAction */
/** @typedef {import('./model.mjs').FakeFault} FakeFault */
/** @typedef {import('./model.mjs').FakeTokenState} FakeTokenState */
/** @typedef {import('./model.mjs').FakeRequest} FakeRequest */
/** @typedef {import('./model.mjs').FakeResponse} FakeResponse */
/** @typedef {import('./model.mjs').FakeDrop} FakeDrop */
/** @typedef {import('./model.mjs').LoggedRequest} LoggedRequest */
/** @typedef {import('./model.mjs').PerformedAction} PerformedAction */
/** @typedef {import('./model.mjs').TokenRecord} TokenRecord */
/** @typedef {import('./model.mjs').HandleOptions} HandleOptions */
/** @typedef {import('./http.mjs').StartOptions} StartOptions */
/** @typedef {import('./http.mjs').RunningFakeOrdergroove} RunningFakeOrdergroove */
/** @typedef {import('./webhooks.mjs').WebhookTarget} WebhookTarget */
/** @typedef {import('./webhooks.mjs').WebhookDelivery} WebhookDelivery */
/** @typedef {import('./webhooks.mjs').RotationPhase} RotationPhase */
/** @typedef {import('./webhooks.mjs').RotationStep} RotationStep */
/** @typedef {import('./webhooks.mjs').KeyRole} KeyRole */
