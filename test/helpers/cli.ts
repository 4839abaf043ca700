/**
 * Helpers for tests that run the compiled CLI (`dist/cli/bin.js`) as a real process.
 * `npm test` builds before vitest runs, so dist/ is current.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { packageRoot } from '../../simulator/package-root.js';

export const BIN = join(packageRoot(), 'dist', 'cli', 'bin.js');
export const TEST_CACHE = join(tmpdir(), 'eeszt-sim-test-cache');

/** Run the CLI to completion. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, EESZT_SIM_CACHE: TEST_CACHE, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Start `serve` and wait for its start-up map; returns the process and its base URL. */
export function startServe(args: string[] = [], env: Record<string, string> = {}): Promise<{ child: ChildProcessWithoutNullStreams; origin: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, EESZT_SIM_CACHE: TEST_CACHE, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /discovery\s+(https?:\/\/[^/\s]+)\/\.well-known/.exec(out);
      if (m) resolve({ child, origin: m[1] as string, output: () => out });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

/** Send a signal and wait for the exit code. */
export function stop(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
