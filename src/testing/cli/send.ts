/**
 * `og-oca send-test-events`: Ordergroove's "Send test events" against a relay on this
 * machine, with what Ordergroove would do with each answer.
 */
import type { TokenEventType } from '../../webhooks/event.js';
import { createFakeOrdergroove } from '../model.js';
import {
  createWebhookTarget,
  ORDERGROOVE_RETRY_SCHEDULE,
  EVENT_TYPES as TOKEN_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEvent,
} from '../webhooks.js';
import { type Command, EXIT, parse, required, wholeNumber } from './command.js';
import { UsageError } from './UsageError.js';

/** What Ordergroove does with an answer. */
export type Verdict = 'done' | 'retry' | 'retry later' | 'give up';

/** `--retry` waits a second where Ordergroove waits a minute. */
const TIME_SCALE = 1 / 60;

/** Ordergroove's wait before retry `attempt + 1`, in words. */
const waitAfter = (attempt: number) => {
  const ms = ORDERGROOVE_RETRY_SCHEDULE[attempt - 1] ?? 0;
  return `${ms / 60_000} min`;
};

/** What Ordergroove does with a delivery's answer, and why. */
export const verdictOf = (delivery: WebhookDelivery): { verdict: Verdict; why: string } => {
  const { status, attempt } = delivery;
  if (status >= 200 && status < 300) return { verdict: 'done', why: 'delivered; no retry' };
  if (status === 0) {
    return {
      verdict: 'retry',
      why: `${delivery.error ?? 'no answer'}; Ordergroove tries again in about ${waitAfter(attempt)}`,
    };
  }
  if (status === 503 || status === 429) {
    return {
      verdict: 'retry later',
      why: `the relay is busy or its store is down; a retry in about ${waitAfter(attempt)} should get through`,
    };
  }
  if (status >= 500 || status === 408) {
    return {
      verdict: 'retry',
      why: `the relay failed; Ordergroove tries again in about ${waitAfter(attempt)}, up to ${ORDERGROOVE_RETRY_SCHEDULE.length + 1} attempts over about 9 h`,
    };
  }
  return {
    verdict: 'give up',
    why: 'a retry of the same delivery gets the same answer: every attempt fails until the relay changes (usually its key), and the target may be disabled',
  };
};

/** The relay's answer, short: its JSON `status` or `error`, else the start of its text. */
const answerOf = (delivery: WebhookDelivery) => {
  const { answer } = delivery;
  if (answer && typeof answer === 'object') {
    const { status, error } = answer as { status?: unknown; error?: unknown };
    const said = error ?? status;
    if (typeof said === 'string') return said;
  }
  const text = typeof answer === 'string' ? answer.trim().replace(/\s+/g, ' ') : '';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** A token minted on a running fake's control route, or null when that fails. */
const mintOn = async (api: string): Promise<string | null> => {
  try {
    const response = await fetch(`${api}/__fake/tokens`, { method: 'POST', body: '{}' });
    const { token } = (await response.json()) as { token?: unknown };
    return typeof token === 'string' ? token : null;
  } catch {
    return null;
  }
};

const line = (delivery: WebhookDelivery) => {
  const { verdict, why } = verdictOf(delivery);
  const label = delivery.duplicate ? 'duplicate' : `attempt ${delivery.attempt}`;
  const status = delivery.status === 0 ? 'no answer' : String(delivery.status);
  const said = answerOf(delivery);
  return `  ${label}: ${status}${said ? ` ${said}` : ''} → ${verdict}: ${why}\n`;
};

export const send: Command = {
  name: 'send-test-events',
  summary: 'send signed test events to your relay, like Ordergroove\'s "Send test events"',
  help: `Usage: og-oca send-test-events --to URL --secret KEY [options]

Sends one signed test event of each token-carrying type (or those given with --event) to
your relay, as Ordergroove does: Python-style JSON, the Ordergroove-Signature header, a
5-second timeout. Prints each answer with what Ordergroove would do with it:
  done          a 2xx: delivered
  retry         5xx, 408, no answer or a timeout: Ordergroove retries (1, 2, 4, 8, then every
                10 min, about 60 attempts over 9 h)
  retry later   503 or 429: the relay is busy; a later retry should get through
  give up       any other 4xx: every retry gets the same answer until the relay is fixed

  --to URL              the relay's URL
  --secret KEY          the verification key your relay is configured with
  --event TYPE          only this event type (repeatable); default all of:
                        ${TOKEN_EVENT_TYPES.join(', ')}
  --api URL             mint the events' tokens on a running og-oca fake (its URL), so
                        the links your relay builds work against it; default: tokens
                        no API knows
  --rotate OLD_KEY      sign as during a key rotation: sig=<KEY>,sig=<OLD_KEY>
  --twice               send each delivered event once more (a duplicate, same id and body)
  --retry               retry as Ordergroove does, one second for each of its minutes
  --attempts N          with --retry: attempts per event (default 4, at most 60)
  --timeout MS          how long each attempt waits for an answer (default 5000)
  -h, --help            this help

Exit codes: 0 every event delivered (and every duplicate acknowledged), 1 otherwise,
2 bad command line.
`,
  async run(args, { out }) {
    const parsed = parse(args, {
      to: { type: 'string' },
      secret: { type: 'string' },
      api: { type: 'string' },
      event: { type: 'string', multiple: true },
      rotate: { type: 'string' },
      twice: { type: 'boolean' },
      retry: { type: 'boolean' },
      attempts: { type: 'string' },
      timeout: { type: 'string', default: '5000' },
    });
    if (!parsed) {
      out(this.help);
      return EXIT.ok;
    }
    const { values } = parsed;
    const to = required('to', values.to);
    if (!URL.canParse(to) || !/^https?:$/.test(new URL(to).protocol)) {
      throw new UsageError(`--to must be an http: or https: URL, got ${to}`);
    }
    const secret = required('secret', values.secret);
    const api = values.api?.replace(/\/+$/, '');
    if (api !== undefined && !(URL.canParse(api) && /^https?:$/.test(new URL(api).protocol))) {
      throw new UsageError(`--api must be the http: URL og-oca fake printed, got ${values.api}`);
    }
    if (values.rotate === '') throw new UsageError('--rotate needs the old key');
    const types = (values.event ?? [...TOKEN_EVENT_TYPES]).map((type) => {
      if (!(TOKEN_EVENT_TYPES as readonly string[]).includes(type)) {
        throw new UsageError(
          `--event ${type} is not a token event type; use one of ${TOKEN_EVENT_TYPES.join(', ')}`,
        );
      }
      return type as TokenEventType;
    });
    if (values.attempts !== undefined && !values.retry) {
      throw new UsageError('--attempts goes with --retry');
    }
    const attempts = values.retry ? (wholeNumber('attempts', values.attempts, 1, 60) ?? 4) : 1;
    const timeout = wholeNumber('timeout', values.timeout, 1, 600_000) as number;

    const target = createWebhookTarget({
      fake: createFakeOrdergroove(),
      url: to,
      keys: { old: values.rotate ?? secret, new: secret },
      schedule: ORDERGROOVE_RETRY_SCHEDULE.slice(0, attempts - 1),
      timeScale: TIME_SCALE,
      attemptTimeoutMs: timeout,
      disableAfter: Number.POSITIVE_INFINITY,
    });
    if (values.rotate !== undefined) target.apply('startRotation');
    const keys = values.rotate === undefined ? 'your key' : 'your key and the old key';
    out(`Sending ${types.length} test event(s) to ${to}, signed with ${keys}.\n`);
    let ok = true;
    // The sender's timers do not hold a process open (a test suite need not wait for them);
    // this command does wait for them.
    const awake = setInterval(() => {}, 60_000);
    for (const type of types) {
      const token = api === undefined ? undefined : await mintOn(api);
      if (token === null) {
        out(`${type}: could not mint a token on ${api} (is og-oca fake running there?)\n`);
        ok = false;
        continue;
      }
      const event: WebhookEvent = target.emit(type, {
        twice: values.twice === true,
        ...(token && { token }),
      });
      out(`${type} (event ${event.id})\n`);
      for (let n = 1; ; n++) {
        const delivery = await target.attempt(event, n);
        if (!delivery) break;
        out(line(delivery));
        if (delivery.duplicate) {
          ok &&= delivery.ok;
          continue;
        }
        if (delivery.ok) continue;
        if (verdictOf(delivery).verdict === 'give up') {
          target.close(); // retrying the same bytes cannot help
          break;
        }
        if (n < attempts) {
          out(`  retrying in ${(ORDERGROOVE_RETRY_SCHEDULE[n - 1] ?? 0) / 60_000} s\n`);
        }
      }
      if (event.state !== 'delivered') {
        ok = false;
        out(`  not delivered after ${event.attempts.length} attempt(s)\n`);
      }
    }
    clearInterval(awake);
    target.close();
    return ok ? EXIT.ok : EXIT.failed;
  },
};
