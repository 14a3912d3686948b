import type { Action } from './actions.js';
import type { ErrorCode } from './errors.js';
import de from './locales/de.js';
import en from './locales/en.js';
import es from './locales/es.js';
import fr from './locales/fr.js';

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

/** Per-key overrides of the built-in messages, e.g. `{ success: { delay: 'Done!' } }`. */
export type MessageOverrides = {
  [K in keyof Messages]?: Messages[K] extends string ? string : Partial<Messages[K]>;
};

/** The built-in messages, by language subtag: one keyed object per language in `src/locales/`. */
export const LOCALES: Record<string, Messages> = { en, es, fr, de };

/** `fr-CA` → `fr`. */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0]!;

/**
 * The messages for the first supported language among `preferred` (then `en`), with the
 * per-key overrides applied.
 */
export const messagesFor = (preferred: unknown[], overrides: MessageOverrides = {}): Messages => {
  const base =
    LOCALES[preferred.map((tag) => baseLanguage(String(tag))).find((l) => LOCALES[l]) ?? 'en']!;
  // Only strings override: `{ skip: undefined }` or a stray number keeps the built-in text.
  const merge = (texts: object, extra: object = {}) => {
    const merged: Record<string, unknown> = { ...texts };
    for (const [key, text] of Object.entries(extra))
      if (typeof text === 'string') merged[key] = text;
    return merged;
  };
  return {
    ...merge(base, overrides),
    confirm: merge(base.confirm, overrides.confirm),
    success: merge(base.success, overrides.success),
    error: merge(base.error, overrides.error),
  } as Messages;
};

/** Fills `{name}` placeholders with values, as plain text; unknown names are left as they are. */
export const fill = (text: string, values: Record<string, unknown>): string =>
  text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) && values[name] != null ? String(values[name]) : match,
  );
