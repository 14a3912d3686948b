import type { Action } from './actions.js';
import type { OcaError } from './errors.js';
import type { ActionParams } from './link.js';
import type { Result } from './states.js';

/** The states of the host element (`data-oca-state`), which are also the event names (`oca:<state>`). */
export type State = 'pending' | 'confirm' | 'success' | 'error';

/**
 * `event.detail` of every `oca:<state>` event, dispatched on the host as it enters that
 * state; they bubble, so a listener on `document` hears every host. Never holds the token.
 */
export interface OcaEventDetail {
  action?: Action;
  params: ActionParams;
  error?: OcaError;
  /** On `oca:success`: the action had gone through on an earlier attempt whose answer was lost. */
  recovered?: true;
}

/**
 * What `onState` gets as a run enters a state: the event's detail, the text og-oca shows for
 * it, and — where a person's go-ahead is awaited — the function that gives it. A headless run
 * (`render: false`) has no button of its own: the app's button calls `confirm` or `retry`.
 */
export interface StateDetail extends OcaEventDetail {
  /** The text og-oca shows in this state, in the page's language (an error's message). */
  message: string;
  /** In `success` and `error`: the outcome, as `run()` resolves with it (a "Try again" replaces it). */
  result?: Result;
  /** In `confirm`: sends the action. */
  confirm?: () => void;
  /** In an `error` that a retry can cure: sends the action again. */
  retry?: () => void;
}

/** Follows a run: called as it enters each state. */
export type OnState = (state: State, detail: StateDetail) => void;

declare global {
  interface HTMLElementEventMap {
    'oca:pending': CustomEvent<OcaEventDetail>;
    'oca:confirm': CustomEvent<OcaEventDetail>;
    'oca:success': CustomEvent<OcaEventDetail>;
    'oca:error': CustomEvent<OcaEventDetail>;
  }
}
