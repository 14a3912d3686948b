/** `og-oca/webhooks`: verify Ordergroove's signed webhooks and build 1-click links. Web Crypto only. */
export type { WebhookBody } from './body';
export type { OrdergrooveEvent, OrdergrooveEventObject } from './event';
export {
  type HeadersLike,
  MAX_HEADER_LENGTH,
  SIGNATURE_HEADER,
  type WebhookHeaders,
} from './header';
export type { WebhookSecrets } from './secrets';
export { type SignWebhookOptions, signWebhook } from './sign';
export { actionTokenOf } from './token';
export { type ActionUrlParams, buildActionUrl } from './url';
export { DEFAULT_TOLERANCE_SECONDS, type VerifyWebhookOptions, verifyWebhook } from './verify';
export { type WebhookErrorCode, WebhookVerificationError } from './WebhookVerificationError';
