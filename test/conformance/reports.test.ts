/**
 * The three reports render one result model and always agree: the same checks with the same
 * statuses in JUnit XML, HTML and JSON; the JSON report follows its schema; a failing report says
 * what to change; secrets never appear; the HTML file is self-contained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { CATALOGUE } from '../../conformance/catalogue/catalogue.js';
import { AREAS } from '../../conformance/catalogue/check.js';
import { mutantById } from '../../conformance/mutants/mutants.js';
import { referenceHisAdapter } from '../../conformance/reference-his/in-process.js';
import { runSuite } from '../../conformance/runner/run-suite.js';
import { parseIdList } from '../../conformance/runner/selection.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { validateReport } from '../../reports/report-schema.js';
import type { SuiteReport } from '../../reports/result-model.js';
import { writeReports } from '../../reports/write-reports.js';
import { TEST_TIMING, testTarget } from './support.js';

let target: SuiteTarget;
let mixed: SuiteReport;
let pinLeak: SuiteReport;
const dir = mkdtempSync(join(tmpdir(), 'eeszt-reports-'));

beforeAll(async () => {
  target = await testTarget();
  const bare = mutantById('missing-institution-prefix')!;
  mixed = await runSuite({
    adapter: referenceHisAdapter(bare.policy, bare.id),
    target,
    timing: TEST_TIMING,
    only: parseIdList('ID-*,STS-PASSWORD-LOGIN,STS-CERTIFICATE-LOGIN,TOKEN-UNCHANGED,RETRY-STS', CATALOGUE),
    skip: ['ID-UNIT'],
    expectedFailures: new Set(['ID-INSTITUTION-PHARMACY']),
  });
  const leak = mutantById('sends-pin')!;
  pinLeak = await runSuite({ adapter: referenceHisAdapter(leak.policy, leak.id), target, timing: TEST_TIMING, only: ['CARD-PIN-NOT-SENT', 'STS-PASSWORD-LOGIN'] });
});
afterAll(() => target.close());

/** Status per check id as each report says it. */
function statusesFromJunit(xml: string): Record<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
  const out: Record<string, string> = {};
  const cases = doc.getElementsByTagName('testcase');
  for (let i = 0; i < cases.length; i++) {
    const tc = cases.item(i) as Element;
    const id = (tc.getAttribute('name') ?? '').split(':')[0] as string;
    const child = (tag: string): Element | null => tc.getElementsByTagName(tag).item(0);
    const skipped = child('skipped')?.getAttribute('message') ?? '';
    out[id] = child('failure') !== null ? 'fail' : child('error') !== null ? 'error' : skipped.startsWith('expected failure') ? 'xfail' : skipped.startsWith('not run: it needs') ? 'blocked' : child('skipped') !== null ? 'skipped' : 'pass';
  }
  return out;
}

function statusesFromHtml(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-check-id="([^"]+)" data-status="([^"]+)" data-expected-failure="(true|false)"/g)) out[m[1] as string] = m[3] === 'true' ? 'xfail' : (m[2] as string);
  return out;
}

function statusesFromJson(report: SuiteReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.expectedFailure ? 'xfail' : c.status]));
}

/** The statuses without the checks --only left out (reported as skipped, not run). */
function selectedOnly(statuses: Record<string, string>, report: SuiteReport): Record<string, string> {
  const left = new Set(report.checks.filter((c) => c.message === 'not run: not selected with --only').map((c) => c.id));
  return Object.fromEntries(Object.entries(statuses).filter(([id]) => !left.has(id)));
}

describe('JUnit, HTML and JSON reports', () => {
  it('agree on every check and status (one model, three writers)', () => {
    const files = writeReports(mixed, dir);
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as SuiteReport;
    const all = statusesFromJson(mixed);
    expect(Object.keys(all)).toHaveLength(CATALOGUE.length); // --only: the other checks are reported as skipped
    const expected = selectedOnly(all, mixed);
    expect(expected).toEqual({
      'ID-USERNAME': 'pass',
      'ID-INSTITUTION-PROVIDER': 'fail',
      'ID-INSTITUTION-PHARMACY': 'xfail',
      'ID-UNIT': 'skipped',
      'STS-PASSWORD-LOGIN': 'blocked',
      'STS-CERTIFICATE-LOGIN': 'blocked',
      'TOKEN-UNCHANGED': 'blocked',
      'RETRY-STS': 'blocked',
    });
    expect(statusesFromJson(json)).toEqual(all);
    expect(statusesFromJunit(readFileSync(files.junit, 'utf8'))).toEqual(all);
    expect(statusesFromHtml(readFileSync(files.html, 'utf8'))).toEqual(all);
    expect(json.summary).toMatchObject({ total: CATALOGUE.length, passed: 1, failed: 1, blocked: 4, skipped: 1 + CATALOGUE.length - 8, expectedFailures: 1, verdict: 'fail' });
    expect(json.summary.mustFailed).toEqual(['ID-INSTITUTION-PROVIDER', 'STS-PASSWORD-LOGIN', 'STS-CERTIFICATE-LOGIN', 'TOKEN-UNCHANGED']);
  });

  it('JUnit has a testsuite per area with counts GitLab and Jenkins read', () => {
    const doc = new DOMParser().parseFromString(readFileSync(join(dir, 'conformance-report.xml'), 'utf8'), 'text/xml') as unknown as Document;
    const suites = doc.getElementsByTagName('testsuite');
    const names = Array.from({ length: suites.length }, (_, i) => suites.item(i)?.getAttribute('name'));
    expect(names).toEqual([...new Set(CATALOGUE.map((c) => c.area))].map((area) => `${area}: ${AREAS[area]}`));
    const ids = suites.item(0) as Element;
    expect([ids.getAttribute('tests'), ids.getAttribute('failures'), ids.getAttribute('skipped')]).toEqual(['4', '1', '2']);
    const root = doc.documentElement;
    expect([root.getAttribute('tests'), root.getAttribute('failures'), root.getAttribute('errors')]).toEqual([String(CATALOGUE.length), '1', '0']);
  });

  it('the JSON report follows its schema', () => {
    expect(validateReport(JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8')))).toEqual([]);
    expect(validateReport({ ...mixed, summary: { ...mixed.summary, verdict: 'maybe' } })).toEqual(['$.summary.verdict: must be one of "pass", "fail"']);
    expect(JSON.parse(readFileSync(join(dir, 'conformance-report.schema.json'), 'utf8')).$id).toBe('urn:eeszt-sim:schema:conformance-report:1');
  });

  it('a failing report tells the HIS developer what was wrong and what to change, with the request that decided it', () => {
    const c = mixed.checks.find((x) => x.id === 'ID-INSTITUTION-PROVIDER')!;
    expect(c.message).toContain('`01620K`');
    expect(c.message).toContain('lacks the `E` prefix');
    expect(c.expected).toBe('`E01620K`');
    expect(c.fix).toContain('`01620K` → `E01620K`');
    expect(c.evidence[0]?.request).toContain('<sim:InstitutionId xmlns:sim="urn:eeszt-sim:2026">01620K</sim:InstitutionId>');
    expect(c.evidence[0]?.errorCode).toBe('IDENTIFIER_INVALID');
    const html = readFileSync(join(dir, 'conformance-report.html'), 'utf8');
    expect(html).toContain('What to fix first');
    expect(html).toContain('<strong>What to change:</strong> Form the EESZT institution id');
    const xml = readFileSync(join(dir, 'conformance-report.xml'), 'utf8');
    expect(xml).toContain('what to change: Form the EESZT institution id');
    expect(mixed.checks.find((x) => x.id === 'STS-PASSWORD-LOGIN')?.fix).toBe('Fix ID-INSTITUTION-PROVIDER first; this check runs once it passes.');
  });

  it('the HTML report stays light: messages of passing checks only in the JSON report, long ones cut with a pointer to it', () => {
    const files = writeReports(mixed, mkdtempSync(join(tmpdir(), 'eeszt-light-')));
    const html = readFileSync(files.html, 'utf8');
    const passing = mixed.checks.find((c) => c.status === 'pass' && c.evidence.length > 0);
    const body = passing?.evidence[0]?.request ?? '';
    expect(body.length).toBeGreaterThan(200);
    expect(readFileSync(files.json, 'utf8')).toContain(JSON.stringify(body).slice(1, 200));
    expect(html).not.toContain(body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(html).toContain('request and response: in conformance-report.json (checks[].evidence)');
    for (const m of html.matchAll(/<pre>([\s\S]*?)<\/pre>/g)) expect((m[1] as string).length).toBeLessThan(6000 * 6);
  });

  it('the HTML report is one self-contained file: no scripts, no external resources, summary first', () => {
    const html = readFileSync(join(dir, 'conformance-report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html.indexOf('class="verdict fail"')).toBeLessThan(html.indexOf('data-check-id'));
  });

  it('never shows a secret: the leaked PIN and the passwords are masked in all three reports', () => {
    const files = writeReports(pinLeak, join(dir, 'pin'));
    const c = pinLeak.checks.find((x) => x.id === 'CARD-PIN-NOT-SENT')!;
    expect(c.status).toBe('fail');
    expect(c.message).toBe('the HIS sent the PIN digits in the body to sts (POST /sts)');
    expect(c.evidence[0]?.request).toContain('<his:CardholderPin xmlns:his="urn:example:his">***</his:CardholderPin>');
    for (const f of [files.json, files.html, files.junit]) {
      const text = readFileSync(f, 'utf8');
      expect(text).not.toMatch(/(?<![0-9A-Za-z+/])123456(?![0-9A-Za-z+/])/);
      expect(text).not.toContain('Aktiv-Orvos-1');
    }
  });
});
