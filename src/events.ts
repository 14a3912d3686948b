import type { Action } from './actions';
import type { OcaError } from './errors';
import type { ActionParams } from './link';

/** The states of the host element (`data-oca-state`), which are also the event names (`oca:<state>`). */
export type State = 'pending' | 'confirm' | 'success' | 'error';

/** `event.detail` of every `oca:*` event. Never holds the token. */
export interface OcaEventDetail {
  action?: Action;
  params: ActionParams;
  error?: OcaError;
}

/** Dispatches `oca:<state>` on the host; it bubbles, so a listener on `document` hears every host. */
export const emit = (host: Element, state: State, detail: OcaEventDetail): void => {
  host.dispatchEvent(new CustomEvent(`oca:${state}`, { bubbles: true, detail }));
};

declare global {
  interface HTMLElementEventMap {
    'oca:pending': CustomEvent<OcaEventDetail>;
    'oca:confirm': CustomEvent<OcaEventDetail>;
    'oca:success': CustomEvent<OcaEventDetail>;
    'oca:error': CustomEvent<OcaEventDetail>;
  }
}
