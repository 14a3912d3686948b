// Ambiguous outcomes: a request that timed out or whose connection dropped may still have
// been carried out. After `network` or `timeout`, a "Try again" answered "used" means the
// first attempt went through: success, with `recovered: true` in the Result and in
// oca:success. A page's first "used" stays used_token, whose text says the change was made
// earlier.
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { run } from '../../src';
import {
  API,
  captureEvents,
  host,
  outcome,
  settle,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { server, requests } = useApi();
usePage();
const events = captureEvents();

const USED = () => HttpResponse.json({ error: 'token already used' }, { status: 400 });
const FIRST_FAILS = {
  network: () => HttpResponse.error(),
  timeout: async () => {
    await delay(300);
    return HttpResponse.json({});
  },
};

/** The API answers `first` to the first request and "used" to every later one. */
const answers = (first: Parameters<typeof http.get>[1]) => {
  let calls = 0;
  server.use(http.get(`${API}/one_click/skip`, (info) => (++calls === 1 ? first(info) : USED())));
};

describe.each(Object.entries(FIRST_FAILS))('after %s', (code, first) => {
  test('a Try again answered "used" is a success, recovered', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    answers(first);
    const result = await run({ timeout: 50 });
    expect(result).toMatchObject({ status: 'error', error: { code } });
    trustedClick(element.querySelector('button')!);
    await settle(80);
    await expect.poll(() => element.getAttribute('data-oca-state')).toBe('success');
    expect(requests).toHaveLength(2);
    expect(outcome(element)).toMatchObject({
      state: 'success',
      status: 'Done! Your next order is skipped.',
      buttons: [],
    });
    const recovered = { status: 'success', action: 'skip', params: {}, recovered: true };
    expect(await run()).toEqual(recovered);
    expect(events.at(-1)).toMatchObject({
      type: 'oca:success',
      detail: { action: 'skip', params: {}, recovered: true },
    });
    // Kept for a reload, recovered and all.
    expect(history.state.ogOca).toEqual({ action: 'skip', params: {}, recovered: true });
    expect(requests).toHaveLength(2);
  });

  test('a Try again answered "expired" is expired_token', async () => {
    const element = host();
    visit(`/landing?token=${TOKEN}&action=skip`);
    let calls = 0;
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        ++calls === 1 ? first() : HttpResponse.json({ error: 'token expired' }, { status: 400 }),
      ),
    );
    await run({ timeout: 50 });
    trustedClick(element.querySelector('button')!);
    await expect.poll(() => element.getAttribute('data-oca-error')).toBe('expired_token');
  });
});

test('a first "used" is used_token: the change is already made', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  server.use(http.get(`${API}/one_click/skip`, USED));
  const result = await run();
  expect(result).toMatchObject({ status: 'error', error: { code: 'used_token' } });
  expect(result).not.toHaveProperty('recovered');
  expect(outcome(element).alert).toBe('This link was already used: the change is already made.');
});

test('after a 503 (not ambiguous: the server said it failed) a "used" stays used_token', async () => {
  const element = host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  answers(() => new HttpResponse(null, { status: 503 }));
  await run();
  trustedClick(element.querySelector('button')!);
  await expect.poll(() => element.getAttribute('data-oca-error')).toBe('used_token');
  expect(events.map((e) => e.detail)).not.toContainEqual(
    expect.objectContaining({ recovered: true }),
  );
});

test('a success that was no recovery carries no recovered key', async () => {
  host();
  visit(`/landing?token=${TOKEN}&action=skip`);
  answers(() => HttpResponse.error());
  const element = document.querySelector('[data-oca]')!;
  await run();
  server.use(http.get(`${API}/one_click/skip`, () => HttpResponse.json({})));
  trustedClick(element.querySelector('button')!);
  await expect.poll(() => element.getAttribute('data-oca-state')).toBe('success');
  expect(await run()).toEqual({ status: 'success', action: 'skip', params: {} });
  expect(events.at(-1)!.detail).toEqual({ action: 'skip', params: {} });
});
