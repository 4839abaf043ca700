/**
 * The meta-test of the conformance suite, part 1: the catalogue's shape, and no false failure:
 * the reference HIS and every correct variant (e.g. one that re-serialises the token, as
 * WSS4J, WCF and zeep do) pass every check. Parts 2-4 run the broken variants (no false pass:
 * each fails exactly its expected checks); vitest runs the four files in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../conformance/catalogue/catalogue.js';
import { CORRECT_VARIANTS, MUTANTS } from '../../conformance/mutants/mutants.js';
import { REFERENCE_POLICY } from '../../conformance/reference-his/policy.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { expectPassesEverything } from './mutant-cases.js';
import { testTarget } from './support.js';

let target: SuiteTarget;
beforeAll(async () => {
  target = await testTarget();
});
afterAll(() => target.close());

describe('the catalogue', () => {
  it('has at least 30 checks with stable unique ids, a requirement, a level, a scenario, the evidence it needs and a fix', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CATALOGUE.map((c) => c.id)).size).toBe(CATALOGUE.length);
    for (const c of CATALOGUE) {
      expect(c.id).toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/);
      expect(['must', 'should']).toContain(c.level);
      expect(c.requirement.ref.length).toBeGreaterThan(5);
      expect(c.scenario.length).toBeGreaterThan(10);
      expect(c.minimumEvidence.length, `${c.id} states its minimum evidence`).toBeGreaterThan(10);
      expect(c.fix.length).toBeGreaterThan(10);
      for (const r of c.requires ?? []) expect(CATALOGUE.findIndex((x) => x.id === r), `${c.id} requires ${r}, which must come first`).toBeLessThan(CATALOGUE.indexOf(c));
    }
  });

  it('has at least 20 broken variants with unique ids, each naming checks of the catalogue', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
    for (const m of MUTANTS) {
      expect(m.expectedFailures.length).toBeGreaterThan(0);
      for (const id of m.expectedFailures) expect(CATALOGUE.map((c) => c.id)).toContain(id);
    }
  });
});

describe('no false failure', () => {
  it('the reference HIS passes every check', () => expectPassesEverything(target, REFERENCE_POLICY, 'reference'), 120_000);
  for (const v of CORRECT_VARIANTS) {
    it(`the correct variant ${v.id} passes every check`, () => expectPassesEverything(target, v.policy, v.id), 120_000);
  }
});
