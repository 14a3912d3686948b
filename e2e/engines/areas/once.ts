// One request per token: a reload, a second OCA.run() and double clicks never send the
// action again.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { EN, landing } from '../../helpers';
import { expectRequests, mint, performedFor } from '../fake';
import { BUTTON, type Harness } from '../harness';

export const once = (h: Harness) =>
  describe('one request per token', () => {
    test('after success, a reload shows the outcome again and a second OCA.run() resolves it: nothing sent again', async () => {
      const token = await mint({ action: 'delay' });
      await h.openAndConfirm(
        landing('/landing.html', { token, action: 'delay', days: 21 }),
        token,
        EN.confirm.delay(21),
      );
      await h.expectSuccess(EN.success.delay(21));
      const one = [{ path: '/one_click/delay', query: { token, days: '21' } }];
      await expectRequests(token, one);
      expect(
        await h.engine.evaluate(() =>
          (window as { OCA?: { run(): Promise<{ status: string }> } }).OCA?.run().then(
            (r) => r.status,
          ),
        ),
      ).toBe('success');
      await h.engine.reload();
      await h.expectSuccess(EN.success.delay(21));
      await expectRequests(token, one);
      await h.expectNoToken(token);
    });

    test('a second visit of a used link: the click is answered "used", shown as used_token; carried out once', async () => {
      const token = await mint({ action: 'skip' });
      const path = landing('/landing.html', { token, action: 'skip' });
      await h.openAndConfirm(path, token, EN.confirm.skip);
      await h.expectSuccess(EN.success.skip);
      // The subscriber clicks the same email button again later.
      await h.openAndConfirm(path, token, EN.confirm.skip, 1);
      await h.expectError('used_token');
      const one = { path: '/one_click/skip', query: { token } };
      await expectRequests(token, [one, one]);
      expect(await performedFor(token)).toHaveLength(1);
      await h.expectNoToken(token);
    });

    test('a double click on the confirm button sends the action once (the engine delivers event.detail 1 then 2)', async () => {
      const token = await mint({ action: 'skip', fault: 'slow', delayMs: 500 });
      await h.open(landing('/landing-confirm.html', { token, action: 'skip' }));
      await h.expectConfirm(token, EN.confirm.skip);
      await h.engine.evaluate(() => {
        const details: number[] = [];
        (window as { __clickDetails?: number[] }).__clickDetails = details;
        document.addEventListener('click', (event) => details.push(event.detail), true);
      });
      await h.engine.click(BUTTON, { count: 2 });
      await h.expectSuccess(EN.success.skip);
      expect(
        await h.engine.evaluate(() => (window as { __clickDetails?: number[] }).__clickDetails),
        'event.detail of the two clicks',
      ).toEqual([1, 2]);
      await expectRequests(token, [{ path: '/one_click/skip', query: { token } }]);
    });

    test('a double click on Try again after a fast error sends one retry, not two', async () => {
      const token = await mint({ action: 'skip', fault: 'error500' });
      await h.openAndConfirm(
        landing('/landing.html', { token, action: 'skip' }),
        token,
        EN.confirm.skip,
      );
      await h.expectError('server');
      const mark = await h.eventCount();
      await h.engine.click(BUTTON, { count: 2 });
      await h.expectEventsSince(mark, token, ['oca:pending', 'oca:error']);
      await sleep(300); // room for a second retry, were one sent
      await h.expectError('server');
      const one = { path: '/one_click/skip', query: { token } };
      await expectRequests(token, [one, one]);
    });
  });
