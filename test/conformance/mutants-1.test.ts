/**
 * The suite passes the reference HIS, and catches the first half of the broken variants on
 * exactly their expected checks (the second half is in mutants-2.test.ts, so the two run in
 * parallel).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../conformance/catalogue/catalogue.js';
import { MUTANTS } from '../../conformance/mutants/mutants.js';
import { referenceHisAdapter } from '../../conformance/reference-his/in-process.js';
import { runSuite } from '../../conformance/runner/run-suite.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { expectMutantCaught } from './mutant-cases.js';
import { findings, idsWith, TEST_TIMING, testTarget } from './support.js';

let target: SuiteTarget;
beforeAll(async () => {
  target = await testTarget();
});
afterAll(() => target.close());

describe('the catalogue', () => {
  it('has at least 30 checks with stable unique ids, a requirement, a level, a scenario and a fix', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CATALOGUE.map((c) => c.id)).size).toBe(CATALOGUE.length);
    for (const c of CATALOGUE) {
      expect(c.id).toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/);
      expect(['must', 'should']).toContain(c.level);
      expect(c.requirement.ref.length).toBeGreaterThan(5);
      expect(c.scenario.length).toBeGreaterThan(10);
      expect(c.fix.length).toBeGreaterThan(10);
      for (const r of c.requires ?? []) expect(CATALOGUE.findIndex((x) => x.id === r), `${c.id} requires ${r}, which must come first`).toBeLessThan(CATALOGUE.indexOf(c));
    }
  });

  it('has at least 10 variants, and every check can fail: each variant names checks of the catalogue', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(10);
    for (const m of MUTANTS) for (const id of m.expectedFailures) expect(CATALOGUE.map((c) => c.id)).toContain(id);
  });
});

describe('reference HIS (in-process adapter)', () => {
  it('passes every check', async () => {
    const report = await runSuite({ adapter: referenceHisAdapter(), target, timing: TEST_TIMING });
    expect(idsWith(report, 'pass'), findings(report)).toHaveLength(CATALOGUE.length);
    expect(report.summary.verdict).toBe('pass');
  });
});

describe('broken variants, part 1', () => {
  for (const mutant of MUTANTS.slice(0, 7)) {
    it(`${mutant.id}: fails exactly ${mutant.expectedFailures.join(', ')}`, () => expectMutantCaught(target, mutant));
  }
});
