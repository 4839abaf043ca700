/**
 * Report writers of the conformance suite: one result model, three renderings (JUnit XML, one
 * self-contained HTML file, JSON with a schema), and the signed connection-check result.
 *
 * @example
 * ```ts
 * import { writeReports } from './reports/index.js';
 * writeReports(report, 'out');
 * ```
 */
export * from './result-model.js';
export { renderJunit } from './junit.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { REPORT_JSON_SCHEMA, validateReport } from './report-schema.js';
export { writeReports, type WrittenReports } from './write-reports.js';
export { signCms, type CmsSigner } from './cms-sign.js';
