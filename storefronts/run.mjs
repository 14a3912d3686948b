// `npm run test:storefronts`: og-oca as a store installs it. Packs this repository (`npm pack`,
// so only what is published), installs the tarball into two real apps with their own lockfiles
// (`npm ci`, then `npm install --no-save <tarball>`), builds and serves them, and drives Chromium
// through a freshly minted 1-click link on each page, against the fake Ordergroove of
// og-oca/testing. Every page uses `useOneClick` from og-oca/react:
//
//   vite-react  Vite + React under <StrictMode>, og-oca drawing into a ref with a JSX template:
//               the dev server, then `vite build` + `vite preview`
//   next-app    Next.js App Router, `next build` with OG_WEBHOOK_KEY unset, `next start` with it:
//               `/` headless (prerendered, the component renders the state), `/drawn` drawn from
//               a JSX template (client-only), and the webhook route `/api/og-webhooks`
//
// Each page must end in `success` (the hook's state, and og-oca's host where it draws) showing
// "All set", send exactly one request for its token, leave no token in the address bar, and log
// no console error or page error. The webhook route must answer a signed delivery `handled`, the
// same one `duplicate`, and one signed with another key 400 `signature_mismatch`. The two apps
// run side by side; every check runs and the failures are listed at the end, with each step's time.
//
// Needs `npm run build` first (the tarball packs `dist/`). Ports: STOREFRONTS_PORT (default 5420)
// and the next three. `--only=vite|next` runs one app; `--reuse-install` keeps the apps'
// node_modules as they are (to iterate on an app; it does not test the current tarball).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const VITE = join(HERE, 'vite-react');
const NEXT = join(HERE, 'next-app');
const BASE_PORT = Number(process.env.STOREFRONTS_PORT ?? 5420);
const PORTS = {
  fake: BASE_PORT,
  viteDev: BASE_PORT + 1,
  vitePreview: BASE_PORT + 2,
  next: BASE_PORT + 3,
};
/** `--reuse-install`: skip `npm ci` and the tarball, for iterating on the apps themselves. */
const REUSE_INSTALL = process.argv.includes('--reuse-install');
const FAKE_URL = `http://127.0.0.1:${PORTS.fake}`;
/** `--only=vite` or `--only=next`: one app (the fake still comes from the Vite app's install). */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (ONLY && ONLY !== 'vite' && ONLY !== 'next') {
  process.stderr.write(`Unknown --only=${ONLY}: use --only=vite or --only=next.\n`);
  process.exit(2);
}
/** What the whole run should take on a fresh machine (printed when it takes longer). */
const BUDGET_SECONDS = 180;
const WEBHOOK_KEY = 'storefront-test-key';
/** What each app shows on success (a JSX `<template data-oca-template="success">`, or the headless app's own heading). */
const SUCCESS_TEXT = 'All set';

/** Every failed check so far: each app is still tried, and the run fails at the end. */
const failures = [];

/** A failed check: the message is the whole story, no stack needed. */
class StorefrontError extends Error {}

const fail = (message) => {
  throw new StorefrontError(message);
};

const started = performance.now();
const timings = [];

/** Runs `fn` as a named step and prints how long it took. */
const step = async (name, fn) => {
  const t0 = performance.now();
  process.stdout.write(`▸ ${name}\n`);
  try {
    return await fn();
  } finally {
    const seconds = (performance.now() - t0) / 1000;
    timings.push([name, seconds]);
    process.stdout.write(`  ${name}: ${seconds.toFixed(1)} s\n`);
  }
};

/** The last lines of a process's output, for an error message. */
const tail = (text, lines = 30) => text.split('\n').slice(-lines).join('\n');

/** Runs a command to completion; rejects with its output when it exits non-zero. */
const exec = (command, args, { cwd, env = process.env } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(
            new StorefrontError(
              `\`${command} ${args.join(' ')}\` in ${cwd} exited ${code}:\n${tail(output)}`,
            ),
          ),
    );
  });

/** Servers started by this script, stopped (by process group) at the end. */
const servers = new Set();

/** Starts a server and resolves once `url` answers; rejects with its output if it exits first. */
const serve = async (name, command, args, { cwd, env, url, timeoutMs = 60_000 }) => {
  // Something already answering there would be tested instead of our server.
  const taken = await fetch(url).then(
    () => true,
    () => false,
  );
  if (taken) fail(`${name}: ${url} already answers; free the port or set STOREFRONTS_PORT.`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const server = { name, child, output: '' };
    servers.add(server);
    const collect = (chunk) => {
      server.output += chunk;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let done = false;
    child.on('exit', (code) => {
      servers.delete(server);
      if (!done) {
        done = true;
        reject(
          new StorefrontError(
            `${name} exited (${code}) before serving ${url}:\n${tail(server.output)}`,
          ),
        );
      }
    });
    const deadline = Date.now() + timeoutMs;
    const poll = async () => {
      if (done) return;
      try {
        const response = await fetch(url);
        if (response.ok) {
          done = true;
          return resolve(server);
        }
      } catch {}
      if (Date.now() > deadline) {
        done = true;
        await stop(server);
        return reject(
          new StorefrontError(
            `${name} did not serve ${url} within ${timeoutMs / 1000} s:\n${tail(server.output)}`,
          ),
        );
      }
      setTimeout(poll, 200);
    };
    poll();
  });
};

/** Stops a server started by {@link serve} and everything it spawned (SIGKILL after 5 s). */
const stop = async (server) => {
  servers.delete(server);
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {}
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
};

// Ctrl-C: the servers run in their own process groups, so stop them before leaving.
for (const name of ['SIGINT', 'SIGTERM'])
  process.once(name, async () => {
    await Promise.all([...servers].map(stop));
    process.exit(130);
  });

/** Installs an app from its lockfile, then the packed og-oca on top, as a store would add it. */
const install = async (app, tarball) => {
  const flags = ['--no-audit', '--no-fund', '--prefer-offline'];
  await exec('npm', ['ci', ...flags], { cwd: app });
  await exec('npm', ['install', '--no-save', ...flags, tarball], { cwd: app });
};

/** `og-oca/testing` as the tarball installed it into `app`. */
const testingOf = async (app) => {
  const resolved = createRequire(join(app, 'package.json')).resolve('og-oca/testing');
  return import(pathToFileURL(resolved).href);
};

/**
 * Opens `page` (an address without query) on a freshly minted skip link and checks what a
 * customer and the merchant would: the `useOneClick` state (the app's `data-state`) and, where
 * og-oca draws, its host's `data-oca-state` end in `success` with the success text shown; one
 * request; no token left; nothing in red.
 */
const checkLanding = async (browser, fake, address, label) => {
  const token = fake.mint({ action: 'skip' });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error')
      problems.push(`console error: ${message.text()} (${message.location().url || 'no url'})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  try {
    await page.goto(`${address}?token=${encodeURIComponent(token)}&action=skip`);
    const app = page.locator('[data-testid="one-click"]');
    const settled = await page
      .waitForFunction(
        () => {
          const state = document.querySelector('[data-testid="one-click"]')?.dataset.state;
          return state === 'success' || state === 'error';
        },
        undefined,
        { timeout: 20_000 },
      )
      .then(
        () => true,
        () => false,
      );
    // Anything a second run would send is on its way by now; give it time to arrive.
    await page.waitForTimeout(500);
    const found = (await app.count()) === 1;
    const state = found ? await app.getAttribute('data-state') : 'no [data-testid="one-click"]';
    const host = app.locator('[data-oca-state]');
    const drawn = found && (await host.count()) ? await host.getAttribute('data-oca-state') : null;
    const shown = found ? (await app.innerText()).trim() : '';
    const sent = fake.requests.filter((request) => request.query.token === token).length;
    const href = page.url();
    if (!settled) problems.push(`no final state within 20 s (useOneClick's state is ${state})`);
    else if (state !== 'success')
      problems.push(
        `useOneClick's final state is ${state}, not success (the page shows "${shown}")`,
      );
    if (drawn !== null && drawn !== 'success')
      problems.push(`og-oca's host is in ${drawn}, not success`);
    if (!shown.includes(SUCCESS_TEXT))
      problems.push(`the success text "${SUCCESS_TEXT}" is not shown; the page shows "${shown}"`);
    if (sent !== 1) problems.push(`${sent} requests carried the token, not exactly 1`);
    if (href.includes(token)) problems.push(`the token is still in the address bar: ${href}`);
    // The token is a test token, but a token is never printed.
    const said = problems.map((problem) => problem.replaceAll(token, '<token>'));
    if (problems.length) return failures.push(`${label}:\n  ${said.join('\n  ')}`);
    process.stdout.write(
      `  ✓ ${label}: success${drawn ? ' (drawn by og-oca)' : ''}, "${SUCCESS_TEXT}" shown, 1 request, token gone (${href})\n`,
    );
  } finally {
    await context.close();
  }
};

/**
 * Posts a signed delivery to Next's route and checks the answer: the HTTP status, and one
 * field of the JSON body (`status`: `handled`, `duplicate`; or the `error` code).
 */
const checkDelivery = async (url, delivery, [status, key, value], label) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {}
  if (response.status !== status || body?.[key] !== value)
    return failures.push(
      `Next route, ${label}: expected ${status} {"${key}":"${value}"}, got ${response.status} ${text.slice(0, 300)}`,
    );
  process.stdout.write(`  ✓ Next route, ${label}: ${response.status} ${text.slice(0, 80)}\n`);
};

/** Starts a server, runs `check` against its origin, and stops it. */
const withServer = async (name, bin, args, { cwd, env, port }, check) => {
  const origin = `http://127.0.0.1:${port}`;
  const server = await serve(name, bin, [...args, '--port', String(port)], {
    cwd,
    env,
    url: origin,
  });
  try {
    await check(origin);
  } finally {
    await stop(server);
  }
};

/** The Vite lane (once installed): the dev server, the production build and its preview. */
const viteLane = async ({ api, browser }) => {
  const { fake, url } = await api;
  const env = { ...process.env, VITE_OG_API_BASE: url };
  const bin = join(VITE, 'node_modules', '.bin', 'vite');
  const server = { cwd: VITE, env };
  await step('vite: dev server (StrictMode)', () =>
    withServer('vite dev', bin, [], { ...server, port: PORTS.viteDev }, async (origin) =>
      checkLanding(await browser, fake, `${origin}/`, 'Vite dev server'),
    ),
  );
  await step('vite: vite build', async () => {
    await rm(join(VITE, 'dist'), { recursive: true, force: true });
    await exec(bin, ['build'], server);
  });
  await step('vite: vite preview', () =>
    withServer(
      'vite preview',
      bin,
      ['preview'],
      { ...server, port: PORTS.vitePreview },
      async (origin) => checkLanding(await browser, fake, `${origin}/`, 'Vite production build'),
    ),
  );
};

/** The Next lane: install, `next build` without the webhook key, `next start` with it. */
const nextLane = async ({ tarball, api, browser }) => {
  if (!REUSE_INSTALL) await step('next: npm ci + the tarball', () => install(NEXT, tarball));
  const bin = join(NEXT, 'node_modules', '.bin', 'next');
  const env = { ...process.env, NEXT_PUBLIC_OG_API_BASE: FAKE_URL, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.OG_WEBHOOK_KEY;
  await rm(join(NEXT, '.next'), { recursive: true, force: true });
  await step('next: next build (OG_WEBHOOK_KEY unset)', () =>
    exec(bin, ['build'], { cwd: NEXT, env }),
  );
  const { fake, testing } = await api;
  const started = { cwd: NEXT, env: { ...env, OG_WEBHOOK_KEY: WEBHOOK_KEY }, port: PORTS.next };
  await step('next: next start, the page and the webhook route', () =>
    withServer('next start', bin, ['start', '--hostname', '127.0.0.1'], started, async (origin) => {
      await checkLanding(await browser, fake, `${origin}/`, 'Next.js, headless useOneClick');
      await checkLanding(
        await browser,
        fake,
        `${origin}/drawn`,
        'Next.js, drawn from a JSX template',
      );
      const route = `${origin}/api/og-webhooks`;
      const { ordergrooveEvent, signedDelivery } = testing;
      const event = ordergrooveEvent({ type: 'order.reminder', token: fake.mint() });
      const delivery = await signedDelivery(event, { secret: WEBHOOK_KEY });
      await checkDelivery(route, delivery, [200, 'status', 'handled'], 'a signed delivery');
      await checkDelivery(route, delivery, [200, 'status', 'duplicate'], 'the same again');
      const other = ordergrooveEvent({ type: 'order.reminder', token: fake.mint(), serial: 1 });
      const foreign = await signedDelivery(other, { secret: 'another-key' });
      await checkDelivery(
        route,
        foreign,
        [400, 'error', 'signature_mismatch'],
        'signed with another key',
      );
    }),
  );
};

const main = async () => {
  if (!existsSync(join(ROOT, 'dist', 'oca.mjs')))
    fail('No dist/: run `npm run build` first (the tarball packs dist/).');
  const temp = await mkdtemp(join(tmpdir(), 'og-oca-storefronts-'));
  const running = [];
  try {
    const tarball = await step('npm pack', async () => {
      const [{ filename }] = JSON.parse(
        await exec('npm', ['pack', '--json', '--pack-destination', temp], { cwd: ROOT }),
      );
      return join(temp, filename);
    });
    if (REUSE_INSTALL)
      process.stdout.write(
        '▸ install skipped (--reuse-install): the apps keep the og-oca they have\n',
      );
    // A Chromium that does not say it is automated: og-oca's auto mode acts on load (under
    // `navigator.webdriver` it would wait for a click), so StrictMode's double effect is tested.
    const browser = chromium.launch({
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
      ignoreDefaultArgs: ['--enable-automation'],
    });
    browser.catch(() => {}); // awaited by the lanes; a launch failure is reported there
    running.push(browser);
    // The fake Ordergroove, from og-oca/testing as the tarball installed it in the Vite app (the
    // quicker install); the Next lane needs only its address until `next start`.
    const viteInstalled = REUSE_INSTALL
      ? Promise.resolve()
      : step('vite: npm ci + the tarball', () => install(VITE, tarball));
    const api = viteInstalled.then(async () => {
      const testing = await testingOf(VITE);
      const started = await testing.startFakeOrdergroove({ port: PORTS.fake });
      if (started.url !== FAKE_URL) fail(`The fake listens on ${started.url}, not ${FAKE_URL}.`);
      return { ...started, testing };
    });
    api.catch(() => {});
    running.push(api);
    const lanes = await Promise.allSettled([
      ONLY !== 'next' && viteLane({ api, browser }),
      ONLY !== 'vite' && nextLane({ tarball, api, browser }),
    ]);
    const crashed = lanes.find((lane) => lane.status === 'rejected');
    if (crashed) throw crashed.reason;
  } finally {
    await Promise.all([...servers].map(stop));
    const [browser, api] = await Promise.allSettled(running);
    if (browser?.status === 'fulfilled') await browser.value.close();
    if (api?.status === 'fulfilled') await api.value.close();
    await rm(temp, { recursive: true, force: true });
  }
};

try {
  await main();
  if (failures.length) fail(failures.join('\n'));
  process.stdout.write('\nStorefronts passed.\n');
} catch (error) {
  process.stderr.write(
    `\nStorefronts FAILED: ${error instanceof StorefrontError ? error.message : (error?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
} finally {
  const total = (performance.now() - started) / 1000;
  process.stdout.write(`\nSteps (the two apps run side by side), ${total.toFixed(1)} s in all:\n`);
  if (total > BUDGET_SECONDS)
    process.stdout.write(`  (over the ${BUDGET_SECONDS} s this step should take: see what grew)\n`);
  for (const [name, seconds] of timings)
    process.stdout.write(`  ${seconds.toFixed(1).padStart(6)} s  ${name}\n`);
}
