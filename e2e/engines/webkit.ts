// WebKit: WebKitGTK's MiniBrowser driven by selenium-webdriver through WebKitWebDriver
// (classic WebDriver), on the display in $DISPLAY or on an Xvfb started here. Classic
// WebDriver has no init scripts and no console; the page recorder is installed after
// `load`, and a dialog shows up as the next command's UnexpectedAlertOpenError.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Builder, By, error as errors, type WebDriver } from 'selenium-webdriver';
import { type Engine, type EngineKind, installRecorder, resolveBinary, twoFrames } from './driver';

const INSTALL = 'webkit2gtk-driver xvfb';

/** WebKitWebDriver: `$WEBKIT_WEBDRIVER_PATH`, else Debian's. */
export const webkitWebDriverPath = () =>
  resolveBinary('WebKitWebDriver', 'WEBKIT_WEBDRIVER_PATH', ['/usr/bin/WebKitWebDriver'], INSTALL);

/** MiniBrowser: `$MINIBROWSER_PATH`, else Debian's WebKitGTK 4.1 build (amd64 or arm64). */
export const miniBrowserPath = () =>
  resolveBinary(
    'MiniBrowser',
    'MINIBROWSER_PATH',
    ['x86_64', 'aarch64'].map((arch) => `/usr/lib/${arch}-linux-gnu/webkit2gtk-4.1/MiniBrowser`),
    INSTALL,
  );

/** A free TCP port on the loopback interface. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Starts Xvfb on a display it picks itself (`-displayfd`); resolves with `:N`. */
const startXvfb = (children: ChildProcess[]) =>
  new Promise<string>((resolve, reject) => {
    const xvfb = spawn(
      resolveBinary('Xvfb', 'XVFB_PATH', ['/usr/bin/Xvfb'], INSTALL),
      ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
    );
    children.push(xvfb);
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
    let out = '';
    xvfb.stdio[3]?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
  });

/** Polls the driver's `/status` until it answers (it takes a moment to listen). */
const waitForDriver = async (url: string, driver: ChildProcess) => {
  for (let i = 0; i < 100; i++) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not answer at ${url} within 10 s`);
};

/** Launches MiniBrowser through WebKitWebDriver, with one window. */
const launch = async (): Promise<Engine> => {
  const binaries = { driver: webkitWebDriverPath(), browser: miniBrowserPath() };
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill();
  };
  process.once('exit', stop);
  let driver: WebDriver;
  try {
    const display = process.env.DISPLAY || (await startXvfb(children));
    const port = await freePort();
    const server = spawn(binaries.driver, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display },
      stdio: 'ignore',
    });
    children.push(server);
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, server);
    driver = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: binaries.browser, args: ['--automation'] },
      })
      .build();
    await driver.manage().window().setRect({ width: 1024, height: 768 });
  } catch (error) {
    stop();
    throw error;
  }
  const capabilities = await driver.getCapabilities();

  const problems: string[] = [];
  /** Runs a command; a dialog the page opened (dismissed by the driver) becomes a problem. */
  const command = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof errors.UnexpectedAlertOpenError)) throw error;
      problems.push(`a dialog opened ("${error.getAlertText() ?? ''}")`);
      return run();
    }
  };
  const evaluate = <R>(fn: (...args: never[]) => R, ...args: unknown[]) =>
    command(() => driver.executeScript<R>(`return (${fn}).apply(null, arguments)`, ...args));
  const afterLoad = () => evaluate(installRecorder);

  return {
    version: `${capabilities.getBrowserName()}/${capabilities.getBrowserVersion()}`,
    goto: async (url, options = {}) => {
      if (options.hideWebdriver)
        throw new Error(
          'WebKit (classic WebDriver) has no init scripts to hide navigator.webdriver',
        );
      if (url.includes('#')) await command(() => driver.get('about:blank'));
      await command(() => driver.get(url));
      await afterLoad();
    },
    reload: async () => {
      await command(() => driver.navigate().refresh());
      await afterLoad();
    },
    click: (selector, { count = 1 } = {}) =>
      command(async () => {
        const element = await driver.findElement(By.css(selector));
        if (count === 1) await element.click();
        else await driver.actions().doubleClick(element).perform();
      }),
    evaluate: (fn, ...args) => evaluate(fn as never, ...args) as never,
    problems: async () => [
      ...problems.splice(0),
      ...(await evaluate(() => window.__engineRecord?.errors.splice(0) ?? [])).map(
        (problem) => `${problem} (seen from load on)`,
      ),
    ],
    consoleLines: () => undefined,
    screenshot: async (path) => {
      await evaluate(twoFrames);
      await writeFile(path, await command(() => driver.takeScreenshot()), 'base64');
    },
    close: async () => {
      try {
        await driver.quit();
      } finally {
        stop();
        process.off('exit', stop);
      }
    },
  };
};

export const WEBKIT: EngineKind = {
  name: 'WebKit',
  initScripts: false,
  console: false,
  // WebKitGTK 2.50 resends a GET once when the connection that dropped was a reused
  // keep-alive one, and not on a new connection (seen against the fake's `reset`).
  attemptsPerDroppedGet: [1, 2],
  launch,
};
