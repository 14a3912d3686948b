import type { Action } from '../actions.js';
import type { ErrorCode } from '../errors.js';

/** Every text og-oca puts in the page. `{days}`, `{product}`, `{quantity}`, `{action}` are filled as text. */
export interface Messages {
  /** Shown while the request is under way. */
  pending: string;
  /** The label of the "Try again" button. */
  retry: string;
  /** The label of the confirm button, per action (confirm mode). */
  confirm: Record<Action, string>;
  /** The confirmation, per action. */
  success: Record<Action, string>;
  /** The error text, per error code. */
  error: Record<ErrorCode, string>;
}
