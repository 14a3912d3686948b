// Generated from the JSDoc in http.mjs; regenerate with the command in demo/README.md.
/**
 * Starts the fake Ordergroove API on a real port.
 * @param {StartOptions} [options]
 * @returns {Promise<RunningFakeOrdergroove>}
 */
export function startFakeOrdergroove({
  port,
  host,
  fake,
}?: StartOptions): Promise<RunningFakeOrdergroove>;
export type FakeOrdergroove = import('./model.mjs').FakeOrdergroove;
export type IncomingMessage = import('node:http').IncomingMessage;
export type ServerResponse = import('node:http').ServerResponse;
export type StartOptions = {
  /**
   * Default 0 (any free port).
   */
  port?: number | undefined;
  /**
   * Default `'127.0.0.1'`.
   */
  host?: string | undefined;
  /**
   * The model to serve; default a new one.
   */
  fake?: import('./model.mjs').FakeOrdergroove | undefined;
};
export type RunningFakeOrdergroove = {
  /**
   * Origin to use as `apiBase`, e.g. `http://127.0.0.1:5174` (no trailing slash).
   */
  url: string;
  port: number;
  fake: FakeOrdergroove;
  server: import('node:http').Server;
  /**
   * Stops listening and drops open connections.
   */
  close: () => Promise<void>;
};
