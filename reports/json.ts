/**
 * The JSON report: the result model itself (schema `eeszt-sim-conformance-report/1`, see
 * report-schema.ts and docs/conformance.md).
 *
 * @example
 * ```ts
 * writeFileSync('conformance-report.json', renderJson(report));
 * ```
 */
import type { SuiteReport } from './result-model.js';

/** Render the report as JSON (2-space indented, trailing newline). */
export function renderJson(report: SuiteReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
