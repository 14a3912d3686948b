// @ts-check
/**
 * A throwaway redis-server for the tests and bench/webhooks.mjs: started on a free
 * loopback port with no persistence (no RDB, no AOF) in a fresh temporary directory,
 * stopped and removed by `stop()`.
 *
 * The binary is `REDIS_SERVER_PATH` when set, else `/usr/bin/redis-server` (Debian's
 * `redis-server` package).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where redis-server is looked for when `REDIS_SERVER_PATH` is not set. */
export const DEFAULT_REDIS_SERVER = '/usr/bin/redis-server';

/**
 * The redis-server binary to run, or an error that says how to get one.
 * @returns {string}
 */
export const redisServerPath = () => {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  const path = fromEnv || DEFAULT_REDIS_SERVER;
  if (!existsSync(path)) {
    throw new Error(
      `redis-server not found at ${path}${fromEnv ? ' (from REDIS_SERVER_PATH)' : ''}. ` +
        'Install it with `apt-get install -y redis-server`, or set REDIS_SERVER_PATH to its path.',
    );
  }
  return path;
};

/** @returns {Promise<number>} a port free on 127.0.0.1 right now */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/**
 * @typedef {object} RedisServer
 * @property {string} url `redis://127.0.0.1:<port>`
 * @property {number} port
 * @property {() => Promise<string[]>} stop Stops the server and deletes its directory;
 *   resolves with the names of the files that were in it (none, without persistence).
 */

/**
 * Starts redis-server on a free loopback port (three tries, in case another process takes
 * the port in between), or on `options.port` (to restart a stopped server where its clients
 * reconnect).
 * @param {{ port?: number }} [options]
 * @returns {Promise<RedisServer>}
 */
export async function startRedis(options = {}) {
  const binary = redisServerPath();
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'og-oca-redis-'));
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    /** @type {{ ok: boolean, output: string }} */
    const started = await new Promise((resolve) => {
      let output = '';
      const timer = setTimeout(
        () => resolve({ ok: false, output: `${output} (timed out)` }),
        10_000,
      );
      const read = (/** @type {Buffer} */ chunk) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve({ ok: true, output });
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('error', (error) => {
        clearTimeout(timer);
        resolve({ ok: false, output: String(error) });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ ok: false, output: `${output} (exited with ${code})` });
      });
    });
    child.stdout.removeAllListeners('data');
    child.stderr.removeAllListeners('data');
    child.stdout.resume();
    child.stderr.resume();

    const stop = async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      const left = readdirSync(dir);
      rmSync(dir, { recursive: true, force: true });
      return left;
    };

    if (started.ok) return { url: `redis://127.0.0.1:${port}`, port, stop };
    await stop();
    if (attempt >= 3) {
      throw new Error(`redis-server did not start on port ${port}: ${started.output.slice(-600)}`);
    }
  }
}
