/**
 * How every sub-command reports failure: one line on stderr saying what to do, and a
 * documented exit code — never a stack trace.
 *
 * Exit codes: 0 success; 1 the command ran and found a failure (invalid file, failed check);
 * 2 usage error (bad flag or value); 3 could not start (port in use, unreadable file).
 */
import { SimError } from '../simulator/core/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_START = 3;

/** An error that ends a CLI command with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Print an error the way the CLI does and return its exit code. */
export function reportCliError(err: unknown): number {
  if (err instanceof CliError) {
    process.stderr.write(`eeszt-sim: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof SimError) {
    process.stderr.write(`eeszt-sim: ${err.message}\n`);
    const errors = (err.details?.errors ?? []) as Array<{ path: string; message: string }>;
    for (const e of errors) process.stderr.write(`  ${e.path}: ${e.message}\n`);
    return err.status < 500 ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`eeszt-sim: ${message}\n`);
  if (process.env.EESZT_SIM_DEBUG === '1' && err instanceof Error && err.stack !== undefined) process.stderr.write(`${err.stack}\n`);
  return EXIT_FAILURE;
}

/** Parse a whole number option, or throw a usage error naming the flag. */
export function parseIntOption(flag: string, value: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} takes a whole number; got \`${value}\``, EXIT_USAGE);
  const n = Number(value);
  if (n < min || n > max) throw new CliError(`${flag} must be between ${min} and ${max}; got ${n}`, EXIT_USAGE);
  return n;
}

/**
 * Check a `--target` value (the URL of a running simulator) and return it without trailing
 * slashes, or throw a usage error.
 */
export function parseTargetOption(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--target takes the simulator's URL such as http://127.0.0.1:8080; got \`${raw}\``, EXIT_USAGE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--target must be an http:// or https:// URL; got \`${raw}\``, EXIT_USAGE);
  return raw.replace(/\/+$/, '');
}
