// @vitest-environment node
// Where the fake Ordergroove may listen: its control routes mint working tokens and show every
// token sent, so it refuses an address other machines can reach unless told otherwise.
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startDemo } from '../../demo/server.ts';
import { startFakeOrdergroove } from '../../src/testing/index.ts';

/** This machine's first non-internal IPv4 address, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('startFakeOrdergroove on a non-loopback host', () => {
  it.each(['0.0.0.0', '::', '', 'shop.example', ...(lanAddress ? [lanAddress] : [])])(
    'refuses to start on %j and says why and how to allow it',
    async (host) => {
      const error = await startFakeOrdergroove({ host, port: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const { message } = error as Error;
      expect(message).toMatch(/refusing to listen on/);
      expect(message).toMatch(/\/__fake\/tokens mints working tokens/);
      expect(message).toMatch(/reachable from other machines/);
      expect(message).toMatch(/exposeControlRoutes: true/);
      expect(message).toMatch(/EXPOSE_CONTROL_ROUTES=1/);
    },
  );

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])('starts on loopback %s', async (host) => {
    const running = await startFakeOrdergroove({ host, port: 0 });
    try {
      const token = running.fake.mint();
      expect((await fetch(`${running.url}/one_click/skip?token=${token}`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('starts on 0.0.0.0 with exposeControlRoutes: true, control routes included', async () => {
    const running = await startFakeOrdergroove({
      host: '0.0.0.0',
      port: 0,
      exposeControlRoutes: true,
    });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const minted = await fetch(`${running.url}/__fake/tokens`, { method: 'POST' });
      expect(minted.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('the demo refuses HOST=0.0.0.0 the same way unless told to expose them', async () => {
    const refused = await startDemo({ host: '0.0.0.0', port: 0, apiPort: 0 }).catch(
      (e: unknown) => e,
    );
    expect(String(refused)).toMatch(/refusing to listen on 0\.0\.0\.0.*EXPOSE_CONTROL_ROUTES=1/);
    const demo = await startDemo({
      host: '0.0.0.0',
      port: 0,
      apiPort: 0,
      exposeControlRoutes: true,
    });
    try {
      expect((await fetch(`${demo.apiUrl}/__fake/tokens`, { method: 'POST' })).status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
