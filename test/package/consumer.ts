// Type-checked by test/package/package.test.ts as an npm consumer would, under `moduleResolution:
// nodenext` and without skipLibCheck: every export must resolve to its real type.
import { type OcaError, parseLink, type Result, run } from 'og-oca';
import { buildActionUrl, verifyWebhook, WebhookVerificationError } from 'og-oca/webhooks';

export const result: Promise<Result> = run({ mode: 'confirm', delayDays: 21 });
const link = parseLink('https://shop.example/l?token=abcd&action=skip');
export const action: string | undefined = link.ok ? link.link.action : link.error.code;
export const code: OcaError['code'] = 'used_token';
export const url: string = buildActionUrl('https://shop.example/l', {
  token: 'abcd',
  action: 'skip',
});
export const isError = (error: unknown) => error instanceof WebhookVerificationError;
// @ts-expect-error run is a function, not a number (fails if the types resolve to `any`)
export const notNumber: number = run;
// @ts-expect-error likewise for the webhooks entry
export const notNumberEither: number = verifyWebhook;
