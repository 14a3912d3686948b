// The token reaches the one request and nothing else on the page: not a `fetch` wrapper that a
// later script installs. (A polluted `Object.prototype` is tried in Chromium, e2e/prototype.spec.ts:
// happy-dom's and msw's own code reads inherited options, so it cannot be tried here.)
import { expect, test, vi } from 'vitest';
import { run } from '../../src';
import { host, TOKEN, trustedClick, useApi, usePage, visit } from '../helpers/sdk';

const { requests } = useApi();
usePage();

test('a fetch wrapper installed after og-oca loaded never sees the request (auto mode)', async () => {
  const wrapper = vi.fn(globalThis.fetch);
  vi.stubGlobal('fetch', wrapper);
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  expect((await run()).status).toBe('success');
  expect(requests).toHaveLength(1);
  expect(wrapper).not.toHaveBeenCalled();
});

test('nor the request that a confirm click sends', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  const result = run({ mode: 'confirm' });
  await vi.waitFor(() => expect(element.querySelector('button')).not.toBeNull());
  const wrapper = vi.fn(globalThis.fetch);
  vi.stubGlobal('fetch', wrapper);
  trustedClick(element.querySelector('button')!);
  expect((await result).status).toBe('success');
  expect(requests).toHaveLength(1);
  expect(wrapper).not.toHaveBeenCalled();
});
