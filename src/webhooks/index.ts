/** `og-oca/webhooks`: verify Ordergroove's signed webhooks and build 1-click links. Web Crypto only. */
export type { WebhookBody } from './body.js';
export type { OrdergrooveEvent, OrdergrooveEventObject } from './event.js';
export {
  type HeadersLike,
  MAX_HEADER_LENGTH,
  SIGNATURE_HEADER,
  type WebhookHeaders,
} from './header.js';
export type { WebhookSecrets } from './secrets.js';
export { type SignWebhookOptions, signWebhook } from './sign.js';
export { actionTokenOf } from './token.js';
export { type ActionUrlParams, buildActionUrl } from './url.js';
export { DEFAULT_TOLERANCE_SECONDS, type VerifyWebhookOptions, verifyWebhook } from './verify.js';
export { type WebhookErrorCode, WebhookVerificationError } from './WebhookVerificationError.js';
