import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { validateReport } from './report-schema.js';
import { REPORT_SCHEMA, summarise, type CheckReport, type SuiteReport } from './result-model.js';

function check(id: string, status: CheckReport['status'], extra: Partial<CheckReport> = {}): CheckReport {
  return {
    id,
    title: `title of ${id}`,
    area: 'identifiers',
    areaTitle: 'Identifiers the HIS sends',
    level: 'must',
    requirement: { source: 'seed', ref: 'seed 001', text: 'rule' },
    scenario: 'scenario',
    status,
    expectedFailure: false,
    message: `message of ${id}`,
    durationMs: 5,
    evidence: [],
    adapter: [],
    ...extra,
  };
}

function report(checks: CheckReport[]): SuiteReport {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'eeszt-sim', version: '0.0.0' },
    mode: 'scripted',
    startedAt: '2026-03-02T08:00:00.000Z',
    finishedAt: '2026-03-02T08:00:01.000Z',
    durationMs: 1000,
    his: { adapter: 'command: x', name: 'HIS <&> "quoted"' },
    simulator: { url: 'http://127.0.0.1:1', embedded: true, tls: true },
    summary: summarise(checks),
    checks,
  };
}

describe('report writers', () => {
  const hostile = '<script>alert(1)</script> & "quotes" \u0001\u0008 ]]>';
  const r = report([
    check('A-PASS', 'pass'),
    check('B-FAIL', 'fail', { message: hostile, expected: 'x', observed: hostile, fix: 'do this', evidence: [{ seq: 1, time: 't', service: 'sts', method: 'POST', path: '/sts', status: 400, request: hostile, response: '<r/>' }] }),
    check('C-BLOCKED', 'blocked', { blockedBy: ['B-FAIL'], fix: 'Fix B-FAIL first' }),
    check('D-SKIPPED', 'skipped', { level: 'should' }),
    check('E-ERROR', 'error'),
    check('F-XFAIL', 'fail', { expectedFailure: true }),
  ]);

  it('summarises: must failures, blocked and errors fail the verdict; expected failures and should checks do not', () => {
    expect(r.summary).toMatchObject({ total: 6, passed: 1, failed: 1, blocked: 1, skipped: 1, errors: 1, expectedFailures: 1, mustFailed: ['B-FAIL', 'C-BLOCKED', 'E-ERROR'], verdict: 'fail' });
    expect(summarise([check('A', 'pass'), check('S', 'fail', { level: 'should' }), check('X', 'fail', { expectedFailure: true })]).verdict).toBe('pass');
  });

  it('writes well-formed JUnit XML whatever the HIS sent', () => {
    const xml = renderJunit(r);
    let broken = false;
    new DOMParser({ onError: (level: string) => { if (level !== 'warning') broken = true; } }).parseFromString(xml, 'text/xml');
    expect(broken).toBe(false);
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(xml).not.toMatch(/[\u0001\u0008]/);
    expect(xml).toContain('<testsuites name="eeszt-sim conformance (scripted): HIS &lt;&amp;&gt; &quot;quoted&quot;" tests="6" failures="1" errors="1" skipped="3"');
  });

  it('escapes everything in the HTML report', () => {
    const html = renderHtml(r);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/data-check-id=/g)).toHaveLength(6);
  });

  it('writes JSON that follows the schema and reads back as the same model', () => {
    const json = renderJson(r);
    expect(JSON.parse(json)).toEqual(r);
    expect(validateReport(JSON.parse(json))).toEqual([]);
    expect(validateReport({ ...r, checks: [{ ...r.checks[0], status: 'maybe' }] })).toEqual(['$.checks[0].status: must be one of "pass", "fail", "blocked", "skipped", "error"']);
  });
});
