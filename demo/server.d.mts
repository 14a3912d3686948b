// Generated from the JSDoc in server.mjs; regenerate with the command in demo/README.md.
/**
 * @typedef {object} DemoOptions
 * @property {number} [port] Site port; default 5173 (0 = any free port).
 * @property {number} [apiPort] Fake API port; default 5174 (0 = any free port).
 * @property {string} [host] Default `'127.0.0.1'`.
 * @property {FakeOrdergroove} [fake] The fake API model; default a new one.
 * @property {number} [latencyMs] Latency of the default fake API (ignored with `fake`).
 */
/**
 * @typedef {object} RunningDemo
 * @property {string} url Site origin, e.g. `http://127.0.0.1:5173` (no trailing slash).
 * @property {string} apiUrl Fake API origin (the SDK's `apiBase`).
 * @property {FakeOrdergroove} fake
 * @property {ReturnType<typeof createLabStore>} labs The webhook labs, by id (the cookie value).
 * @property {() => Promise<void>} close
 */
/**
 * Starts the fake API and the demo site.
 * @param {DemoOptions} [options]
 * @returns {Promise<RunningDemo>}
 */
export function startDemo({
  port,
  apiPort,
  host,
  fake,
  latencyMs,
}?: DemoOptions): Promise<RunningDemo>;
/** The policy DESIGN.md promises the SDK works under. @type {string} */
export const STRICT_CSP: string;
/** The cookie that ties a browser to its webhook lab. */
export const LAB_COOKIE: 'og_demo_lab';
export function safeJoin(root: string, urlPath: string): string | undefined;
export function substitute(
  html: string,
  values: Record<string, string>,
  fake: FakeOrdergroove,
): string;
export type DemoOptions = {
  /**
   * Site port; default 5173 (0 = any free port).
   */
  port?: number | undefined;
  /**
   * Fake API port; default 5174 (0 = any free port).
   */
  apiPort?: number | undefined;
  /**
   * Default `'127.0.0.1'`.
   */
  host?: string | undefined;
  /**
   * The fake API model; default a new one.
   */
  fake?: import('./fake-ordergroove/model.mjs').FakeOrdergroove | undefined;
  /**
   * Latency of the default fake API (ignored with `fake`).
   */
  latencyMs?: number | undefined;
};
export type RunningDemo = {
  /**
   * Site origin, e.g. `http://127.0.0.1:5173` (no trailing slash).
   */
  url: string;
  /**
   * Fake API origin (the SDK's `apiBase`).
   */
  apiUrl: string;
  fake: FakeOrdergroove;
  /**
   * The webhook labs, by id (the cookie value).
   */
  labs: ReturnType<typeof createLabStore>;
  close: () => Promise<void>;
};
export type FakeOrdergroove = import('./fake-ordergroove/model.mjs').FakeOrdergroove;
export type TokenSpec = import('./fake-ordergroove/model.mjs').TokenSpec;

import { createLabStore } from './webhook-lab.mjs';
