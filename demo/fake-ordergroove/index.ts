/**
 * The fake Ordergroove: one model (`createFakeOrdergroove`), its msw handlers
 * (`fakeOrdergrooveHandlers`), the same handlers over a real port (`startFakeOrdergroove`),
 * and its outgoing webhooks (`createWebhookTarget`). See demo/README.md.
 */
export { fakeOrdergrooveHandlers, PRODUCTION_API } from './handlers.ts';
export { type RunningFakeOrdergroove, type StartOptions, startFakeOrdergroove } from './http.ts';
export * from './model.ts';
export * from './webhooks.ts';
