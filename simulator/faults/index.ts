/**
 * Fault injection: rules per environment (`/_sim/faults`), decided with a seeded PRNG, applied by
 * a middleware right after the journal. See docs/control-api.md, "Fault injection".
 *
 * @example
 * ```ts
 * import { createFaultsApp, faultMiddleware } from './simulator/faults/index.js';
 * ```
 */
export { FAULT_KINDS, parseFaultRule, faultRuleView, type FaultKind, type FaultRule, type FaultRuleSpec } from './fault-rule.js';
export { addFaultRule, clearFaultRules, decideFault, deleteFaultRule, listFaultRules, type FaultTarget } from './fault-rules.js';
export { faultMiddleware } from './fault-middleware.js';
export { createFaultsApp } from './faults-app.js';
export { requestOperations } from './request-operation.js';
export { nextRandom, seedState, type RandomDraw } from './prng.js';
