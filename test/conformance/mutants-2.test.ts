/**
 * The second half of the broken variants (see mutants-1.test.ts).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MUTANTS } from '../../conformance/mutants/mutants.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { expectMutantCaught } from './mutant-cases.js';
import { testTarget } from './support.js';

let target: SuiteTarget;
beforeAll(async () => {
  target = await testTarget();
});
afterAll(() => target.close());

describe('broken variants, part 2', () => {
  for (const mutant of MUTANTS.slice(7)) {
    it(`${mutant.id}: fails exactly ${mutant.expectedFailures.join(', ')}`, () => expectMutantCaught(target, mutant));
  }
});
