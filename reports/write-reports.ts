/**
 * Write the three reports of one run into a folder: `conformance-report.xml` (JUnit),
 * `conformance-report.html` and `conformance-report.json`, plus the JSON report's schema.
 *
 * @example
 * ```ts
 * const files = writeReports(report, 'reports-out'); // { junit, html, json, schema }
 * ```
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { REPORT_JSON_SCHEMA } from './report-schema.js';
import type { SuiteReport } from './result-model.js';

/** Paths of the written files. */
export interface WrittenReports {
  junit: string;
  html: string;
  json: string;
  schema: string;
}

/** Write the reports (the folder is created if needed). */
export function writeReports(report: SuiteReport, dir: string, basename = 'conformance-report'): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const files: WrittenReports = {
    junit: join(dir, `${basename}.xml`),
    html: join(dir, `${basename}.html`),
    json: join(dir, `${basename}.json`),
    schema: join(dir, `${basename}.schema.json`),
  };
  writeFileSync(files.junit, renderJunit(report));
  writeFileSync(files.html, renderHtml(report));
  writeFileSync(files.json, renderJson(report));
  writeFileSync(files.schema, `${JSON.stringify(REPORT_JSON_SCHEMA, null, 2)}\n`);
  return files;
}
