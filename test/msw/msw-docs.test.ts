/**
 * docs/msw.md promises what holds: its two examples are the files under test/msw/examples/,
 * verbatim, and both pass when run as a HIS team would run them (a child vitest; the
 * jest-style file with the runner's globals).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';
import { runVitest } from './run-child.js';

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
    const run = runVitest('test/msw/examples/vitest.config.ts');
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/Test Files\s+2 passed/);
    expect(run.output).toMatch(/Tests\s+3 passed/);
  }, 200_000);
});
