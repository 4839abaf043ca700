/**
 * Benchmarks write their latest figures into docs/performance.md, each into its own section
 * between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../simulator/package-root.js';

/** Replace (or append) a benchmark's section in docs/performance.md. */
export function writePerformanceSection(name: string, markdown: string): string {
  const file = join(packageRoot(), 'docs', 'performance.md');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\nFigures written by the benchmarks in `bench/`; each run replaces its own section.\n';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i !== -1 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
  return file;
}

/** Median of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Percentile (nearest rank) of numbers. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank] as number;
}

/**
 * Run a benchmark's entry point: exit 0 when it finishes, print the error and exit 1 when it
 * fails (a failed bench must not leave its servers running or look like a pass).
 *
 * @example
 * ```ts
 * runBenchMain(main);
 * ```
 */
export function runBenchMain(task: () => Promise<unknown>): void {
  task().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
