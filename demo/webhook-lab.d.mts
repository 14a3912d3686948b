// Generated from the JSDoc in webhook-lab.mjs; regenerate with the command in demo/README.md.
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
export function createLab({
  id,
  fake,
  relayUrl,
  landingUrl,
  fetch,
}: {
  id: string;
  fake: FakeOrdergroove;
  relayUrl: string;
  landingUrl: string;
  fetch?: typeof globalThis.fetch | undefined;
}): Lab;
/**
 * The labs of one demo server, least recently used dropped first.
 * @param {object} [options]
 * @param {number} [options.max] Default 200.
 */
export function createLabStore({ max }?: { max?: number | undefined }): {
  /** @param {string | undefined} id */
  get: (id: string | undefined) => Lab | undefined;
  /** @param {Lab} lab */
  add: (lab: Lab) => Lab;
  readonly size: number;
};
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
export const RELAY_KEY_SETS: Readonly<Record<RelayKeys, readonly KeyRole[]>>;
/** @type {readonly RelayKeys[]} */
export const RELAY_KEY_CHOICES: readonly RelayKeys[];
export { ROTATION_PHASES };
export function outcomeOf(
  phase: RotationPhase,
  relayKeys: RelayKeys,
): 'accepted' | 'signature_mismatch';
export function newLabId(): string;
/** What a lab id looks like (cookie values and relay URLs are checked against it). */
export const LAB_ID_PATTERN: RegExp;
export type Lab = {
  id: string;
  /**
   * The fake Ordergroove side.
   */
  target: WebhookTarget;
  relayKeys: RelayKeys;
  /**
   * Where the emails' links point (absolute).
   */
  landingUrl: string;
  /**
   * Newest first.
   */
  emails: LabEmail[];
  /**
   * A step of the rotation state machine.
   */
  rotate: (step: RotationStep) => boolean;
  setRelayKeys: (keys: RelayKeys) => boolean;
  relaySecrets: () => string[];
  /**
   * Ordergroove sends a test `order.reminder`.
   */
  send: () => Promise<WebhookDelivery>;
  /**
   *   The relay endpoint's handler.
   */
  receive: (request: {
    body: Uint8Array | string;
    headers: import('node:http').IncomingHttpHeaders;
  }) => Promise<
    RelayResult & {
      emailId?: string;
    }
  >;
  markRead: (id: string) => void;
};
export type FakeOrdergroove = import('./fake-ordergroove/model.mjs').FakeOrdergroove;
export type RotationPhase = import('./fake-ordergroove/webhooks.mjs').RotationPhase;
export type RotationStep = import('./fake-ordergroove/webhooks.mjs').RotationStep;
export type KeyRole = import('./fake-ordergroove/webhooks.mjs').KeyRole;
export type WebhookTarget = import('./fake-ordergroove/webhooks.mjs').WebhookTarget;
export type WebhookDelivery = import('./fake-ordergroove/webhooks.mjs').WebhookDelivery;
export type RelayEmail = import('./relay.mjs').RelayEmail;
export type RelayResult = import('./relay.mjs').RelayResult;
export type RelayKeys = 'old' | 'both' | 'new';
/**
 * An email the relay sent, as the inbox shows it.
 */
export type LabEmail = RelayEmail & {
  id: string;
  unread: boolean;
};

import { ROTATION_PHASES } from './fake-ordergroove/webhooks.mjs';
