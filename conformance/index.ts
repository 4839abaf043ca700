/**
 * The conformance suite: catalogue, adapters, runner, observe mode, reference HIS and its broken
 * variants. docs/conformance.md and docs/adapter.md describe them.
 *
 * @example
 * ```ts
 * import { runSuite, startEmbeddedTarget, commandAdapter } from './conformance/index.js';
 * const target = await startEmbeddedTarget();
 * const report = await runSuite({ adapter: commandAdapter({ command: 'node his.mjs' }), target });
 * ```
 */
export * from './adapter/protocol.js';
export type { HisAdapter } from './adapter/his-adapter.js';
export { commandAdapter, type CommandAdapterOptions } from './adapter/command-adapter.js';
export { httpAdapter, type HttpAdapterOptions } from './adapter/http-adapter.js';
export { inProcessAdapter } from './adapter/in-process-adapter.js';
export { AREAS, type CheckArea, type CheckDefinition, type CheckLevel, type Evidence, type Judgement, type Requirement } from './catalogue/check.js';
export { CATALOGUE, checkById, dependentsOf } from './catalogue/catalogue.js';
export { DEFAULT_TIMING, runSuite, type ProgressEvent, type SuiteOptions } from './runner/run-suite.js';
export { connectTarget, startEmbeddedTarget, type SuiteTarget } from './runner/target.js';
export { parseIdList, readExpectedFailures, SelectionError } from './runner/selection.js';
export { fetchJournal, judgeObserved } from './observe/observe.js';
export { createReferenceHis, type ReferenceHis } from './reference-his/reference-his.js';
export { referenceHisAdapter } from './reference-his/in-process.js';
export { REFERENCE_POLICY, type HisPolicy } from './reference-his/policy.js';
export { MUTANTS, mutantById, type Mutant } from './mutants/mutants.js';
export { SuiteError } from './scenario/suite-error.js';
export { runConnectionCheck, type ConnectionCheckOptions, type ConnectionCheckRun } from './connection-check/run-connection-check.js';
