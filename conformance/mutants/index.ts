/**
 * The broken variants of the reference HIS (see mutants.ts).
 *
 * @example
 * ```ts
 * import { MUTANTS } from './conformance/mutants/index.js';
 * ```
 */
export { MUTANTS, mutantById, type Mutant } from './mutants.js';
