import de from './locales/de.js';
import en from './locales/en.js';
import es from './locales/es.js';
import fr from './locales/fr.js';
import type { Messages } from './locales/shape.js';
import { dict, own } from './own.js';

export type { Messages };

/** Per-key overrides of the built-in messages, e.g. `{ success: { delay: 'Done!' } }`. */
export type MessageOverrides = {
  [K in keyof Messages]?: Messages[K] extends string ? string : Partial<Messages[K]>;
};

/**
 * The built-in messages, by language subtag: one keyed object per language in
 * `src/locales/`. No prototype: `<html lang="__proto__">` is just an unknown language.
 */
export const LOCALES: Record<string, Messages> = dict({ en, es, fr, de });

export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0]!;

/** Whether the built-in messages include `tag`'s language. */
export const isLocale = (tag: string): boolean => baseLanguage(tag) in LOCALES;

/** A text by key: `text('pending')`, `text('error', code)`, `text('success', action)`. */
export type Texts = (group: keyof Messages, key?: string) => string;

/**
 * The texts for the first supported language among `preferred` (then `en`), with the per-key
 * overrides applied: own string properties of known keys only, so `{ skip: undefined }`, a
 * stray number or anything inherited keeps the built-in text.
 */
export const textsFor = (preferred: unknown[], overrides: unknown): Texts => {
  const base = LOCALES[
    preferred.map((tag) => baseLanguage(String(tag))).find((l) => l in LOCALES) ?? 'en'
  ] as unknown as Record<string, Record<string, string>>;
  return (group, key) => {
    const given = key ? own(own(overrides, group), key) : own(overrides, group);
    return typeof given === 'string' ? given : key ? base[group]![key]! : String(base[group]);
  };
};

/** Fills `{name}` placeholders with values, as plain text; unknown names are left as they are. */
export const fill = (text: string, values: Record<string, unknown>): string =>
  text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) && values[name] != null ? String(values[name]) : match,
  );
