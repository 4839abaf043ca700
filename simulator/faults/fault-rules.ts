/**
 * The fault rules of one environment, kept in its store (bucket `faults.rules`), so they are
 * per environment (the default one and each isolated run) and a reset clears them. Deciding
 * whether a call is hit advances the rule's counters and seeded PRNG.
 *
 * @example
 * ```ts
 * const rule = addFaultRule(deps, { service: 'erecept', fault: 'status', status: 503, times: 2 });
 * const hit = decideFault(deps.store, { service: 'erecept', operations: ['IssuePrescription'] });
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import type { Store } from '../state/store.js';
import type { FaultRule, FaultRuleSpec } from './fault-rule.js';
import { nextRandom, seedState } from './prng.js';

const BUCKET = 'faults.rules';
const COUNTER = 'faults.counter';

/** The call a decision is made for. */
export interface FaultTarget {
  service: string;
  /** Every name the call's operation goes by (see request-operation.ts). */
  operations: readonly string[];
}

function rules(store: Store): Map<string, FaultRule> {
  return store.bucket<FaultRule>(BUCKET);
}

/** Every rule, in creation order. */
export function listFaultRules(store: Store): FaultRule[] {
  return [...rules(store).values()];
}

/** Store a validated rule; returns it with its id. */
export function addFaultRule(deps: Pick<SimDeps, 'store' | 'clock'>, spec: FaultRuleSpec): FaultRule {
  const counter = deps.store.bucket<number>(COUNTER);
  const n = (counter.get('next') ?? 0) + 1;
  counter.set('next', n);
  const rule: FaultRule = { ...spec, id: `f${n}`, matched: 0, injected: 0, prngState: seedState(spec.seed ?? 1), createdAt: deps.clock.now().toISOString() };
  rules(deps.store).set(rule.id, rule);
  return rule;
}

/** Remove one rule; false when there is none with this id. */
export function deleteFaultRule(store: Store, id: string): boolean {
  return rules(store).delete(id);
}

/** Remove every rule; returns how many there were. */
export function clearFaultRules(store: Store): number {
  const all = rules(store);
  const n = all.size;
  all.clear();
  return n;
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.service !== '*' && rule.service !== target.service) return false;
  return rule.operation === undefined || target.operations.includes(rule.operation);
}

/**
 * Decide whether this call is hit: the first matching rule (in creation order) that decides to
 * inject wins. Counters and the PRNG advance; a rule whose `times` are used up is removed.
 */
export function decideFault(store: Store, target: FaultTarget): FaultRule | undefined {
  const all = rules(store);
  for (const rule of all.values()) {
    if (!matches(rule, target)) continue;
    rule.matched++;
    let hit = true;
    if (rule.share !== undefined && rule.share < 1) {
      const draw = nextRandom(rule.prngState);
      rule.prngState = draw.state;
      hit = draw.value < rule.share;
    }
    if (!hit) continue;
    rule.injected++;
    const snapshot = { ...rule };
    if (rule.times !== undefined && rule.injected >= rule.times) all.delete(rule.id);
    return snapshot;
  }
  return undefined;
}

/** True when any rule exists (the middleware skips all work otherwise). */
export function hasFaultRules(store: Store): boolean {
  return rules(store).size > 0;
}
