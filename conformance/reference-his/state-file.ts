/**
 * Keeping the reference HIS's memory between command-adapter invocations: each action is a new
 * process, so the session (token, settings) lives in a file in the check's state folder. A real
 * HIS's adapter would talk to the running HIS instead; the file keeps the example self-contained.
 *
 * @example
 * ```ts
 * const state = loadState(dir);
 * saveState(dir, state);
 * ```
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceHisState } from './reference-his.js';

const FILE = 'reference-his-state.json';

/** The saved state of a folder, or a fresh one. */
export function loadState(dir: string): ReferenceHisState {
  const file = join(dir, FILE);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ReferenceHisState;
  } catch {
    return {};
  }
}

/** Save the state (readable by the owner only: it holds a bearer token). */
export function saveState(dir: string, state: ReferenceHisState): void {
  writeFileSync(join(dir, FILE), JSON.stringify(state), { mode: 0o600 });
}
