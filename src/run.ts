import type { Action } from './actions';
import { type Config, type Options, readAttributes, resolveConfig } from './config';
import { isRetryable, type OcaError } from './errors';
import { emit, type State } from './events';
import { type ActionParams, type Link, type LinkResult, parseLink, withoutToken } from './link';
import { fill, LOCALES, type Messages, messagesFor } from './messages';
import { View } from './render';
import { sendAction } from './request';

/** How a run ended. `run()` resolves with it and never rejects. */
export type Result =
  | { status: 'success'; action: Action; params: ActionParams }
  | { status: 'error'; action?: Action; params?: ActionParams; error: OcaError };

/**
 * One registry per page, shared through a global symbol by every copy of og-oca on it
 * (two script tags, or the script tag and the npm build): the page's link is read once,
 * and each token gets one run, so nothing sends an action twice.
 */
interface Registry {
  link?: LinkResult;
  runs: Map<string, Promise<Result>>;
}
const registry = (): Registry => {
  const scope = globalThis as { [key: symbol]: Registry };
  const key = Symbol.for('og-oca');
  scope[key] ??= { runs: new Map() };
  return scope[key];
};

/**
 * Reads the link, shows its outcome in the host element and resolves with it.
 *
 * Without `options.url` it reads the page's own address, once per page, and then removes
 * the token from the address bar (unless `keepToken`). A second call for the same token
 * returns the first call's promise: it never sends the action again.
 */
export const run = async (options: Options = {}): Promise<Result> => {
  try {
    const host = findHost(options.target);
    const config = resolveConfig({ ...options, ...readAttributes(host), target: undefined });
    const texts = messagesFor(
      [config.locale, document.documentElement.lang, navigator.language],
      config.messages,
    );
    const view = new View(host);
    const show = (
      state: State,
      text: string,
      detail: Detail,
      button?: string,
      error?: OcaError,
    ) => {
      const values = { action: detail.action, ...detail.values };
      const control = view.show(
        state,
        fill(text, values),
        values,
        button && fill(button, values),
        error?.code,
      );
      emit(host, state, { action: detail.action, params: detail.params, ...(error && { error }) });
      return control;
    };
    const result = options.url === undefined ? pageLink(config) : parseLink(options.url, config);
    if (!result.ok) {
      const detail = { action: result.action, params: {}, values: {} };
      show('pending', texts.pending, detail);
      // Let the live regions exist for a moment before text goes in, so it is announced.
      await new Promise((resolve) => setTimeout(resolve));
      const error = { ...result.error, message: texts.error[result.error.code] };
      show('error', error.message, detail, undefined, error);
      return { status: 'error', ...(result.action && { action: result.action }), error };
    }
    const { runs } = registry();
    const token = result.link.token;
    if (!runs.has(token)) runs.set(token, act(result.link, config, texts, show));
    return runs.get(token)!;
  } catch {
    // No document (server-side rendering) or a host that cannot be used.
    return {
      status: 'error',
      error: { code: 'invalid_link', param: 'document', message: LOCALES.en!.error.invalid_link },
    };
  }
};

interface Detail {
  action?: Action;
  params: ActionParams;
  values: Record<string, unknown>;
}
type Show = (
  state: State,
  text: string,
  detail: Detail,
  button?: string,
  error?: OcaError,
) => HTMLButtonElement | undefined;

/** Waits for the go-ahead (visibility or a real click), sends the request, shows the outcome. */
const act = async (link: Link, config: Config, texts: Messages, show: Show): Promise<Result> => {
  const { action, params } = link;
  // Placeholders for the texts: the API's default delay is 14 days and quantity 1.
  const values = {
    ...params,
    days: params.days ?? config.delayDays ?? 14,
    quantity: params.quantity ?? 1,
  };
  const detail = { action, params, values };
  show('pending', texts.pending, detail);
  // Link scanners run pages headless: `navigator.webdriver` marks automation, so ask for a real click.
  if (config.mode === 'confirm' || navigator.webdriver) {
    await trustedClick(show('confirm', '', detail, texts.confirm[action]));
  } else {
    await whenVisible();
  }
  const attempt = async (): Promise<Result> => {
    show('pending', texts.pending, detail);
    const { code, reason } = await sendAction(link, config);
    if (!code) {
      show('success', texts.success[action], detail);
      return { status: 'success', action, params };
    }
    const error: OcaError = {
      code,
      message: fill(texts.error[code], values),
      ...(reason && { reason }),
    };
    const retry = show(
      'error',
      error.message,
      detail,
      isRetryable(code) ? texts.retry : undefined,
      error,
    );
    // Only the user's click sends an action again; its outcome becomes the token's result.
    if (retry) trustedClick(retry).then(() => registry().runs.set(link.token, attempt()));
    return { status: 'error', action, params, error };
  };
  return attempt();
};

/** Resolves on the first click made by a person (`isTrusted`); the button is disabled at once. */
const trustedClick = (button: HTMLButtonElement | undefined) =>
  new Promise<void>((resolve) =>
    button?.addEventListener('click', (event) => {
      if (!event.isTrusted || button.disabled) return;
      button.disabled = true;
      resolve();
    }),
  );

/** Resolves once the page is visible and not being prerendered (no action for a page nobody sees). */
const whenVisible = () =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (
        document.visibilityState !== 'visible' ||
        (document as { prerendering?: boolean }).prerendering
      )
        return;
      document.removeEventListener('visibilitychange', check);
      document.removeEventListener('prerenderingchange', check);
      resolve();
    };
    document.addEventListener('visibilitychange', check);
    document.addEventListener('prerenderingchange', check);
    check();
  });

/** The page's own link, read once per page; the token then leaves the address bar. */
const pageLink = (config: Config): LinkResult => {
  const shared = registry();
  if (shared.link) return shared.link;
  shared.link = parseLink(location.href, config);
  if (!config.keepToken) {
    const clean = withoutToken(location.href, config);
    if (clean !== location.href) history.replaceState(history.state, '', clean);
  }
  return shared.link;
};

/** The host: `target` (element or selector), else the first `[data-oca]`, else a new one first in `<body>`. */
const findHost = (target: Options['target']): HTMLElement => {
  if (typeof target === 'object') return target as HTMLElement;
  const found = document.querySelector<HTMLElement>(target ?? '[data-oca]');
  if (found) return found;
  if (target) console.warn(`[og-oca] target "${target}" not found; using [data-oca].`);
  return document.querySelector<HTMLElement>('[data-oca]') ?? createHost();
};

const createHost = () => {
  const host = document.createElement('div');
  host.setAttribute('data-oca', '');
  document.body.prepend(host);
  return host;
};
