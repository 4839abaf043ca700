/**
 * The conformance catalogue: every check, in the order the suite runs them (prerequisites
 * first), with lookups. Ids are stable: a retired check's id is never given to another rule.
 *
 * @example
 * ```ts
 * import { CATALOGUE, checkById } from './catalogue.js';
 * CATALOGUE.length; // 41
 * checkById('TOKEN-REUSE')?.level; // 'must'
 * ```
 */
import type { CheckDefinition } from './check.js';
import { AUTH_CHECKS } from './checks-auth.js';
import { CARD_CHECKS } from './checks-card.js';
import { IDENTIFIER_CHECKS } from './checks-identifiers.js';
import { RESILIENCE_CHECKS } from './checks-resilience.js';
import { ROLE_CHECKS } from './checks-roles.js';
import { STS_CHECKS } from './checks-sts.js';
import { TLS_CHECKS } from './checks-tls.js';
import { TOKEN_CHECKS } from './checks-token.js';
import { WS_SECURITY_CHECKS } from './checks-ws-security.js';

/** Every check, prerequisites before the checks that require them. */
export const CATALOGUE: readonly CheckDefinition[] = [
  ...IDENTIFIER_CHECKS,
  // before the logins: a clock that is off is the root cause of every refused login, reported once
  ...WS_SECURITY_CHECKS,
  ...STS_CHECKS,
  ...AUTH_CHECKS,
  ...TOKEN_CHECKS,
  ...CARD_CHECKS,
  ...ROLE_CHECKS,
  ...RESILIENCE_CHECKS,
  ...TLS_CHECKS,
];

/** A check by id. */
export function checkById(id: string): CheckDefinition | undefined {
  return CATALOGUE.find((c) => c.id === id);
}

/** Every check that (transitively) requires one of `ids`. */
export function dependentsOf(ids: Iterable<string>, checks: readonly CheckDefinition[] = CATALOGUE): Set<string> {
  const out = new Set<string>();
  const roots = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of checks) {
      if (out.has(c.id) || roots.has(c.id)) continue;
      if ((c.requires ?? []).some((r) => roots.has(r) || out.has(r))) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}
