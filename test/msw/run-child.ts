/**
 * Run a Node.js child in the package root and collect its output (the msw tests run vitest
 * configurations and the msw 3 check this way, as a HIS team's CI would run them).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';

/** Exit status and stdout + stderr of a finished child. */
export interface ChildResult {
  status: number | null;
  stdout: string;
  output: string;
}

/** `node <args>` in the package root, with extra environment variables. */
export function runNode(args: string[], env: Record<string, string> = {}): ChildResult {
  const run = spawnSync(process.execPath, args, {
    cwd: packageRoot(),
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}\n${run.stderr}` };
}

/** `vitest run --config <config>` in a child. */
export function runVitest(config: string, env: Record<string, string> = {}): ChildResult {
  return runNode([join(packageRoot(), 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], env);
}
