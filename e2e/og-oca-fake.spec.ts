// `og-oca fake` (the built dist/cli.mjs) driven through a landing page in Chromium: the demo's
// landing.html, its data-api-base the fake the command started, opened with the links the
// command printed. A merchant does the same with their own page.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { landingPage } from '../demo/pages.ts';
import {
  EN,
  expect,
  expectError,
  expectNoToken,
  expectState,
  expectSuccess,
  hostOf,
  press,
  test,
} from './helpers';

const ROOT = resolve(import.meta.dirname, '..');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

let site: Server;
let command: ChildProcess;
let api = '';
let links: string[] = [];

test.beforeAll(async () => {
  site = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://site.invalid').pathname;
    if (path === '/landing.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(landingPage('landing.html', api));
      return;
    }
    const file = /^\/dist\/oca\.(js|css)$/.test(path) ? join(ROOT, path) : undefined;
    const body = file && (await readFile(file).catch(() => undefined));
    res.writeHead(body ? 200 : 404, { 'content-type': TYPES[extname(path)] ?? 'text/plain' });
    res.end(body ?? 'Not found');
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  const landing = `http://127.0.0.1:${(site.address() as AddressInfo).port}/landing.html`;

  command = spawn(process.execPath, [
    join(ROOT, 'dist/cli.mjs'),
    ...['fake', '--port', '0', '--landing', landing],
  ]);
  let printed = '';
  await new Promise<void>((done, fail) => {
    command.stdout?.on('data', (chunk) => {
      printed += chunk;
      if (printed.includes('Ctrl-C to stop.')) done();
    });
    command.once('exit', (code) => fail(new Error(`og-oca fake exited ${code}: ${printed}`)));
  });
  api = /listening on (\S+)\n/.exec(printed)?.[1] ?? '';
  links = printed.match(/^ {2}http:\S+\/landing\.html\?\S+$/gm)?.map((link) => link.trim()) ?? [];
});

test.afterAll(async () => {
  command?.kill('SIGTERM');
  await new Promise((done) => site?.close(done));
});

/** Opens a link; the automated browser gets confirm mode: nothing is sent until the click. */
const openAndPress = async (page: Page, link: string, label: string) => {
  const token = new URL(link).searchParams.get('token') as string;
  const sent = async () =>
    (
      (await (await fetch(`${api}/__fake/requests`)).json()) as Array<{ query: { token?: string } }>
    ).filter((request) => request.query.token === token).length;
  const before = await sent();
  await page.goto(link);
  await expectState(page, 'confirm');
  const button = hostOf(page).locator('.oca-actions button.oca-button');
  await expect(button).toHaveText(label);
  expect(await sent(), 'nothing sent before the click').toBe(before);
  await press(button);
};

const linkFor = (action: string) => {
  const link = links.find((candidate) => new URL(candidate).searchParams.get('action') === action);
  expect(link, `a printed ${action} link`).toBeDefined();
  return link as string;
};

test('each printed 1-click link works once on the landing page, against the fake the command runs', async ({
  page,
}) => {
  expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const expected: Record<string, [label: string, text: string]> = {
    delay: [EN.confirm.delay(14), EN.success.delay(14)],
    skip: [EN.confirm.skip, EN.success.skip],
    reactivate: [EN.confirm.reactivate, EN.success.reactivate],
    upsell: [EN.confirm.upsell(1, 'SKU-123'), EN.success.upsell(1, 'SKU-123')],
  };
  for (const [action, [label, text]] of Object.entries(expected)) {
    const link = linkFor(action);
    await openAndPress(page, link, label);
    await expectSuccess(page, text);
    await expectNoToken(page, new URL(link).searchParams.get('token') as string);
    await openAndPress(page, link, label);
    await expectError(page, 'used_token');
  }
  const performed = (await (await fetch(`${api}/__fake/performed`)).json()) as Array<{
    action: string;
  }>;
  expect(performed.map((entry) => entry.action)).toEqual(Object.keys(expected));
});

test('a token minted with a fault on the control route shows that fault on the landing page', async ({
  page,
}) => {
  const minted = await fetch(`${api}/__fake/tokens`, {
    method: 'POST',
    body: JSON.stringify({ action: 'skip', fault: 'error503' }),
  });
  const { token } = (await minted.json()) as { token: string };
  const link = new URL(linkFor('skip'));
  link.searchParams.set('token', token);
  await openAndPress(page, link.href, EN.confirm.skip);
  await expectError(page, 'server');
  await expect(page.getByRole('button', { name: EN.retry })).toBeVisible();
});
