/** Serving the demo site's Hono app on a port. */
import type { Server } from 'node:http';
import { type HttpBindings, serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** `host` as it goes in a URL. */
export const urlHost = (host: string) => {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};

/** Listens with a Hono app; resolves once listening (rejects on EADDRINUSE and the like). */
export const listen = async (
  app: Hono<{ Bindings: HttpBindings }>,
  port: number,
  host: string,
): Promise<{ server: Server; port: number; close: () => Promise<void> }> => {
  // overrideGlobalObjects: false keeps Node's own Request and Response global, which msw
  // (and every test in the same process) relies on.
  const server = serve({
    fetch: app.fetch,
    port,
    hostname: host,
    overrideGlobalObjects: false,
  }) as Server;
  await new Promise((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
