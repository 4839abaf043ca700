/**
 * Two test files using `eeszt-sim/msw` at the same time do not see each other's state: a child
 * vitest runs test/msw/parallel/file-a.iso.ts and file-b.iso.ts in two workers; each locks a
 * user in its own environment and, while the other is live, finds the other's lock absent.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';

describe('eeszt-sim/msw in two test files running in parallel', () => {
  it('each file has its own environment', () => {
    const root = packageRoot();
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-msw-parallel-'));
    try {
      const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/msw/parallel/vitest.config.ts'], {
        cwd: root,
        env: { ...process.env, EESZT_MSW_BARRIER_DIR: dir, CI: 'true', NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 180_000,
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output).toBe(0);
      expect(output).toMatch(/Test Files\s+2 passed/);
      expect(output).toMatch(/Tests\s+2 passed/);
      // Both files were live at once (each waited for the other's marker).
      expect(readFileSync(join(dir, 'a.done'), 'utf8')).toBe('ok');
      expect(readFileSync(join(dir, 'b.done'), 'utf8')).toBe('ok');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 200_000);
});
