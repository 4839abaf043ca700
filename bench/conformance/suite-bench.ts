/**
 * The whole conformance suite against the reference HIS (in-process adapter, embedded
 * simulator with TLS, the suite's default timing), one check at a time and with several checks
 * at once. The baseline of the ratio is the one-at-a-time run of the same process. Figures go to
 * docs/performance.md (section `conformance`); nothing is asserted.
 *
 * Run: `npm run build && node dist/bench/conformance/suite-bench.js [concurrency...]`
 */
import { availableParallelism } from 'node:os';
import { referenceHisAdapter } from '../../conformance/reference-his/in-process.js';
import { runSuite } from '../../conformance/runner/run-suite.js';
import { startEmbeddedTarget } from '../../conformance/runner/target.js';
import { writePerformanceSection } from '../report-section.js';

const levels = process.argv.slice(2).map(Number).filter((n) => n >= 1);
const concurrencies = levels.length > 0 ? levels : [1, 2, 4];
const target = await startEmbeddedTarget();
const rows: string[] = [];
let baseline = 0;
try {
  for (const concurrency of concurrencies) {
    const started = performance.now();
    const report = await runSuite({ adapter: referenceHisAdapter(), target, concurrency });
    const ms = Math.round(performance.now() - started);
    if (baseline === 0) baseline = ms;
    const slowest = [...report.checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3).map((c) => `${c.id} ${(c.durationMs / 1000).toFixed(1)} s`).join(', ');
    const line = `| ${concurrency} | ${(ms / 1000).toFixed(1)} s | ${(ms / baseline).toFixed(2)} | ${report.summary.verdict} (${report.checks.filter((c) => c.status === 'pass').length}/${report.checks.length} pass) | ${slowest} |`;
    rows.push(line);
    process.stdout.write(`${line}\n`);
  }
} finally {
  await target.close();
}
const file = writePerformanceSection(
  'conformance',
  [
    `Whole conformance suite against the reference HIS (\`bench/conformance/suite-bench.ts\`; ${availableParallelism()} CPUs, ${new Date().toISOString().slice(0, 10)}; default timing: 1 s request timeout, 50 ms back-off). Ratio: wall time over the one-at-a-time run of the same process.`,
    '',
    '| checks at once | wall time | ratio | verdict | slowest checks |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n'),
);
process.stdout.write(`written ${file}\n`);
