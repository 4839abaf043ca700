/**
 * docs/msw.md promises what holds: its two examples are the files under test/msw/examples/,
 * verbatim, and both pass when run as a HIS team would run them (a child vitest; the
 * jest-style file with the runner's globals).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';

const root = packageRoot();

describe('docs/msw.md examples', () => {
  it('shows each example file verbatim under its marker', () => {
    const doc = readFileSync(join(root, 'docs/msw.md'), 'utf8');
    for (const [file, lang] of [
      ['test/msw/examples/vitest-example.ts', 'ts'],
      ['test/msw/examples/jest-style-example.mjs', 'js'],
    ] as const) {
      const code = readFileSync(join(root, file), 'utf8');
      expect(doc, file).toContain(`<!-- example: ${file} -->\n\`\`\`${lang}\n${code}\`\`\`\n`);
    }
  });

  it('both examples pass', () => {
    const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/msw/examples/vitest.config.ts'], {
      cwd: root,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Test Files\s+2 passed/);
    expect(output).toMatch(/Tests\s+3 passed/);
  }, 200_000);
});
