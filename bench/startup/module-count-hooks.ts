/**
 * Loader hooks of bench/startup's module count (see `module-count.ts`): appends the URL of every
 * `file:` module loaded to the log file given by `initialize`.
 */
import { appendFileSync } from 'node:fs';

let log: string | undefined;

/** Receives the log file's path from `register`. */
export function initialize(data: { log: string }): void {
  log = data.log;
}

/** Node's `load` hook: record the URL, then load as usual. */
export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<unknown>): Promise<unknown> {
  if (log !== undefined && url.startsWith('file:')) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
