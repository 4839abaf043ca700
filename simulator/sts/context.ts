/**
 * The context check of an Issue request: the institution and organisational unit named in the
 * claims must exist, the unit must belong to the institution, and the acting user must be a
 * member of both (memberships in the fixtures). The roles are the V-MÁTRIX grants of that user
 * in that unit (`store.state.vmatrix`); none is fine: login succeeds, operations are refused.
 *
 * @example
 * ```ts
 * resolveContext(deps, user, { institutionId: 'E01620K', unitCode: '016200101' }); // { roles: ['ORVOS'], ... }
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { BadRequest, Forbidden, NS_WST, type FaultSubcode } from '../core/errors.js';
import type { Institution, User } from '../../fixtures/schema.js';
import type { ContextClaims } from './rst.js';

const invalidScope: FaultSubcode = { prefix: 'wst', ns: NS_WST, local: 'InvalidScope' };

/** The resolved context of a token. */
export interface TokenContext {
  institutionId: string;
  unitCode: string;
  roles: string[];
}

/** The institution named in the claims; throws INSTITUTION_UNKNOWN. */
export function institutionOf(deps: SimDeps, institutionId: string): Institution {
  const inst = deps.store.state.institutions.find((i) => i.id === institutionId);
  if (inst === undefined) {
    throw new BadRequest(`institution \`${institutionId}\` does not exist in the loaded fixtures; check the EESZT institution id (GET /_sim/fixtures lists the institutions)`, {
      subcode: invalidScope,
      details: { institutionId },
    }, 'INSTITUTION_UNKNOWN');
  }
  return inst;
}

/** Check the unit exists and belongs to the institution; throws UNIT_UNKNOWN / UNIT_NOT_IN_INSTITUTION. */
export function checkUnitOfInstitution(deps: SimDeps, claims: ContextClaims): void {
  const unit = deps.store.state.units.find((u) => u.code === claims.unitCode);
  if (unit === undefined) {
    throw new BadRequest(`organisational unit \`${claims.unitCode}\` does not exist in the loaded fixtures; send the 9-digit permit code of the workstation's unit`, {
      subcode: invalidScope,
      details: { unitCode: claims.unitCode },
    }, 'UNIT_UNKNOWN');
  }
  if (unit.institutionId !== claims.institutionId) {
    // rule: STS-CONTEXT (docs/rules.md)
    throw new BadRequest(`organisational unit \`${claims.unitCode}\` belongs to institution \`${unit.institutionId}\`, not to \`${claims.institutionId}\`; send the unit together with its own institution`, {
      subcode: invalidScope,
      details: { unitCode: claims.unitCode, institutionId: claims.institutionId, unitInstitutionId: unit.institutionId },
    }, 'UNIT_NOT_IN_INSTITUTION');
  }
}

/** Check the user works at the institution and unit; throws NOT_MEMBER_OF_INSTITUTION / NOT_MEMBER_OF_UNIT. */
export function checkMembership(user: User, claims: ContextClaims): void {
  const membership = user.memberships.find((m) => m.institutionId === claims.institutionId);
  if (membership === undefined) {
    const where = user.memberships.map((m) => `\`${m.institutionId}\``).join(', ') || 'no institution';
    throw new Forbidden(`user \`${user.username}\` does not belong to institution \`${claims.institutionId}\` (member of ${where}); ask for a token for an institution the user works at`, {
      subcode: invalidScope,
      details: { username: user.username, institutionId: claims.institutionId },
    }, 'NOT_MEMBER_OF_INSTITUTION');
  }
  if (!membership.units.includes(claims.unitCode)) {
    throw new Forbidden(
      `user \`${user.username}\` is not assigned to organisational unit \`${claims.unitCode}\` of \`${claims.institutionId}\` (assigned to ${membership.units.map((u) => `\`${u}\``).join(', ') || 'none'}); users log in from the unit they work at`,
      { subcode: invalidScope, details: { username: user.username, institutionId: claims.institutionId, unitCode: claims.unitCode } },
      'NOT_MEMBER_OF_UNIT',
    );
  }
}

/** V-MÁTRIX roles of a user in one unit of an institution (distinct, in grant order). */
export function rolesOf(deps: SimDeps, username: string, claims: ContextClaims): string[] {
  const roles: string[] = [];
  for (const g of deps.store.state.vmatrix) {
    if (g.username !== username || g.institutionId !== claims.institutionId || g.unitCode !== claims.unitCode) continue;
    for (const r of g.roles) if (!roles.includes(r)) roles.push(r);
  }
  return roles;
}

/** Resolve the context of a person (password or card login). */
export function resolveContext(deps: SimDeps, user: User, claims: ContextClaims): TokenContext {
  institutionOf(deps, claims.institutionId);
  checkUnitOfInstitution(deps, claims);
  checkMembership(user, claims);
  return { institutionId: claims.institutionId, unitCode: claims.unitCode, roles: rolesOf(deps, user.username, claims) };
}
