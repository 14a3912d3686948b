import ky, { TimeoutError } from 'ky';
import type { Config } from './config';
import type { ErrorCode } from './errors';
import type { Link } from './link';

/** What the API said, before it is put into words. */
export type Answer = { code?: ErrorCode; reason?: string };

/** Query keys the API expects for each of our parameters. */
const QUERY_KEYS = {
  days: 'days',
  winbackId: 'winback_id',
  product: 'product',
  quantity: 'quantity',
};

/** The request URL: `{apiBase}{path}?token=…` plus the action's parameters. */
export const actionUrl = ({ token, action, params }: Link, config: Config): URL => {
  const url = new URL(config.apiBase + config.paths[action]);
  const query = { days: action === 'delay' ? config.delayDays : undefined, ...params };
  url.searchParams.set('token', token);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined)
      url.searchParams.set(QUERY_KEYS[key as keyof typeof QUERY_KEYS], String(value));
  }
  return url;
};

/**
 * Sends the one request that carries the action out, and says how it went.
 *
 * A plain `GET` with no custom header and no credentials is a CORS "simple request":
 * no preflight, so an action costs exactly one round trip. `retry: 0` because actions
 * are not idempotent — only the user's "Try again" sends a request again.
 */
export const sendAction = async (link: Link, config: Config): Promise<Answer> => {
  try {
    const response = await ky.get(actionUrl(link, config), {
      timeout: config.timeout,
      retry: 0,
      throwHttpErrors: false,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    return classify(response.status, await response.text().catch(() => ''), link.token);
  } catch (error) {
    return { code: error instanceof TimeoutError ? 'timeout' : 'network' };
  }
};

/**
 * Maps an HTTP answer to an outcome. 2xx is success whatever the body. A refusal
 * (4xx) is read for its reason: the reference API answers 400 `{"error": "…"}` and says
 * "used" or "expired" in it. 408 and 429 mean "later", so they are retryable like 5xx.
 */
export const classify = (status: number, body: string, token: string): Answer => {
  if (status >= 200 && status < 300) return {};
  if (status < 400 || status >= 500 || status === 408 || status === 429) return { code: 'server' };
  let reason: unknown;
  try {
    reason = JSON.parse(body)?.error;
  } catch {}
  const text = typeof reason === 'string' ? reason.replaceAll(token, '…').slice(0, 200) : undefined;
  const code: ErrorCode = /used|consumed/i.test(text ?? '')
    ? 'used_token'
    : /expire/i.test(text ?? '')
      ? 'expired_token'
      : 'rejected';
  return text ? { code, reason: text } : { code };
};
