/**
 * The simulator's policy: `strict` (the default) enforces the EESZT rules as the source documents
 * state them; `lenient` is an explicit opt-in for early HIS development that relaxes the rules
 * registered with `policy: 'strict'` (simulator/rules/registry.ts), e.g. password-only tokens
 * for patient data. Every answer lenient let through that strict would have refused carries the
 * header `EESZT-Sim-Lenient` (one `RULE-ID; code=ERROR_CODE` per relaxed rule, comma-separated)
 * and the journal entry's `lenient` list, so nobody mistakes it for conformance.
 *
 * The policy is part of each environment's configuration (`deps.config.policy`): `serve --policy`,
 * the fixture setting `settings.policy`, and `policy` in `POST /_sim/runs` for an isolated run.
 * Other parts (the TLS listeners) read it from there.
 *
 * @example
 * ```ts
 * const scope = policyScope(c, deps);
 * enforce(scope, 'AUTH-MULTI-FACTOR', multiFactorError(caller)); // throws under strict
 * ```
 */
import type { Context } from 'hono';
import type { Policy, SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, type SimError } from '../core/errors.js';

export type { Policy } from '../core/deps.js';

/** The policies. */
export const POLICIES: readonly Policy[] = ['strict', 'lenient'];

/** The default policy: the seeds' rules. */
export const DEFAULT_POLICY: Policy = 'strict';

/** The response header that flags an answer lenient allowed and strict would have refused. */
export const LENIENT_HEADER = 'EESZT-Sim-Lenient';

/** One rule lenient relaxed for an answer (journal entry field `lenient`). */
export interface LenientRelaxation {
  /** Rule id of the registry (docs/rules.md). */
  rule: string;
  /** The error code strict would have answered. */
  code: string;
  /** The message strict would have answered. */
  message: string;
}

/** Where a rule is applied: the policy in force and where to record a relaxation. */
export interface PolicyScope {
  readonly policy: Policy;
  relaxed(relaxation: LenientRelaxation): void;
}

/**
 * Read a policy value (CLI flag, fixture setting, run option). Throws `POLICY_INVALID`.
 *
 * @example
 * ```ts
 * parsePolicy('lenient', '`policy`'); // 'lenient'
 * ```
 */
export function parsePolicy(value: unknown, where: string): Policy {
  if (typeof value === 'string' && (POLICIES as readonly string[]).includes(value)) return value as Policy;
  const shown = typeof value === 'string' ? `\`${value.slice(0, 40)}\`` : `a ${value === null ? 'null' : typeof value}`;
  throw new BadRequest(
    `${where} is ${shown}; use \`strict\` (the default: EESZT's rules as the source documents state them) or \`lenient\` (early development: password tokens act everywhere, answers are flagged with the ${LENIENT_HEADER} header)`,
    { details: { value: typeof value === 'string' ? value.slice(0, 40) : String(value), expected: POLICIES.join(' | ') } },
    'POLICY_INVALID',
  );
}

/**
 * Apply a rule of the `strict` policy: under strict, throw `error`; under lenient, record the
 * relaxation (header + journal flag) and go on.
 */
export function enforce(scope: PolicyScope, rule: string, error: SimError): void {
  if (scope.policy === 'strict') throw error;
  scope.relaxed({ rule, code: error.code, message: error.message });
}

/** The header value for relaxations: `RULE-ID; code=ERROR_CODE, …`. */
export function lenientHeaderValue(relaxations: readonly LenientRelaxation[]): string {
  return relaxations.map((r) => `${r.rule}; code=${r.code}`).join(', ');
}

/** A scope that records relaxations on the request (read by the journal middleware). */
export function policyScope(c: Context<SimHonoEnv>, deps: Pick<SimDeps, 'config'>): PolicyScope {
  return {
    policy: deps.config.policy,
    relaxed(relaxation) {
      const list = c.get('lenient') ?? [];
      if (!list.some((r) => r.rule === relaxation.rule)) c.set('lenient', [...list, relaxation]);
    },
  };
}

/** A scope for code outside a request (tests, tools): relaxations are collected in `relaxations`. */
export function collectingScope(policy: Policy): PolicyScope & { relaxations: LenientRelaxation[] } {
  const relaxations: LenientRelaxation[] = [];
  return { policy, relaxations, relaxed: (r) => void relaxations.push(r) };
}
