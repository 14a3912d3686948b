// `npm run test:storefronts`: og-oca as a store installs it. Packs this repository (`npm pack`,
// so only what is published), installs the tarball into two real apps with their own lockfiles,
// builds and serves them, and drives Chromium through a minted 1-click link on each:
//
//   vite-react  Vite + React 19 under <StrictMode>: the dev server, then `vite build` + `vite preview`
//   next-app    Next.js App Router: `next build` with OG_WEBHOOK_KEY unset, then `next start` with it
//
// Each page must end in `success` with the JSX template's text shown, send exactly one request
// for its token, leave no token in the address bar, and log no console error or page error.
// Next's webhook route must answer a signed delivery `handled`, the same one `duplicate`, and one
// signed with another key 400. Needs `npm run build` first (the tarball packs `dist/`).
//
// Ports: STOREFRONTS_PORT (default 5420) and the next three.
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
const WEBHOOK_KEY = 'storefront-test-key';
/** What the JSX `<template data-oca-template="success">` says. */
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
const serve = (name, command, args, { cwd, env, url, timeoutMs = 60_000 }) =>
  new Promise((resolve, reject) => {
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
        stop(server);
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

/** Stops a server started by {@link serve} and everything it spawned. */
const stop = (server) => {
  servers.delete(server);
  try {
    process.kill(-server.child.pid, 'SIGTERM');
  } catch {}
};

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
 * Opens `origin` on a freshly minted skip link and checks what a customer and the merchant
 * would: success with the template's text, one request, no token left, nothing in red.
 */
const checkLanding = async (browser, fake, origin, label) => {
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
    await page.goto(`${origin}/?token=${encodeURIComponent(token)}&action=skip`);
    const host = page.locator('[data-testid="oca-host"]');
    const settled = await page
      .waitForFunction(
        () => {
          const host = document.querySelector('[data-testid="oca-host"]');
          const state = host?.getAttribute('data-oca-state');
          return state && !['start', 'pending', 'confirm'].includes(state);
        },
        undefined,
        { timeout: 20_000 },
      )
      .then(
        () => true,
        () => false,
      );
    const state = (await host.count()) ? await host.getAttribute('data-oca-state') : 'no host';
    if (!settled) problems.push(`no final state within 20 s (data-oca-state is ${state})`);
    // Anything a second run would send is on its way by now; give it time to arrive.
    await page.waitForTimeout(500);
    const shown = state === 'no host' ? '' : (await host.innerText()).trim();
    const sent = fake.requests.filter((request) => request.query.token === token).length;
    const href = page.url();
    if (settled && state !== 'success')
      problems.push(`final state is ${state}, not success (the host shows "${shown}")`);
    if (!shown.includes(SUCCESS_TEXT))
      problems.push(
        `the JSX success template's "${SUCCESS_TEXT}" is not shown; the host shows "${shown}"`,
      );
    if (sent !== 1) problems.push(`${sent} requests carried the token, not exactly 1`);
    if (href.includes(token))
      problems.push(`the token is still in the address bar: ${href.replace(token, '<token>')}`);
    if (problems.length) return failures.push(`${label}:\n  ${problems.join('\n  ')}`);
    process.stdout.write(
      `  ✓ ${label}: success, "${SUCCESS_TEXT}" shown, 1 request, token gone (${href})\n`,
    );
  } finally {
    await context.close();
  }
};

/** Posts a signed delivery to Next's route and checks the answer. */
const checkDelivery = async (url, delivery, expected, label) => {
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
  const ok =
    response.status === expected.status &&
    (expected.status === 200 ? body?.status === expected.status_ : typeof body?.error === 'string');
  if (!ok)
    return failures.push(
      `Next route, ${label}: expected ${expected.status}${expected.status_ ? ` ${expected.status_}` : ''}, got ${response.status} ${text.slice(0, 300)}`,
    );
  process.stdout.write(`  ✓ Next route, ${label}: ${response.status} ${text.slice(0, 80)}\n`);
};

const main = async () => {
  if (!existsSync(join(ROOT, 'dist', 'oca.mjs')))
    fail('No dist/: run `npm run build` first (the tarball packs dist/).');
  const temp = await mkdtemp(join(tmpdir(), 'og-oca-storefronts-'));
  let browser;
  let api;
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
    else
      await step('install both apps (npm ci + the tarball, in parallel)', () =>
        Promise.all([install(VITE, tarball), install(NEXT, tarball)]),
      );

    const { startFakeOrdergroove, ordergrooveEvent, signedDelivery } = await testingOf(NEXT);
    api = await startFakeOrdergroove({ port: PORTS.fake });
    const { fake } = api;
    // A Chromium that does not say it is automated: og-oca's auto mode acts on load (under
    // `navigator.webdriver` it would wait for a click), so StrictMode's double effect is tested.
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
      ignoreDefaultArgs: ['--enable-automation'],
    });

    const viteEnv = { ...process.env, VITE_OG_API_BASE: api.url };
    const viteBin = join(VITE, 'node_modules', '.bin', 'vite');
    await step('Vite dev server (StrictMode)', async () => {
      const origin = `http://127.0.0.1:${PORTS.viteDev}`;
      const server = await serve('vite dev', viteBin, ['--port', String(PORTS.viteDev)], {
        cwd: VITE,
        env: viteEnv,
        url: origin,
      });
      try {
        await checkLanding(browser, fake, origin, 'Vite dev server');
      } finally {
        stop(server);
      }
    });
    await step('vite build', async () => {
      await rm(join(VITE, 'dist'), { recursive: true, force: true });
      await exec(viteBin, ['build'], { cwd: VITE, env: viteEnv });
    });
    await step('vite preview', async () => {
      const origin = `http://127.0.0.1:${PORTS.vitePreview}`;
      const server = await serve(
        'vite preview',
        viteBin,
        ['preview', '--port', String(PORTS.vitePreview)],
        {
          cwd: VITE,
          env: viteEnv,
          url: origin,
        },
      );
      try {
        await checkLanding(browser, fake, origin, 'Vite production build');
      } finally {
        stop(server);
      }
    });

    const nextBin = join(NEXT, 'node_modules', '.bin', 'next');
    const nextEnv = {
      ...process.env,
      NEXT_PUBLIC_OG_API_BASE: api.url,
      NEXT_TELEMETRY_DISABLED: '1',
    };
    delete nextEnv.OG_WEBHOOK_KEY;
    await rm(join(NEXT, '.next'), { recursive: true, force: true });
    await step('next build (OG_WEBHOOK_KEY unset)', () =>
      exec(nextBin, ['build'], { cwd: NEXT, env: nextEnv }),
    );
    await step('next start', async () => {
      const origin = `http://127.0.0.1:${PORTS.next}`;
      const server = await serve(
        'next start',
        nextBin,
        ['start', '--port', String(PORTS.next), '--hostname', '127.0.0.1'],
        {
          cwd: NEXT,
          env: { ...nextEnv, OG_WEBHOOK_KEY: WEBHOOK_KEY },
          url: origin,
        },
      );
      try {
        await checkLanding(browser, fake, origin, 'Next.js App Router');
        const route = `${origin}/api/og-webhooks`;
        const event = ordergrooveEvent({ type: 'order.reminder', token: fake.mint() });
        const delivery = await signedDelivery(event, { secret: WEBHOOK_KEY });
        await checkDelivery(
          route,
          delivery,
          { status: 200, status_: 'handled' },
          'a signed delivery',
        );
        await checkDelivery(
          route,
          delivery,
          { status: 200, status_: 'duplicate' },
          'the same delivery again',
        );
        const other = ordergrooveEvent({ type: 'order.reminder', token: fake.mint(), serial: 1 });
        await checkDelivery(
          route,
          await signedDelivery(other, { secret: 'another-key' }),
          { status: 400 },
          'signed with another key',
        );
      } finally {
        stop(server);
      }
    });
  } finally {
    for (const server of servers) stop(server);
    await browser?.close();
    await api?.close();
    await rm(temp, { recursive: true, force: true });
  }
};

try {
  await main();
  if (failures.length) fail(failures.join('\n'));
  const total = (performance.now() - started) / 1000;
  process.stdout.write(`\nStorefronts passed in ${total.toFixed(1)} s:\n`);
  for (const [name, seconds] of timings)
    process.stdout.write(`  ${seconds.toFixed(1).padStart(6)} s  ${name}\n`);
} catch (error) {
  process.stderr.write(
    `\nStorefronts FAILED: ${error instanceof StorefrontError ? error.message : (error?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
}
