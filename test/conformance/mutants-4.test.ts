/**
 * The meta-test, part 4 of 4: one third of the broken variants (no false pass: each fails
 * exactly its expected checks, with a message and a fix; its dependents are blocked).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MUTANTS } from '../../conformance/mutants/mutants.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { expectMutantCaught, partOf } from './mutant-cases.js';
import { testTarget } from './support.js';

let target: SuiteTarget;
beforeAll(async () => {
  target = await testTarget();
});
afterAll(() => target.close());

describe('broken variants, part 4', () => {
  for (const mutant of partOf(MUTANTS, 2, 3)) {
    it(`${mutant.id}: fails exactly ${mutant.expectedFailures.join(', ')}`, () => expectMutantCaught(target, mutant), 120_000);
  }
});
