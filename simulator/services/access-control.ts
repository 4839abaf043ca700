/**
 * Applying the permission matrix to a caller: which actor of a matrix cell the caller is (by the
 * V-MÁTRIX roles in the token's unit), and, for the treating doctor, whether the doctor's
 * institution has a care event for the patient.
 *
 * @example
 * ```ts
 * const grant = authorizeAccess(store.state, caller, 'erecept', 'read', scope); // throws ROLE_MISSING
 * if (grant.needsTreating) requireTreatingDoctor(store, caller, taj, 'erecept', 'read');
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';
import { BadRequest, Forbidden } from '../core/errors.js';
import { checkInstitutionId } from '../identifiers/identifiers.js';
import type { Store } from '../state/store.js';
import { roleMissingError, vmatrixRolesOf } from '../vmatrix/vmatrix.js';
import { VMATRIX_ROLE } from '../identifiers/roles.js';
import { requireInstitutionCertificate, requireMultiFactor } from '../policy/auth-rules.js';
import type { PolicyScope } from '../policy/policy.js';
import type { Caller } from './caller.js';
import { hasCareEvent } from './care-events.js';
import { ACTORS, PERMISSION_MATRIX, SERVICE_TITLES, type AccessKind, type ActorKind, type ServiceId } from './permission-matrix.js';

/** The actor a caller was admitted as. */
export interface AccessGrant {
  actor: ActorKind;
  /** The V-MÁTRIX role that admitted the caller. */
  role: string;
  /** True when the caller must still prove the treating relationship for the patient. */
  needsTreating: boolean;
}

/** `write eRecept`, `read EHR`, ... */
export function accessPhrase(service: ServiceId, access: AccessKind): string {
  return `${access} ${SERVICE_TITLES[service]}`;
}

/** `OPERATION_NOT_AVAILABLE`: the matrix marks this cell n/a; `hint` says what to use instead. */
export function notAvailableError(service: ServiceId, access: AccessKind, hint?: string): BadRequest {
  return new BadRequest(
    `${SERVICE_TITLES[service]} offers no ${access} operation (the EESZT permission matrix marks it n/a)${hint === undefined ? '' : `; ${hint}`}`,
    { details: { service, access } },
    'OPERATION_NOT_AVAILABLE',
  );
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/**
 * The held role that admits the caller to an actor: an institutional-certificate token acts by
 * the institutional user's role first; a person's token by a person's role first (so a doctor who
 * also holds INTEZMENYI_RENDSZER reports as a doctor, with their own login).
 */
function admittingRole(roles: readonly string[], held: readonly string[], caller: Caller): string | undefined {
  return rolesInCallerOrder(roles, caller).find((r) => held.includes(r));
}

/** Roles with those of the caller's kind first: the institutional user's for a certificate token, a person's otherwise. */
function rolesInCallerOrder(roles: readonly string[], caller: Caller): string[] {
  const institutional = (r: string): boolean => r === VMATRIX_ROLE.INTEZMENYI_RENDSZER;
  return caller.authMethod === 'certificate' ? [...roles.filter(institutional), ...roles.filter((r) => !institutional(r))] : [...roles.filter((r) => !institutional(r)), ...roles.filter(institutional)];
}

/**
 * The authentication rules of seed 003 for an admitted caller: acting by INTEZMENYI_RENDSZER (an
 * institutional user) needs an institutional-certificate token; a natural person's role needs a
 * multi-factor login (every business service handles patients' data).
 */
function requireAuthentication(scope: PolicyScope, caller: Caller, role: string, service: ServiceId, access: AccessKind): void {
  // rule: AUTH-INSTITUTION-CERTIFICATE, AUTH-MULTI-FACTOR (docs/rules.md)
  if (role === VMATRIX_ROLE.INTEZMENYI_RENDSZER) requireInstitutionCertificate(scope, caller, `${accessPhrase(service, access)} as the institution`);
  else requireMultiFactor(scope, caller, `${accessPhrase(service, access)} (patients' data)`);
}

/**
 * Admit the caller to a cell of the matrix or throw: `OPERATION_NOT_AVAILABLE` for an n/a cell,
 * `ROLE_MISSING` (naming the role, unit and institution) when the caller holds none of the roles
 * of the cell's actors in the token's unit, `ACTOR_NOT_ALLOWED` when the caller holds such a
 * role at the wrong kind of institution (e.g. a pharmacy acting as a provider); then the
 * authentication rules of the policy in force (`INSTITUTION_CERTIFICATE_REQUIRED`,
 * `MULTI_FACTOR_REQUIRED`).
 */
export function authorizeAccess(state: FixtureSet, caller: Caller, service: ServiceId, access: AccessKind, scope: PolicyScope): AccessGrant {
  // rule: PERM-VMATRIX, PERM-MATRIX (docs/rules.md)
  const actors = PERMISSION_MATRIX[service][access];
  if (actors === null) throw notAvailableError(service, access);
  const checked = checkInstitutionId(caller.institutionId);
  const kind = checked.ok ? checked.value.kind : 'provider';
  const held = vmatrixRolesOf(state, caller);
  const applicable = actors.filter((a) => ACTORS[a].institutionKinds.includes(kind));
  const admitted = applicable
    .map((a) => ({ actor: a, role: admittingRole(ACTORS[a].roles, held, caller) }))
    .filter((x): x is { actor: ActorKind; role: string } => x.role !== undefined)
    .sort((a, b) => Number(ACTORS[a.actor].treating) - Number(ACTORS[b.actor].treating));
  const first = admitted[0];
  if (first !== undefined) {
    requireAuthentication(scope, caller, first.role, service, access);
    return { actor: first.actor, role: first.role, needsTreating: ACTORS[first.actor].treating };
  }
  const allRoles = unique(actors.flatMap((a) => ACTORS[a].roles));
  if (applicable.length === 0 && allRoles.some((r) => held.includes(r))) {
    const where = kind === 'pharmacy' ? 'a pharmacy' : 'a health provider';
    const who = actors.map((a) => ACTORS[a].description).join('; or ');
    throw new Forbidden(
      `\`${caller.institutionId}\` is ${where}, and ${accessPhrase(service, access)} is for ${who}; use a token of such an institution`,
      { details: { service, access, institutionId: caller.institutionId } },
      'ACTOR_NOT_ALLOWED',
    );
  }
  const roles = rolesInCallerOrder(unique((applicable.length > 0 ? applicable : actors).flatMap((a) => ACTORS[a].roles)), caller);
  throw roleMissingError(caller, roles, accessPhrase(service, access));
}

/**
 * Throw `NOT_TREATING_DOCTOR` unless the caller's institution has a care event (Eseménykatalógus
 * entry) for the patient.
 */
export function requireTreatingDoctor(store: Store, caller: Caller, taj: string, service: ServiceId, access: AccessKind): void {
  if (hasCareEvent(store, taj, caller.institutionId)) return;
  // rule: PERM-TREATING-DOCTOR (docs/rules.md)
  throw new Forbidden(
    `doctor \`${caller.username}\` is not a treating doctor of patient \`${taj}\`: \`${caller.institutionId}\` has no care event (Eseménykatalógus entry) for this patient, and only treating doctors may ${accessPhrase(service, access)}; a doctor of the institution (ORVOS in the unit) or its institutional user records the care event first (Eseménykatalógus RegisterCareEvent)`,
    { details: { username: caller.username, taj, institutionId: caller.institutionId, service, access } },
    'NOT_TREATING_DOCTOR',
  );
}
