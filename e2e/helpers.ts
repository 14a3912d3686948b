// Shared pieces of the og-oca browser suite: the fake API's address and control routes,
// a `test` that fails any test whose pages threw an uncaught error, and helpers to drive
// and inspect a landing page.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

/** The fake Ordergroove API, derived as playwright.config.ts derives the server's port. */
export const API_BASE = `http://127.0.0.1:${Number(process.env.E2E_API_PORT ?? 5274)}`;

export type Action = 'delay' | 'skip' | 'reactivate' | 'upsell';
export type ErrorCode =
  | 'missing_token'
  | 'unknown_action'
  | 'invalid_link'
  | 'used_token'
  | 'expired_token'
  | 'rejected'
  | 'network'
  | 'timeout'
  | 'server';

/** What `POST /__fake/tokens` accepts (demo/README.md). */
export interface TokenSpec {
  action?: Action;
  state?: 'valid' | 'used' | 'expired';
  fault?: 'error500' | 'error503' | 'slow' | 'lost' | 'reset' | 'nonjson' | 'html500';
  faultTimes?: number;
  delayMs?: number;
  format?: 'jwt' | 'base64';
}

/** One entry of the fake API's request log. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** Tokens minted by the running test: the fixture checks none of them reaches the console. */
const mintedInTest = new Set<string>();

/** Mints a token on the fake API. */
export const mint = async (spec: TokenSpec = {}): Promise<string> => {
  const response = await fetch(`${API_BASE}/__fake/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(response.status, `mint ${JSON.stringify(spec)}`).toBe(200);
  const { token } = (await response.json()) as { token: string };
  mintedInTest.add(token);
  return token;
};

/** The whole request log. It is global to the server: filter it by your own token. */
export const allRequests = async (): Promise<LoggedRequest[]> => {
  const response = await fetch(`${API_BASE}/__fake/requests`);
  expect(response.status).toBe(200);
  return (await response.json()) as LoggedRequest[];
};

/** The actions the fake API carried out for `token` (a 200 consumed it). */
export const performedFor = async (token: string) => {
  const response = await fetch(`${API_BASE}/__fake/performed`);
  expect(response.status).toBe(200);
  const performed = (await response.json()) as {
    action: string;
    token: string;
    params: Record<string, string>;
  }[];
  return performed
    .filter((p) => p.token === token)
    .map(({ action, params }) => ({ action, params }));
};

/** Every request (OPTIONS included) that carried `token`. */
export const requestsFor = async (token: string): Promise<LoggedRequest[]> =>
  (await allRequests()).filter((r) => r.query.token === token);

/**
 * Asserts that exactly these action requests, in order, reached the API for `token`
 * (`/one_click/skip`, `{ token }`), and never an OPTIONS preflight.
 */
export const expectRequests = async (
  token: string,
  expected: { path: string; query: Record<string, string> }[],
): Promise<void> => {
  const seen = await requestsFor(token);
  expect(
    seen.filter((r) => r.method === 'OPTIONS'),
    'no preflight for this token',
  ).toEqual([]);
  for (const { headers } of seen) {
    // A CORS simple request: no credentials, no custom header, and no Referer that could
    // carry the landing page's address.
    expect(
      Object.keys(headers).filter((h) => /^(x-|authorization|cookie|content-type|referer)/.test(h)),
    ).toEqual([]);
  }
  expect(seen.map(({ method, path, query }) => ({ method, path, query }))).toEqual(
    expected.map((e) => ({ method: 'GET', ...e })),
  );
};

/** A landing-page address: `/landing.html?token=…&action=…&…`. */
export const landing = (
  page: string,
  params: Record<string, string | number | undefined>,
  form: 'query' | 'fragment' = 'query',
): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.set(key, String(value));
  }
  return `${page}${form === 'query' ? '?' : '#'}${query}`;
};

/** The built-in English texts the tests look for (src/locales/en.ts). */
export const EN = {
  confirm: {
    delay: (days: number) => `Delay my next order by ${days} days`,
    skip: 'Skip my next order',
    reactivate: 'Reactivate my subscription',
    upsell: (quantity: number, product: string) => `Add ${quantity} × ${product} to my next order`,
  },
  success: {
    delay: (days: number) => `Done! Your next order will ship ${days} days later.`,
    skip: 'Done! Your next order is skipped.',
    reactivate:
      'Welcome back! Your subscription is active again: your first order is set for tomorrow and will be charged then.',
    upsell: (quantity: number, product: string) =>
      `Done! ${quantity} × ${product} will come with your next order.`,
  },
  error: {
    missing_token: 'This link is incomplete: it has no token.',
    unknown_action: 'This link asks for an unknown action.',
    invalid_link: 'This link looks damaged.',
    used_token: 'This link was already used: the change is already made.',
    expired_token: 'This link has expired.',
    rejected: 'Your subscription could not be updated.',
    network: 'Could not reach the server.',
    timeout: 'The server took too long to answer.',
    server: 'Something went wrong on our side.',
  } satisfies Record<ErrorCode, string>,
  retry: 'Try again',
  pending: 'Updating your subscription…',
};

export const RETRYABLE: readonly ErrorCode[] = ['network', 'timeout', 'server'];

/** An og-oca event as the init script records it. */
export interface RecordedEvent {
  type: string;
  detail: { action?: string; params?: Record<string, unknown>; error?: { code: string } };
  onHost: boolean;
}

declare global {
  interface Window {
    __ocaEvents?: RecordedEvent[];
    __cspViolations?: { directive: string; blocked: string; sample: string }[];
    __ocaInjected?: boolean;
  }
}

/**
 * Runs in every page before its own scripts: records og-oca's events (at the document,
 * so they must bubble) and any Content-Security-Policy violation.
 */
const recorder = () => {
  window.__ocaEvents = [];
  window.__cspViolations = [];
  for (const type of ['oca:pending', 'oca:confirm', 'oca:success', 'oca:error']) {
    document.addEventListener(type, (event) => {
      const target = event.target as Element | null;
      window.__ocaEvents!.push({
        type,
        detail: JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)),
        onHost: Boolean(target?.matches?.('[data-oca]')),
      });
    });
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations!.push({
      directive: event.violatedDirective,
      blocked: event.blockedURI,
      sample: event.sample,
    });
  });
};

/** The og-oca events the page has seen so far. */
export const eventsOf = (page: Page): Promise<RecordedEvent[]> =>
  page.evaluate(() => window.__ocaEvents ?? []);

/** The CSP violations the page has reported so far. */
export const cspViolationsOf = (page: Page) => page.evaluate(() => window.__cspViolations ?? []);

/** A console message of a page. */
export interface ConsoleLine {
  type: string;
  text: string;
}

interface Fixtures {
  /** Uncaught errors from every page of the test; asserted empty after each test. */
  pageErrors: Error[];
  /** Console messages from every page of the test; none may contain a minted token. */
  consoleLines: ConsoleLine[];
}
interface WorkerFixtures {
  /** After the worker's last test: no OPTIONS request anywhere in the fake API's log. */
  noPreflightAnywhere: undefined;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  pageErrors: [
    async ({ context }, use) => {
      const errors: Error[] = [];
      await context.addInitScript(recorder);
      const watch = (page: Page) => page.on('pageerror', (error) => errors.push(error));
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(errors);
      expect(
        errors.map((e) => `${e.name}: ${e.message}`),
        'uncaught errors in the page',
      ).toEqual([]);
    },
    { auto: true },
  ],
  consoleLines: [
    async ({ context }, use) => {
      const lines: ConsoleLine[] = [];
      mintedInTest.clear();
      const watch = (page: Page) =>
        page.on('console', (message) => lines.push({ type: message.type(), text: message.text() }));
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(lines);
      // The token is never in a log line (docs/contract.md, "What the host element shows").
      const leaks = lines.filter((line) => [...mintedInTest].some((t) => line.text.includes(t)));
      expect(leaks, 'console lines carrying a token').toEqual([]);
    },
    { auto: true },
  ],
  noPreflightAnywhere: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      await use(undefined);
      const options = (await allRequests()).filter((r) => r.method === 'OPTIONS');
      expect(options, 'OPTIONS requests in the whole fake API log').toEqual([]);
    },
    { scope: 'worker', auto: true },
  ],
});

export { expect };

/** Launch options for a Chromium that does not say it is automated (`navigator.webdriver` false). */
export const UNAUTOMATED = {
  launchOptions: {
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
    ignoreDefaultArgs: ['--enable-automation'],
  },
};

/** The og-oca host element. */
export const hostOf = (page: Page): Locator => page.locator('[data-oca]');

/** Waits until the host shows `state` (`pending`, `confirm`, `success`, `error`). */
export const expectState = async (page: Page, state: string, timeout?: number) => {
  await expect(hostOf(page)).toHaveAttribute('data-oca-state', state, { timeout });
};

/**
 * Opens `url`, waits for the confirm state that an automated browser always gets, checks
 * that nothing (more than `sentBefore` earlier requests) reached the API for `token`
 * before the click, and clicks the button with a real (trusted) click.
 */
export const openAndConfirm = async (
  page: Page,
  url: string,
  token: string,
  { label, sentBefore = 0 }: { label?: string; sentBefore?: number } = {},
): Promise<void> => {
  await page.goto(url);
  await confirm(page, token, { label, sentBefore });
};

/** On a page in the confirm state: nothing sent yet for `token`; click the button. */
export const confirm = async (
  page: Page,
  token: string,
  { label, sentBefore = 0 }: { label?: string | undefined; sentBefore?: number } = {},
): Promise<void> => {
  await expectState(page, 'confirm');
  const button = hostOf(page).locator('.oca-actions button.oca-button');
  await expect(button).toHaveCount(1);
  if (label !== undefined) await expect(button).toHaveText(label);
  expect(await requestsFor(token), 'nothing sent before the click').toHaveLength(sentBefore);
  await press(button);
};

/** A person's click: a tap on a touch device (the mobile project), else a mouse click. */
export const press = async (button: Locator) => {
  if (test.info().project.use.hasTouch) await button.tap();
  else await button.click();
};

/** What the host shows, read in one go (a state is rendered synchronously, all at once). */
export const hostSnapshot = (page: Page) =>
  hostOf(page).evaluate((host) => ({
    state: host.getAttribute('data-oca-state'),
    busy: host.getAttribute('aria-busy'),
    error: host.getAttribute('data-oca-error'),
    status: host.querySelector(':scope > [role=status]')?.textContent ?? null,
    alert: host.querySelector(':scope > [role=alert]')?.textContent ?? null,
    buttons: [...host.querySelectorAll('button')].map((b) => ({
      text: b.textContent,
      enabled: !b.disabled,
    })),
  }));

/** The success state: text in role=status, empty alert, no button, not busy, no error code. */
export const expectSuccess = async (page: Page, text: string) => {
  await expectState(page, 'success');
  // The text is exposed to assistive technology as a status.
  await expect(hostOf(page).getByRole('status')).toHaveText(text);
  expect(await hostSnapshot(page)).toEqual({
    state: 'success',
    busy: null,
    error: null,
    status: text,
    alert: '',
    buttons: [],
  });
};

/** The error state: code, text in role=alert, and "Try again" exactly for retryable codes. */
export const expectError = async (page: Page, code: ErrorCode, text = EN.error[code]) => {
  await expectState(page, 'error', code === 'timeout' ? 15_000 : undefined);
  // The text is exposed to assistive technology as an alert.
  await expect(hostOf(page).getByRole('alert')).toHaveText(text);
  expect(await hostSnapshot(page)).toEqual({
    state: 'error',
    busy: null,
    error: code,
    status: '',
    alert: text,
    buttons: RETRYABLE.includes(code) ? [{ text: EN.retry, enabled: true }] : [],
  });
};

/** The token is gone from the address bar (query and fragment) and is not kept in history.state. */
export const expectNoToken = async (page: Page, token: string) => {
  expect(page.url()).not.toContain(token);
  expect(decodeURIComponent(page.url())).not.toContain(token);
  const { href, state } = await page.evaluate(() => ({
    href: location.href,
    state: JSON.stringify(history.state ?? null),
  }));
  expect(decodeURIComponent(href)).not.toContain(token);
  expect(state, 'history.state').not.toContain(token);
};

/** An axe scan of the page as it is now: no violations. */
export const expectAccessible = async (page: Page) => {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' | ')})`,
    ),
  ).toEqual([]);
};

/** A screenshot of the page in test-results/ (not committed). */
export const snapshot = async (page: Page, testInfo: TestInfo, name: string) => {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
};
