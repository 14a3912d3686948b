// @vitest-environment node
// The built package as users get it: run after `npm run build` (npm test builds first).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '../..');

describe('the published package', () => {
  test('every export points at a built file', () => {
    const targets = JSON.stringify(pkg.exports).match(/\.\/dist\/[\w./]+/g) ?? [];
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const target of targets) expect(existsSync(join(root, target)), target).toBe(true);
  });

  test('npm pack ships dist, the docs README links to, LICENSE, README and package.json only', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }),
    );
    const files: string[] = packed.files.map((file: { path: string }) => file.path);
    expect(files).toContain('dist/oca.js');
    expect(files).toContain('dist/webhooks.d.ts');
    expect(files).toContain('dist/testing.d.ts');
    expect(files).toContain('dist/cli.mjs');
    expect(files).toContain('LICENSE');
    expect(
      files.filter(
        (file) => !/^(dist\/|docs\/[\w-]+\.md$|LICENSE$|README\.md$|package\.json$)/.test(file),
      ),
    ).toEqual([]);
    // Every relative link in README.md and docs/ points at a file that is in the package.
    for (const doc of files.filter((file) => file.endsWith('.md'))) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\((?!https?:|mailto:|#)([^)#\s]+)/g)) {
        const resolved = join(dirname(doc), target!).replaceAll('\\', '/');
        expect(files, `${doc} links to ${target}`).toContain(resolved);
      }
    }
  });

  test('a CommonJS project can require both entries of the packed tarball (Node 20.19+)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-oca-cjs-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const installed = join(dir, 'node_modules', 'og-oca');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', installed, '--strip-components=1']);
    symlinkSync(join(root, 'node_modules', 'ky'), join(dir, 'node_modules', 'ky'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
    writeFileSync(
      join(dir, 'main.js'),
      `const { verifyWebhook, signWebhook } = require('og-oca/webhooks');
const { parseLink } = require('og-oca');
(async () => {
  const body = '{"data":{"object":{"one_click_token":"abcd"}}}';
  const header = await signWebhook({ body, secrets: 'k' });
  const event = await verifyWebhook({ body, header, secrets: 'k' });
  const link = parseLink('https://shop.example/l?token=abcd&action=skip');
  console.log(JSON.stringify({ token: event.data.object.one_click_token, action: link.link.action }));
})();
`,
    );
    const output = execFileSync(process.execPath, ['--no-warnings', 'main.js'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({ token: 'abcd', action: 'skip' });
  });

  test('Node resolves og-oca/webhooks to the node:crypto build; other runtimes get the Web Crypto build', () => {
    const resolved = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "process.stdout.write(import.meta.resolve('og-oca/webhooks'))"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(resolved).toMatch(/\/dist\/webhooks\.node\.mjs$/);
    expect(pkg.exports['./webhooks']).toEqual({
      types: './dist/webhooks.d.ts',
      node: './dist/webhooks.node.mjs',
      default: './dist/webhooks.mjs',
    });
    const nodeBuild = readFileSync(join(root, 'dist/webhooks.node.mjs'), 'utf8');
    const webBuild = readFileSync(join(root, 'dist/webhooks.mjs'), 'utf8');
    expect(nodeBuild).toMatch(/^import \{[^}]*createHmac[^}]*\} from 'node:crypto';$/m);
    expect(nodeBuild).not.toContain('subtle');
    expect(webBuild).not.toMatch(/from ['"]node:|import\(/);
    expect(webBuild).toContain("subtle().verify('HMAC'");
  });

  test('the browser entry and og-oca/webhooks import nothing new: ky and nothing, respectively', () => {
    // Static imports and re-exports at the start of a line, and dynamic imports of a literal.
    const imports = (file: string) =>
      [
        ...readFileSync(join(root, file), 'utf8').matchAll(
          /^(?:import|export)\b[^'"]*?['"]([^'"]+)['"];?$|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm,
        ),
      ]
        .map((match) => match[1] ?? match[2] ?? '')
        .sort();
    expect(imports('dist/oca.mjs')).toEqual(['ky']);
    expect(imports('dist/webhooks.mjs')).toEqual([]);
    // og-oca/testing: Node's modules and its own chunk; msw only when ordergrooveHandlers runs.
    for (const file of ['dist/testing.mjs', 'dist/cli.mjs']) {
      expect(
        imports(file).filter((name) => !/^(node:|\.\/testing-)/.test(name)),
        file,
      ).toEqual([]);
    }
  });

  test('npm install of the packed tarball in a clean directory: npx og-oca works, og-oca/testing runs without msw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-oca-install-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    writeFileSync(join(dir, 'package.json'), '{"name":"shop","private":true,"type":"module"}');
    // --prefer-offline: ky comes from npm's cache when `npm ci` put it there.
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)],
      { cwd: dir, encoding: 'utf8' },
    );
    const npx = (args: string[]) =>
      execFileSync('npx', ['--no-install', 'og-oca', ...args], { cwd: dir, encoding: 'utf8' });
    expect(npx(['--help'])).toMatch(/^Usage: og-oca <command>[\s\S]*send-test-events/);
    expect(npx(['--version'])).toBe(`${pkg.version}\n`);
    expect(npx(['link', 'https://shop.example/l', '--token', 'abcd', '--action', 'skip'])).toBe(
      'https://shop.example/l?token=abcd&action=skip\n',
    );
    // A usage error exits 2.
    let status: number | null = null;
    try {
      npx(['link']);
    } catch (error) {
      status = (error as { status: number | null }).status;
    }
    expect(status).toBe(2);
    // msw is an optional peer dependency: not installed, and not needed until asked for.
    expect(existsSync(join(dir, 'node_modules', 'msw'))).toBe(false);
    writeFileSync(
      join(dir, 'check.mjs'),
      `import { createFakeOrdergroove, ordergrooveHandlers, startFakeOrdergroove } from 'og-oca/testing';
const api = await startFakeOrdergroove({ fake: createFakeOrdergroove() });
const answer = await fetch(\`\${api.url}/one_click/skip?token=\${api.fake.mint()}\`);
await api.close();
const handlers = await ordergrooveHandlers(api.fake).then(() => 'loaded', (error) => error.message);
console.log(JSON.stringify({ status: answer.status, handlers }));
`,
    );
    const output = execFileSync(process.execPath, ['check.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      status: 200,
      handlers: expect.stringMatching(/needs msw 2 .*npm install --save-dev msw/),
    });
  }, 120_000);

  test('importing the ESM builds on a server touches no global', async () => {
    const before = Object.getOwnPropertyNames(globalThis).sort();
    const sdk = await import(join(root, 'dist/oca.mjs'));
    const webhooks = await import(join(root, 'dist/webhooks.mjs'));
    const nodeWebhooks = await import(join(root, 'dist/webhooks.node.mjs'));
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(before);
    expect(Object.keys(nodeWebhooks)).toEqual(Object.keys(webhooks));
    expect(typeof sdk.run).toBe('function');
    expect(typeof webhooks.verifyWebhook).toBe('function');
  });

  test('the types resolve under moduleResolution nodenext, without skipLibCheck', () => {
    const dir = mkdtempSync(join(tmpdir(), 'og-oca-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'og-oca'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    /** Type-checks `file` as a consumer project with nodenext resolution and `options` added. */
    const typecheck = (file: string, options: Record<string, unknown>) => {
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            noEmit: true,
            lib: ['ES2022', 'DOM'],
            ...options,
          },
          files: [join(root, file)],
        }),
      );
      // Throws (with tsc's report) on any type error, including an unused @ts-expect-error.
      expect(() =>
        execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }),
      ).not.toThrow();
    };
    typecheck('test/package/consumer.ts', { types: [] });
    // og-oca/react, with React's own types as an app has them.
    typecheck('test/package/react-consumer.ts', {
      types: [],
      typeRoots: [join(root, 'node_modules/@types')],
      skipLibCheck: true,
    });
    // og-oca/testing, in a store's test suite: with Node's types. skipLibCheck, as such a suite
    // has: checking msw's and Node's own declarations takes some 20 s.
    typecheck('test/package/testing-consumer.ts', {
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      skipLibCheck: true,
    });
  });
});
