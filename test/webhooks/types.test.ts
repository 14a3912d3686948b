// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('routes are typed by event type, and redisStore takes node-redis v5 clients and clusters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'og-oca-webhook-types-'));
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2022', 'DOM'],
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: [join(root, 'test/webhooks/types-fixture.ts')],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    // Throws with tsc's report on any type error, including an unused @ts-expect-error.
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', cwd: root }),
    ).not.toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
