import type { Config } from './config.js';
import type { ErrorCode } from './errors.js';
import type { Link } from './link.js';

/** What the API said: nothing for success, else an error code and maybe the API's reason. */
export type Answer = { code?: ErrorCode; reason?: string };

/** The request URL: `{apiBase}{path}?token=…` and the action's parameters, as the API names them. */
export const actionUrl = ({ token, action, params }: Link, config: Config): URL => {
  const url = new URL(config.apiBase + config.paths[action]);
  const query: Record<string, unknown> = {
    token,
    days: params.days ?? (action === 'delay' ? config.delayDays : undefined),
    winback_id: params.winbackId,
    product: params.product,
    quantity: params.quantity,
  };
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
};

/**
 * Sends the one request that carries the action out, and says how it went.
 *
 * A plain `GET` with no custom header and no credentials is a CORS "simple request":
 * no preflight, so an action costs exactly one round trip. Never retried: actions are
 * not idempotent, and only the user's "Try again" sends a request again. The timeout
 * covers the whole answer, body included.
 *
 * Plain `fetch`, not ky: ky 1.14 alone is 5.1 kB gzip of the 7.5 kB budget, and this one
 * GET uses none of what it adds (README, "Why fetch and not ky").
 */
export const sendAction = async (link: Link, config: Config): Promise<Answer> => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeout);
  try {
    const response = await fetch(actionUrl(link, config), {
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    return classify(response.status, await response.text(), link.token);
  } catch {
    return { code: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Maps an HTTP answer to an outcome. 2xx is success whatever the body. A refusal
 * (4xx) is read for its reason: the reference API answers 400 `{"error": "…"}` and says
 * "used" or "expired" in it. 408 and 429 mean "later", so they are retryable like 5xx.
 */
export const classify = (status: number, body: string, token: string): Answer => {
  if (status > 199 && status < 300) return {};
  if (status < 400 || status > 499 || status === 408 || status === 429) return { code: 'server' };
  let reason = '';
  try {
    const error = JSON.parse(body).error;
    if (typeof error === 'string') reason = error;
  } catch {}
  // The API may echo the request: remove the token as sent (URL-encoded) and as is.
  const encoded = new URLSearchParams({ t: token }).toString().slice(2);
  for (const form of [encoded, encodeURIComponent(token), token]) {
    reason = reason.replace(new RegExp(form.replace(/[^\w%~-]/g, '\\$&'), 'gi'), '…');
  }
  return {
    // Read the whole reason, show at most 200 characters of it. "Expired" first:
    // "token has expired and can no longer be used" is an expired token.
    code: /expired/i.test(reason)
      ? 'expired_token'
      : /used|consumed/i.test(reason)
        ? 'used_token'
        : 'rejected',
    ...(reason && { reason: reason.slice(0, 200) }),
  };
};
