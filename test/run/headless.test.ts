// Runs an app follows itself: `render: false` (no host, no DOM event; onState and the result
// carry everything, the app's buttons give the go-ahead), `onState`, and `signal`, which
// stops a run's waits but never a request already sent. (React's double mounting is the
// hook's business: test/react.)
import { HttpResponse, http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { type OnState, run, type State, type StateDetail } from '../../src';
import {
  API,
  captureEvents,
  host,
  settle,
  spyConsole,
  TOKEN,
  trustedClick,
  useApi,
  usePage,
  visit,
} from '../helpers/sdk';

const { server, requests } = useApi();
usePage();
const events = captureEvents();

const SKIP = `/landing?token=${TOKEN}&action=skip`;

/** An `onState` that records what it is told. */
const follow = () => {
  const seen: [State, StateDetail][] = [];
  const onState: OnState = (state, detail) => seen.push([state, detail]);
  return { seen, onState, states: () => seen.map(([state]) => state) };
};

describe('a headless run', () => {
  test('draws nothing and dispatches no event; onState tells each state with its text', async () => {
    const { seen, onState, states } = follow();
    visit(`/landing?token=${TOKEN}&action=delay&days=21`);
    const result = await run({ render: false, onState });
    expect(result).toEqual({ status: 'success', action: 'delay', params: { days: 21 } });
    expect(requests).toHaveLength(1);
    expect(document.body.children).toHaveLength(0);
    expect(events).toEqual([]);
    expect(states()).toEqual(['pending', 'success']);
    expect(seen.at(-1)![1]).toEqual({
      action: 'delay',
      params: { days: 21 },
      message: 'Done! Your next order will ship 21 days later.',
      result,
    });
    expect(seen[0]![1].result).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(TOKEN);
  });

  test('in confirm mode sends only when the app calls confirm()', async () => {
    const { seen, onState, states } = follow();
    visit(SKIP);
    const result = run({ render: false, mode: 'confirm', onState });
    await settle();
    expect(states()).toEqual(['pending', 'confirm']);
    expect(requests).toHaveLength(0);
    const { confirm, message } = seen.at(-1)![1];
    expect(message).toBe('');
    confirm!();
    confirm!(); // a double click sends once
    expect(await result).toMatchObject({ status: 'success', action: 'skip' });
    expect(requests).toHaveLength(1);
    expect(states()).toEqual(['pending', 'confirm', 'pending', 'success']);
  });

  test('a retryable error offers retry(), whose outcome onState tells', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        ++calls === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({}),
      ),
    );
    const { seen, onState, states } = follow();
    visit(SKIP);
    const first = await run({ render: false, onState });
    expect(first).toMatchObject({ status: 'error', error: { code: 'server' } });
    const [, detail] = seen.at(-1)!;
    expect(detail.result).toEqual(first);
    expect(detail.retry).toBeTypeOf('function');
    expect(detail.confirm).toBeUndefined();
    detail.retry!();
    await vi.waitFor(() => expect(states().at(-1)).toBe('success'));
    expect(requests).toHaveLength(2);
    expect(states()).toEqual(['pending', 'error', 'pending', 'success']);
    expect(seen.map(([, told]) => told.result?.status)).toEqual([
      undefined,
      'error',
      undefined,
      'success',
    ]);
  });

  test('an error no retry can cure offers no retry()', async () => {
    server.use(
      http.get(`${API}/one_click/skip`, () =>
        HttpResponse.json({ error: 'Token expired' }, { status: 400 }),
      ),
    );
    const { seen, onState } = follow();
    visit(SKIP);
    await run({ render: false, onState });
    expect(seen.at(-1)![0]).toBe('error');
    expect(seen.at(-1)![1]).toMatchObject({
      error: { code: 'expired_token' },
      message: 'This link has expired.',
    });
    expect(seen.at(-1)![1].retry).toBeUndefined();
  });

  test('an exception og-oca did not expect ends the run unexpected, and onState tells it with the result', async () => {
    const logs = spyConsole();
    const { seen, onState } = follow();
    visit(SKIP);
    // The browser's language cannot be read: og-oca's own code throws as the run starts.
    vi.spyOn(navigator, 'language', 'get').mockImplementation(() => {
      throw new Error('broken browser');
    });
    const result = await run({ render: false, onState });
    expect(result).toMatchObject({ status: 'error', error: { code: 'unexpected' } });
    expect(seen.map(([state]) => state)).toEqual(['error']);
    expect(seen[0]![1].result).toEqual(result);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining('[og-oca] unexpected error'));
  });

  test('what onState throws is logged and does not change the run', async () => {
    const logs = spyConsole();
    visit(SKIP);
    const result = await run({
      render: false,
      onState: () => {
        throw new Error('app bug');
      },
    });
    expect(result.status).toBe('success');
    expect(requests).toHaveLength(1);
    expect(logs.error).toHaveBeenCalledWith('[og-oca] onState threw:', new Error('app bug'));
  });
});

describe('signal', () => {
  test('stops a run waiting for a click: it ends idle and sends nothing', async () => {
    const element = host();
    visit(SKIP);
    const controller = new AbortController();
    const result = run({ mode: 'confirm', signal: controller.signal });
    await settle();
    const button = element.querySelector('button')!;
    controller.abort();
    expect(await result).toEqual({ status: 'idle' });
    trustedClick(button);
    await settle();
    expect(requests).toHaveLength(0);
  });

  test('stops a run waiting for the page to be seen', async () => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    visit(SKIP);
    const controller = new AbortController();
    const result = run({ render: false, signal: controller.signal });
    await settle();
    controller.abort();
    expect(await result).toEqual({ status: 'idle' });
    vi.restoreAllMocks();
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(requests).toHaveLength(0);
  });

  test('does not stop a request already sent: the run ends with its outcome', async () => {
    const { onState, states } = follow();
    visit(SKIP);
    const controller = new AbortController();
    const result = run({ render: false, signal: controller.signal, onState });
    controller.abort();
    expect(await result).toMatchObject({ status: 'success', action: 'skip' });
    expect(requests).toHaveLength(1);
    expect(states()).toEqual(['pending', 'success']);
  });

  test('belongs to the call that started the run: a later run() for the link neither stops nor follows it', async () => {
    const element = host();
    visit(SKIP);
    const result = run({ mode: 'confirm' });
    const controller = new AbortController();
    const { onState, states } = follow();
    const again = run({ signal: controller.signal, onState });
    controller.abort();
    await settle();
    trustedClick(element.querySelector('button')!);
    expect((await result).status).toBe('success');
    expect(await again).toBe(await result);
    expect(states()).toEqual([]);
  });

  test('an already aborted signal ends a confirm run idle before it shows anything', async () => {
    visit(SKIP);
    const { onState, states } = follow();
    const result = await run({
      render: false,
      mode: 'confirm',
      signal: AbortSignal.abort(),
      onState,
    });
    expect(result).toEqual({ status: 'idle' });
    expect(states()).toEqual([]);
    expect(requests).toHaveLength(0);
  });
});
