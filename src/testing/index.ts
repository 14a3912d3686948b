/**
 * `og-oca/testing`: a fake Ordergroove for a store's own tests (Node only). The one-click API
 * with faults (`createFakeOrdergroove`), its msw handlers (`ordergrooveHandlers`), the same
 * API on a real port (`startFakeOrdergroove`), its outgoing webhooks (`createWebhookTarget`),
 * and signed test deliveries (`signedDelivery`).
 */
export { ordergrooveHandlers, PRODUCTION_API } from './handlers.js';
export { type RunningFakeOrdergroove, type StartOptions, startFakeOrdergroove } from './http.js';
export {
  ACTIONS,
  createFakeOrdergroove,
  FAULTS,
  type FakeAction,
  type FakeDrop,
  type FakeFault,
  FakeOrdergroove,
  type FakeOrdergrooveOptions,
  type FakeRequest,
  type FakeResponse,
  type FakeTokenState,
  type HandleOptions,
  HTML_ERROR_PAGE,
  type LoggedRequest,
  type PerformedAction,
  STATES,
  type TokenRecord,
  type TokenSpec,
} from './model.js';
export {
  type SignedDelivery,
  type SignedDeliveryOptions,
  signedDelivery,
} from './signed-delivery.js';
export {
  createWebhookTarget,
  type DeliveryOptions,
  EVENT_TYPES,
  type EventSubject,
  type EventType,
  type KeyRole,
  newVerificationKey,
  ORDERGROOVE_RETRY_SCHEDULE,
  ordergrooveEvent,
  orderReminderEvent,
  pythonJson,
  ROTATION_PHASES,
  ROTATION_STEPS,
  type RotationPhase,
  type RotationStep,
  SIGNING_KEYS,
  type WebhookDelivery,
  type WebhookEvent,
  WebhookTarget,
  type WebhookTargetOptions,
} from './webhooks.js';
