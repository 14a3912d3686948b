/**
 * `og-oca/webhooks`: receive Ordergroove's signed webhooks and build 1-click links. Built
 * twice from these sources: with Web Crypto (`default` export condition) and with
 * `node:crypto` (`node` condition); nothing else differs.
 */

export type { WebhookAnswer } from './answer.js';
export type { WebhookBody } from './body.js';
export type {
  OrdergrooveEvent,
  OrdergrooveEventObject,
  OrdergrooveEventOf,
  TokenEventType,
} from './event.js';
export { createWebhookHandler } from './handler.js';
export type {
  WebhookErrorContext,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookListener,
  WebhookRoutes,
} from './handler-options.js';
export { type HeadersLike, SIGNATURE_HEADER, type WebhookHeaders } from './header.js';
export { type MemoryStoreOptions, memoryStore } from './memory-store.js';
export { type NodeRequest, type NodeResponse, toNodeListener } from './node.js';
export { type RedisEvalClient, type RedisStoreOptions, redisStore } from './redis-store.js';
export type { WebhookSecrets } from './secrets.js';
export { type SignWebhookOptions, signWebhook } from './sign.js';
export type { ClaimResult, WebhookStore } from './store.js';
export { actionTokenOf } from './token.js';
export { type ActionUrlParams, buildActionUrl } from './url.js';
export { type VerifyWebhookOptions, verifyWebhook } from './verify.js';
export { type WebhookErrorCode, WebhookVerificationError } from './WebhookVerificationError.js';
