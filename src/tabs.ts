import { ERROR_CODES } from './errors.js';
import { own } from './own.js';
import type { Answer } from './request.js';

/**
 * One request per token per browser while it is in flight: a second tab opened on the same
 * link (a double click in a desktop mail client opens two) waits for the first and takes
 * its answer, with no second request.
 *
 * The tab that gets the Web Lock named after the token's digest sends; a tab that finds the
 * lock taken waits for the sender's answer on a BroadcastChannel of the same name. The
 * sender posts its answer, then keeps the lock until no tab waits for it any more (each
 * stops waiting as it reads the answer; at most 2 s), so a waiting tab never sees the lock
 * free before the answer: when it does get the lock, the sender is gone (its tab closed
 * mid-flight) and the outcome is unknown — `network`, an ambiguous outcome whose "Try
 * again" tells. The lock, the channel and the waits end with the request: nothing derived
 * from the token outlives it. Without Web Locks or BroadcastChannel (or where a page may
 * not use them) each page sends for itself.
 *
 * @param key the token's digest (`keyOf`), never the token
 * @param send sends the request; resolves with the API's answer and never rejects
 * @param started called as soon as this tab has sent the request, or found the tab that does
 */
export const once = (
  key: string,
  send: () => Promise<Answer>,
  started = () => {},
): Promise<Answer> => {
  const locks = (navigator as { locks?: LockManager }).locks;
  const sendHere = () => {
    const answer = send();
    started();
    return answer;
  };
  if (!locks || typeof BroadcastChannel !== 'function') return sendHere();
  const name = `og-oca ${key}`;
  const channel = new BroadcastChannel(name);
  const waiting = new AbortController();
  let sent = false;
  return new Promise<Answer>((resolve) => {
    let answer: Answer | undefined;
    const settle = (value: Answer) => {
      answer ??= value;
      waiting.abort();
      if (!sent) channel.close();
      resolve(answer);
    };
    // Another tab's answer (checked: it is outside data).
    channel.onmessage = ({ data }) => {
      const given = own(data, 'answer');
      const code = own(given, 'code') as Answer['code'];
      const reason = own(given, 'reason');
      if (given && !sent)
        settle(
          code === undefined || ERROR_CODES.includes(code)
            ? { code, ...(typeof reason === 'string' && { reason: reason.slice(0, 200) }) }
            : { code: 'network' },
        );
    };
    const sendOnce = async () => {
      sent = true;
      settle(await sendHere());
    };
    locks
      .request(name, { ifAvailable: true }, async (lock) => {
        if (answer) return;
        if (!lock) {
          // Another tab is sending: wait for its answer, or for its lock (the tab closed).
          started();
          return void locks
            .request(name, { signal: waiting.signal }, () => settle({ code: 'network' }))
            .catch(() => {});
        }
        await sendOnce();
        // Hand the answer over, and keep the lock until no tab waits for it.
        channel.postMessage({ answer });
        for (let i = 0; i < 100; i++) {
          const { pending = [] } = await locks.query();
          if (!pending.some((request) => request.name === name)) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        channel.close();
      })
      .catch(() => {
        // No lock here (an opaque origin, a sandboxed frame): this page sends for itself.
        channel.close();
        if (!sent && !answer) sendOnce();
      });
  });
};
