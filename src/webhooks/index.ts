/** `og-oca/webhooks`: receive Ordergroove's signed webhooks and build 1-click links. No Node-only imports. */
export type { WebhookBody } from './body.js';
export {
  type OrdergrooveEvent,
  type OrdergrooveEventObject,
  type OrdergrooveEventOf,
  TOKEN_EVENT_TYPES,
  type TokenEventType,
} from './event.js';
export {
  CLAIM_SECONDS,
  createWebhookHandler,
  HANDLER_TOLERANCE_SECONDS,
  KEEP_SECONDS,
  MAX_BODY_BYTES,
  type WebhookAnswer,
  type WebhookErrorContext,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookListener,
  type WebhookRoutes,
} from './handler.js';
export {
  type HeadersLike,
  MAX_HEADER_LENGTH,
  SIGNATURE_HEADER,
  type WebhookHeaders,
} from './header.js';
export { DEFAULT_MAX_ENTRIES, type MemoryStoreOptions, memoryStore } from './memory-store.js';
export { type NodeRequest, type NodeResponse, toNodeListener } from './node.js';
export { type RedisEvalClient, type RedisStoreOptions, redisStore } from './redis-store.js';
export type { WebhookSecrets } from './secrets.js';
export { type SignWebhookOptions, signWebhook } from './sign.js';
export type { ClaimResult, WebhookStore } from './store.js';
export { actionTokenOf } from './token.js';
export { type ActionUrlParams, buildActionUrl } from './url.js';
export { DEFAULT_TOLERANCE_SECONDS, type VerifyWebhookOptions, verifyWebhook } from './verify.js';
export { type WebhookErrorCode, WebhookVerificationError } from './WebhookVerificationError.js';
