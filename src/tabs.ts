import { own } from './own.js';

/**
 * A tab answered "used" asks the other tabs holding the token whether one got the success
 * (docs/decisions.md, "Tabs and the page registry"). The channel's name and each message's
 * proof are SHA-256 digests of the token; without BroadcastChannel or Web Crypto (no https),
 * each tab is on its own.
 */
export interface TabChannel {
  /**
   * Takes this tab's answer (`code`: none for a success). A tab answered "used" asks the other
   * tabs first, and resolves `true` when one of them got the success (within {@link GRACE} ms
   * when no tab answers, and `timeout` ms at most). A success, this tab's or another's, is
   * offered to the tabs that ask for `timeout` ms; then, or at once, the channel closes.
   */
  settle(code: string | undefined): Promise<boolean>;
}

/** How long a tab answered "used" waits for another tab to say it is there. */
export const GRACE = 500;

const LABEL = 'og-oca tabs\n';

/** `SHA-256(label + token)` in hex. */
const digest = async (label: string, token: string) =>
  Array.from(
    new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${LABEL}${label}\n${token}`)),
    ),
    (byte) => byte.toString(16).padStart(2, '0'),
  ).join('');

/**
 * Joins the tabs that hold `token`, from the moment this tab has sent its request (it answers
 * "sending" to a tab that asks meanwhile) until `timeout` ms after its own answer.
 */
export const joinTabs = (token: string, timeout: number): TabChannel => {
  const self = Math.random().toString(36).slice(2);
  let success = false;
  let sending = true;
  /** The ask under way, if any: told of each reply. */
  let asking: ((kind: string, from: string) => void) | undefined;
  let post: (kind: string) => void = () => {};
  let close = () => {};
  /** Resolves `true` once this tab is on the channel; `false` where it cannot be. */
  const joined = (async () => {
    if (typeof BroadcastChannel !== 'function' || !globalThis.crypto?.subtle) return false;
    const [name, proof] = await Promise.all([digest('channel', token), digest('proof', token)]);
    const channel = new BroadcastChannel(`og-oca ${name}`);
    post = (kind) => channel.postMessage({ proof, kind, from: self });
    close = () => {
      post = () => {};
      channel.close();
    };
    // Outside data: only a message with the proof counts.
    channel.onmessage = ({ data }) => {
      const kind = own(data, 'kind');
      const from = own(data, 'from');
      if (own(data, 'proof') !== proof || typeof kind !== 'string' || typeof from !== 'string')
        return;
      if (kind === 'ask') {
        if (success) post('success');
        else if (sending) post('sending');
      } else asking?.(kind, from);
    };
    return true;
  })().catch(() => false);
  /** Asks the other tabs: `true` once one says it got the success. */
  const ask = () =>
    new Promise<boolean>((resolve) => {
      const senders = new Set<string>();
      let graced = false;
      const end = (found: boolean) => {
        asking = undefined;
        clearTimeout(grace);
        clearTimeout(deadline);
        resolve(found);
      };
      asking = (kind, from) => {
        if (kind === 'success') end(true);
        else if (kind === 'sending') senders.add(from);
        else if (kind === 'done' && senders.delete(from) && graced && !senders.size) end(false);
      };
      const grace = setTimeout(() => {
        graced = true;
        if (!senders.size) end(false);
      }, GRACE);
      const deadline = setTimeout(() => end(false), timeout);
      post('ask');
    });
  /** Offers this tab's success to the tabs that ask, for `timeout` ms; else leaves at once. */
  const leave = () => {
    post(success ? 'success' : 'done');
    if (success) setTimeout(() => close(), timeout);
    else close();
  };
  return {
    async settle(code) {
      sending = false;
      success = code === undefined;
      // Only a "used" asks the others; any other answer is this tab's outcome at once.
      if (code !== 'used_token') {
        void joined.then(leave);
        return false;
      }
      success = (await joined) && (await ask());
      leave();
      return success;
    },
  };
};
