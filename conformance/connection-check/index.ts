/**
 * The connection check (the eesztConnect stand-in): steps, runner, and the signed result.
 *
 * @example
 * ```ts
 * import { runConnectionCheck } from './conformance/connection-check/index.js';
 * ```
 */
export { runConnectionCheck, type ConnectionCheckOptions, type ConnectionCheckRun } from './run-connection-check.js';
export { STEPS, type CheckStep, type StepOutcome } from './steps.js';
export { openWafPkcs12, type WafCredential } from './waf-credential.js';
