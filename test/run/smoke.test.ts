import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { run } from '../../src';
import { server } from '../helpers/msw';

const seen: string[] = [];
server.resetHandlers(
  http.get('https://restapi.ordergroove.com/one_click/delay', ({ request }) => {
    seen.push(request.url);
    return HttpResponse.json({});
  }),
);

test('delay link succeeds', async () => {
  document.body.innerHTML = '<div data-oca></div>';
  history.replaceState(null, '', '/landing?token=abc.def&action=delay&days=21');
  const events: string[] = [];
  document.addEventListener('oca:success', (e) => events.push(e.type));
  const result = await run();
  expect(result).toEqual({ status: 'success', action: 'delay', params: { days: 21 } });
  expect(seen).toEqual(['https://restapi.ordergroove.com/one_click/delay?token=abc.def&days=21']);
  const host = document.querySelector('[data-oca]')!;
  expect(host.getAttribute('data-oca-state')).toBe('success');
  expect(host.querySelector('[role=status]')?.textContent).toBe(
    'Done! Your next order will ship 21 days later.',
  );
  expect(location.href).not.toContain('abc.def');
  expect(events).toEqual(['oca:success']);
});
