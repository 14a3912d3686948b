import type { Action } from './actions.js';
import type { OcaError } from './errors.js';
import type { ActionParams } from './link.js';

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

declare global {
  interface HTMLElementEventMap {
    'oca:pending': CustomEvent<OcaEventDetail>;
    'oca:confirm': CustomEvent<OcaEventDetail>;
    'oca:success': CustomEvent<OcaEventDetail>;
    'oca:error': CustomEvent<OcaEventDetail>;
  }
}
