/**
 * The one result model of a conformance run. The JUnit XML, HTML and JSON writers all render
 * this object and nothing else, so the three reports always agree. The JSON report is this
 * object as is; its schema is `report-schema.ts` (docs/conformance.md, "JSON report").
 *
 * @example
 * ```ts
 * const report: SuiteReport = await runSuite(options);
 * report.summary.verdict; // 'pass' when every must check passed (or was skipped / an expected failure)
 * ```
 */

/** Schema id of the JSON report. */
export const REPORT_SCHEMA = 'eeszt-sim-conformance-report/1';

/** A check's status. */
export type CheckStatus = 'pass' | 'fail' | 'blocked' | 'skipped' | 'error';

/** A journal exchange that decided a check: excerpts, secrets masked. */
export interface EvidenceExcerpt {
  seq: number;
  time: string;
  service: string;
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  /** Who called (address; organisation of the WAF-SSL certificate in TLS mode). */
  client?: string;
  request: string;
  response: string;
}

/** One adapter action of the scenario. */
export interface AdapterStep {
  action: string;
  params: Record<string, unknown>;
  ok?: boolean;
  error?: { code: string; message: string };
  /** Why the adapter gave no answer. */
  failure?: string;
  durationMs: number;
}

/** The result of one check. */
export interface CheckReport {
  id: string;
  title: string;
  area: string;
  areaTitle: string;
  level: 'must' | 'should';
  requirement: { source: string; ref: string; text: string };
  scenario: string;
  status: CheckStatus;
  /** Listed in the expected-failures file: does not fail the run. */
  expectedFailure: boolean;
  /** One line: what was found. */
  message: string;
  expected?: string;
  observed?: string;
  /** What to change (for fail, error and blocked). */
  fix?: string;
  /** For blocked checks: the failed prerequisites. */
  blockedBy?: string[];
  durationMs: number;
  evidence: EvidenceExcerpt[];
  adapter: AdapterStep[];
}

/** Counts and the verdict. */
export interface SuiteSummary {
  total: number;
  passed: number;
  failed: number;
  blocked: number;
  skipped: number;
  errors: number;
  expectedFailures: number;
  /** Ids of must checks that failed, were blocked or errored (expected failures excluded). */
  mustFailed: string[];
  /** `pass` exactly when `mustFailed` is empty. */
  verdict: 'pass' | 'fail';
}

/** A whole run. */
export interface SuiteReport {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'eeszt-sim'; version: string };
  /** `scripted`: the suite drove the HIS; `observe`: it judged traffic it did not script. */
  mode: 'scripted' | 'observe';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  his: { adapter: string; name?: string };
  simulator: { url: string; embedded: boolean; tls: boolean };
  summary: SuiteSummary;
  checks: CheckReport[];
}

/** Count the statuses and decide the verdict. */
export function summarise(checks: readonly CheckReport[]): SuiteSummary {
  const count = (s: CheckStatus): number => checks.filter((c) => c.status === s && !c.expectedFailure).length;
  const mustFailed = checks.filter((c) => c.level === 'must' && !c.expectedFailure && (c.status === 'fail' || c.status === 'blocked' || c.status === 'error')).map((c) => c.id);
  return {
    total: checks.length,
    passed: checks.filter((c) => c.status === 'pass').length,
    failed: count('fail'),
    blocked: count('blocked'),
    skipped: count('skipped'),
    errors: count('error'),
    expectedFailures: checks.filter((c) => c.expectedFailure && c.status !== 'pass').length,
    mustFailed,
    verdict: mustFailed.length === 0 ? 'pass' : 'fail',
  };
}

/** Area ids in report order with their titles, as found in the checks. */
export function areasOf(report: SuiteReport): Array<{ id: string; title: string; checks: CheckReport[] }> {
  const out: Array<{ id: string; title: string; checks: CheckReport[] }> = [];
  for (const c of report.checks) {
    let a = out.find((x) => x.id === c.area);
    if (a === undefined) {
      a = { id: c.area, title: c.areaTitle, checks: [] };
      out.push(a);
    }
    a.checks.push(c);
  }
  return out;
}
