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
import pkg from '../package.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '..');

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
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: [join(root, 'test/package/consumer.ts')],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    // Throws (with tsc's report) on any type error, including an unused @ts-expect-error.
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }),
    ).not.toThrow();
  });
});
