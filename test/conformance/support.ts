/**
 * Helpers of the conformance tests: an embedded simulator target over the cached seed-1 test PKI,
 * the short timing the tests ask the HIS for, and compact views of a report.
 */
import type { SuiteReport } from '../../reports/result-model.js';
import { startEmbeddedTarget, type SuiteTarget } from '../../conformance/runner/target.js';
import type { AdapterTiming } from '../../conformance/adapter/protocol.js';
import { testPki } from '../helpers/sim.js';

/**
 * Short waits (the timeout check costs one request timeout), but room for a loaded CI machine: a
 * back-off base of 80 ms failed RETRY-BACKOFF-GROWS for the reference HIS at load average 10 (its
 * first measured wait 160-220 ms against 80 asked, the third 323 against 320), and let a HIS with no
 * back-off pass RETRY-MALFORMED; 150 ms keeps such latency well inside both thresholds.
 */
export const TEST_TIMING: AdapterTiming = { requestTimeoutMs: 800, backoffBaseMs: 150, maxAttempts: 4 };

/** An embedded simulator with TLS listeners. */
export async function testTarget(): Promise<SuiteTarget> {
  return startEmbeddedTarget({ pki: await testPki() });
}

/** Ids by status, in report order. */
export function idsWith(report: SuiteReport, ...statuses: string[]): string[] {
  return report.checks.filter((c) => statuses.includes(c.status)).map((c) => c.id);
}

/** One line per non-passing check, for assertion messages. */
export function findings(report: SuiteReport): string {
  return report.checks
    .filter((c) => c.status !== 'pass')
    .map((c) => `${c.id} ${c.status}: ${c.message}`)
    .join('\n');
}
