/**
 * The progress line the runner prints per check: status, id, title and time, e.g.
 * `[ 7/37] PASS     TOKEN-REUSE              One token serves every call …   48 ms`.
 *
 * @example
 * ```ts
 * process.stderr.write(`${progressLine(3, 37, check)}\n`);
 * ```
 */
import type { CheckReport } from '../../reports/result-model.js';

/** The status word of a check (expected failures marked). */
export function statusWord(c: CheckReport): string {
  if (c.expectedFailure && c.status !== 'pass') return 'XFAIL';
  return c.status.toUpperCase();
}

/** One progress line. */
export function progressLine(index: number, total: number, c: CheckReport): string {
  const width = String(total).length;
  const title = c.title.length > 60 ? `${c.title.slice(0, 59)}…` : c.title;
  const extra = c.status === 'pass' || c.status === 'skipped' ? '' : `\n        ${c.message}`;
  return `[${String(index).padStart(width)}/${total}] ${statusWord(c).padEnd(8)} ${c.id.padEnd(24)} ${title.padEnd(60)} ${String(c.durationMs).padStart(6)} ms${extra}`;
}
