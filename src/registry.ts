import type { Result } from './states.js';

/** A run as the registry keeps it: its outcome so far (a "Try again" replaces it). */
export interface Entry {
  readonly result: Promise<Result>;
}

/**
 * One registry per page, shared through a global symbol by every copy of og-oca on it (two
 * script tags, or the script tag and the npm build): the page's own link is read once, and
 * each token gets one run, so nothing sends an action twice. Runs are filed under
 * {@link runKey} their token, never under the token itself: any script can reach this object.
 */
export interface Registry {
  /** The run of the page's own address (`run()` without `url`). */
  page?: Entry;
  /** Runs by {@link runKey} their token. */
  runs: Map<string, Entry>;
}

export const registry = (): Registry => {
  const scope = globalThis as { [key: symbol]: Registry };
  const key = Symbol.for('og-oca');
  scope[key] ??= { runs: new Map() };
  return scope[key];
};

/** A 32-bit FNV-1a digest that names a token's run without revealing it (docs/decisions.md, "Tabs and the page registry"). */
export const runKey = (token: string): string => {
  let hash = 2166136261;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
};
