/**
 * Two test files using `eeszt-sim/msw` at the same time do not see each other's state: a child
 * vitest runs test/msw/parallel/file-a.iso.ts and file-b.iso.ts in two workers; each locks a
 * user in its own environment and, while the other is live, finds the other's lock absent.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVitest } from './run-child.js';

describe('eeszt-sim/msw in two test files running in parallel', () => {
  it('each file has its own environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-msw-parallel-'));
    try {
      const run = runVitest('test/msw/parallel/vitest.config.ts', { EESZT_MSW_BARRIER_DIR: dir });
      expect(run.status, run.output).toBe(0);
      expect(run.output).toMatch(/Test Files\s+2 passed/);
      expect(run.output).toMatch(/Tests\s+2 passed/);
      // Both files were live at once (each waited for the other's marker).
      expect(readFileSync(join(dir, 'a.done'), 'utf8')).toBe('ok');
      expect(readFileSync(join(dir, 'b.done'), 'utf8')).toBe('ok');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 200_000);
});
