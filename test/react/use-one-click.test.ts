// useOneClick in a real React tree (react-dom, StrictMode): one request however often React
// mounts, headless or drawn into a ref, and an unmount that stops the waits.
import { HttpResponse, http } from 'msw';
import { act, createElement, StrictMode, useRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import { run } from '../../src';
import { type OneClick, type OneClickOptions, useOneClick } from '../../src/react';
import { API, settle, TOKEN, useApi, usePage, visit } from '../helpers/sdk';

const { server, requests } = useApi();
usePage();
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

/** Mounts a component using the hook under StrictMode; `seen` holds what it rendered. */
const mount = async (options: OneClickOptions = {}, withHost = false) => {
  const seen: OneClick[] = [];
  const App = () => {
    const ref = useRef<HTMLDivElement>(null);
    const view = useOneClick(withHost ? { ...options, target: ref } : options);
    seen.push(view);
    return createElement('div', { ref, id: 'host' });
  };
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(createElement(StrictMode, null, createElement(App))));
  return { seen, last: () => seen.at(-1)! };
};

/** Waits, letting React apply updates, until `check` holds. */
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await act(() => settle(10));
  expect(check()).toBe(true);
};

test('under StrictMode a headless run sends one request and ends in success', async () => {
  visit(`/landing?token=${TOKEN}&action=delay&days=21`);
  const { last } = await mount();
  await until(() => last().state === 'success');
  expect(last()).toMatchObject({
    message: 'Done! Your next order will ship 21 days later.',
    result: { status: 'success', action: 'delay', params: { days: 21 } },
  });
  expect(requests).toHaveLength(1);
  expect(document.querySelector('[data-oca-state]')).toBeNull();
  expect(location.search).toBe('');
});

test('confirm mode: nothing is sent until the component calls confirm()', async () => {
  visit(`/landing?token=${TOKEN}&action=skip`);
  const { last } = await mount({ mode: 'confirm' });
  await until(() => last().state === 'confirm');
  await act(() => settle(50));
  expect(requests).toHaveLength(0);
  await act(async () => last().confirm!());
  await until(() => last().state === 'success');
  expect(requests).toHaveLength(1);
  expect(last().result).toMatchObject({ status: 'success', action: 'skip' });
});

test('retry() after a 503 sends again, and the result follows', async () => {
  let calls = 0;
  server.use(
    http.get(`${API}/one_click/skip`, () =>
      ++calls === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({}),
    ),
  );
  visit(`/landing?token=${TOKEN}&action=skip`);
  const { last } = await mount();
  await until(() => last().state === 'error');
  expect(last().result).toMatchObject({ status: 'error', error: { code: 'server' } });
  await act(async () => last().retry!());
  await until(() => last().state === 'success');
  expect(requests).toHaveLength(2);
});

test('with a target ref og-oca draws into that element', async () => {
  visit(`/landing?token=${TOKEN}&action=skip`);
  const { last } = await mount({}, true);
  await until(() => last().state === 'success');
  const host = document.getElementById('host')!;
  expect(host.getAttribute('data-oca-state')).toBe('success');
  expect(host.querySelector('[role=status]')!.textContent).toBe(
    'Done! Your next order is skipped.',
  );
  expect(last().confirm).toBeUndefined();
  expect(requests).toHaveLength(1);
});

test('an unmount while the run waits for confirm stops it: nothing is ever sent', async () => {
  visit(`/landing?token=${TOKEN}&action=skip`);
  const { last } = await mount({ mode: 'confirm' });
  await until(() => last().state === 'confirm');
  const confirm = last().confirm!;
  act(() => root!.unmount());
  root = undefined;
  await settle();
  expect(await run()).toEqual({ status: 'idle' });
  confirm();
  await settle(50);
  expect(requests).toHaveLength(0);
});

test('a page that is no 1-click link stays idle', async () => {
  visit('/products/cold-brew?utm_source=mail');
  const { last } = await mount();
  await until(() => last().result !== undefined);
  expect(last()).toMatchObject({ state: 'idle', result: { status: 'idle' } });
  expect(location.search).toBe('?utm_source=mail');
});
