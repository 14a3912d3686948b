// @ts-check
/**
 * The demo's webhook lab: the whole seed flow for one browser.
 *
 *   fake Ordergroove (a webhook target with keys and a rotation phase)
 *     ── signed order.reminder, real HTTP ──▶ POST /relay/ordergroove/<lab id>
 *   relay (its configured secrets) ── verifyWebhook → actionTokenOf → buildActionUrl
 *     ──▶ an email in this lab's mailbox, shown in the demo inbox
 *
 * Each browser gets its own lab (demo/server.mjs keys it by a cookie), so two people, or
 * tests running in parallel, never see each other's keys, rotation or emails.
 *
 * State, and nothing else:
 *   phase      before | rotating | after   (the fake's rotation; fake-ordergroove/webhooks.mjs)
 *   relayKeys  old | both | new            (which keys the relay is configured with)
 * What the next delivery does is a function of the two: `outcomeOf(phase, relayKeys)`.
 */
import {
  createWebhookTarget,
  ROTATION_PHASES,
  SIGNING_KEYS,
} from './fake-ordergroove/webhooks.mjs';
import { relayWebhook } from './relay.mjs';

/** @typedef {import('./fake-ordergroove/model.mjs').FakeOrdergroove} FakeOrdergroove */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').RotationPhase} RotationPhase */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').RotationStep} RotationStep */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').KeyRole} KeyRole */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').WebhookTarget} WebhookTarget */
/** @typedef {import('./fake-ordergroove/webhooks.mjs').WebhookDelivery} WebhookDelivery */
/** @typedef {import('./relay.mjs').RelayEmail} RelayEmail */
/** @typedef {import('./relay.mjs').RelayResult} RelayResult */
/** @typedef {'old' | 'both' | 'new'} RelayKeys */

/** The relay's possible configurations → its secrets, by role. */
export const RELAY_KEY_SETS = /** @type {Readonly<Record<RelayKeys, readonly KeyRole[]>>} */ (
  Object.freeze({ old: ['old'], both: ['new', 'old'], new: ['new'] })
);

/** @type {readonly RelayKeys[]} */
export const RELAY_KEY_CHOICES = Object.freeze(['old', 'both', 'new']);

export { ROTATION_PHASES };

/**
 * What the relay does with the next delivery: accepted when it knows at least one of the
 * keys Ordergroove signs with in this phase, else `signature_mismatch`.
 * @param {RotationPhase} phase
 * @param {RelayKeys} relayKeys
 * @returns {'accepted' | 'signature_mismatch'}
 */
export const outcomeOf = (phase, relayKeys) =>
  SIGNING_KEYS[phase].some((role) => RELAY_KEY_SETS[relayKeys].includes(role))
    ? 'accepted'
    : 'signature_mismatch';

/**
 * An email the relay sent, as the inbox shows it.
 * @typedef {RelayEmail & { id: string, unread: boolean }} LabEmail
 */

const MAX_EMAILS = 25;

/**
 * @typedef {object} Lab
 * @property {string} id
 * @property {WebhookTarget} target The fake Ordergroove side.
 * @property {RelayKeys} relayKeys
 * @property {string} landingUrl Where the emails' links point (absolute).
 * @property {LabEmail[]} emails Newest first.
 * @property {(step: RotationStep) => boolean} rotate A step of the rotation state machine.
 * @property {(keys: RelayKeys) => boolean} setRelayKeys
 * @property {() => string[]} relaySecrets
 * @property {() => Promise<WebhookDelivery>} send Ordergroove sends a test `order.reminder`.
 * @property {(request: { body: Uint8Array | string, headers: import('node:http').IncomingHttpHeaders }) => Promise<RelayResult & { emailId?: string }>} receive
 *   The relay endpoint's handler.
 * @property {(id: string) => void} markRead
 */

/**
 * @param {object} options
 * @param {string} options.id
 * @param {FakeOrdergroove} options.fake
 * @param {string} options.relayUrl Where the fake POSTs (this lab's relay endpoint).
 * @param {string} options.landingUrl
 * @param {typeof globalThis.fetch} [options.fetch]
 * @returns {Lab}
 */
export function createLab({ id, fake, relayUrl, landingUrl, fetch }) {
  const target = createWebhookTarget({ fake, url: relayUrl, fetch });
  /** @type {RelayKeys} */
  let relayKeys = 'old';
  /** @type {LabEmail[]} */
  const emails = [];
  let serial = 0;

  /** @type {Lab} */
  const lab = {
    id,
    target,
    get relayKeys() {
      return relayKeys;
    },
    landingUrl,
    emails,
    rotate: (step) => {
      const changed = target.apply(step);
      if (changed && step === 'reset') relayKeys = 'old';
      return changed;
    },
    setRelayKeys: (keys) => {
      if (!RELAY_KEY_CHOICES.includes(keys)) return false;
      relayKeys = keys;
      return true;
    },
    relaySecrets: () => RELAY_KEY_SETS[relayKeys].map((role) => target.keys[role]),
    send: () => target.deliver(),
    receive: async ({ body, headers }) => {
      const result = await relayWebhook({
        body,
        headers,
        secrets: lab.relaySecrets(),
        landingUrl: lab.landingUrl,
      });
      if (result.outcome !== 'emailed') return result;
      serial += 1;
      const email = { ...result.email, id: `wh-${serial}`, unread: true };
      emails.unshift(email);
      emails.length = Math.min(emails.length, MAX_EMAILS);
      return { ...result, emailId: email.id };
    },
    markRead: (emailId) => {
      const email = emails.find((e) => e.id === emailId);
      if (email) email.unread = false;
    },
  };
  return lab;
}

/**
 * The labs of one demo server, least recently used dropped first.
 * @param {object} [options]
 * @param {number} [options.max] Default 200.
 */
export function createLabStore({ max = 200 } = {}) {
  /** @type {Map<string, Lab>} */
  const labs = new Map();
  return {
    /** @param {string | undefined} id */
    get: (id) => {
      const lab = id === undefined ? undefined : labs.get(id);
      if (lab) {
        labs.delete(lab.id);
        labs.set(lab.id, lab);
      }
      return lab;
    },
    /** @param {Lab} lab */
    add: (lab) => {
      labs.set(lab.id, lab);
      for (const oldest of labs.keys()) {
        if (labs.size <= max) break;
        labs.delete(oldest);
      }
      return lab;
    },
    get size() {
      return labs.size;
    },
  };
}

/** A new lab id: 16 URL-safe characters. */
export const newLabId = () =>
  Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(12))).toString('base64url');

/** What a lab id looks like (cookie values and relay URLs are checked against it). */
export const LAB_ID_PATTERN = /^[\w-]{16}$/;
