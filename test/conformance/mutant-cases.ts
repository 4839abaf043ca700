/**
 * The shared body of the mutant tests: the full catalogue against one broken variant of the
 * reference HIS (in-process adapter), which must fail exactly its expected checks; every other
 * check passes, except those that require a failed one (blocked, never run).
 */
import { expect } from 'vitest';
import { CATALOGUE, dependentsOf } from '../../conformance/catalogue/catalogue.js';
import type { Mutant } from '../../conformance/mutants/mutants.js';
import type { HisPolicy } from '../../conformance/reference-his/policy.js';
import { referenceHisAdapter } from '../../conformance/reference-his/in-process.js';
import { runSuite } from '../../conformance/runner/run-suite.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { findings, idsWith, TEST_TIMING } from './support.js';

/** Run the catalogue against a variant and check its failures. */
export async function expectMutantCaught(target: SuiteTarget, mutant: Mutant): Promise<void> {
  const report = await runSuite({ adapter: referenceHisAdapter(mutant.policy, mutant.id), target, timing: TEST_TIMING });
  const expected = CATALOGUE.map((c) => c.id).filter((id) => mutant.expectedFailures.includes(id));
  expect(idsWith(report, 'fail', 'error'), findings(report)).toEqual(expected);
  const blocked = dependentsOf(mutant.expectedFailures);
  expect(idsWith(report, 'blocked')).toEqual(CATALOGUE.map((c) => c.id).filter((id) => blocked.has(id)));
  expect(idsWith(report, 'skipped')).toEqual([]);
  expect(report.summary.verdict).toBe(mutant.expectedFailures.some((id) => CATALOGUE.find((c) => c.id === id)?.level === 'must') ? 'fail' : 'pass');
  for (const c of report.checks.filter((x) => x.status === 'fail')) {
    expect(c.message, `${c.id} must not fail for want of evidence: the variant's bug must be named`).not.toMatch(/^not enough evidence/);
    expect(c.fix, `${c.id} must say what to change`).toBeTruthy();
    expect(c.expected, `${c.id} must say what was expected`).toBeTruthy();
    expect(c.observed, `${c.id} must say what was observed`).toBeTruthy();
  }
}

/** Part `index` of `parts` (round robin, so that the slow variants spread over the files). */
export function partOf<T>(items: readonly T[], index: number, parts: number): T[] {
  return items.filter((_, i) => i % parts === index);
}

/** Run the catalogue against a variant that must pass everything. */
export async function expectPassesEverything(target: SuiteTarget, policy: HisPolicy, name: string): Promise<void> {
  const report = await runSuite({ adapter: referenceHisAdapter(policy, name), target, timing: TEST_TIMING });
  expect(idsWith(report, 'pass'), findings(report)).toHaveLength(CATALOGUE.length);
  expect(report.summary.verdict).toBe('pass');
}
