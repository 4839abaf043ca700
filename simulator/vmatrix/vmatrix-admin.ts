/**
 * The V-MÁTRIX admin operations behind `/iam/api/vmatrix/...`: list the grants of the admin's
 * institution per unit, grant and revoke a role of a user in a unit. Each change is checked
 * against the role catalogue (the role must be a V-MÁTRIX role that fits the username prefix),
 * assigns the user to the unit, and is written to the audit trail.
 *
 * @example
 * ```ts
 * grantUnitRole(deps, admin, '016200102', { username: 'O83456', role: 'ORVOS' });
 * revokeUnitRole(deps, admin, '016200102', 'O83456', 'ORVOS');
 * ```
 */
import type { Unit, VMatrixGrant } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { BadRequest, Conflict, NotFound } from '../core/errors.js';
import { checkUnitCode, checkUsername, must } from '../identifiers/identifiers.js';
import { checkRoleForUser, findRole, VMATRIX_ROLE, VMATRIX_ROLES } from '../identifiers/roles.js';
import { appendAudit, auditActor } from '../iam/audit.js';
import { ensureMembership } from '../iam/membership.js';
import { grantVMatrixRole, revokeVMatrixRole, vmatrixGrantsOf, vmatrixRolesOf, type UnitSeat } from './vmatrix.js';

type Deps = Pick<SimDeps, 'store' | 'clock'>;

/** One unit of the institution with its grants. */
export interface UnitGrants {
  unit: Unit;
  grants: VMatrixGrant[];
}

/** The unit with this code in the admin's institution, or `UNIT_UNKNOWN`. */
export function unitOfInstitution(deps: Deps, institutionId: string, unitCode: unknown): Unit {
  const code = must(checkUnitCode(unitCode), 'unitCode');
  const unit = deps.store.state.units.find((u) => u.code === code && u.institutionId === institutionId);
  if (unit === undefined) {
    throw new NotFound(
      `organisational unit \`${code}\` is not a unit of \`${institutionId}\`; an admin manages the units of the institution of their login (GET /iam/api/lookup/units?q=<prefix> lists them)`,
      { details: { unitCode: code, institutionId } },
      'UNIT_UNKNOWN',
    );
  }
  return unit;
}

/** Every unit of the admin's institution with its grants. */
export function listUnitGrants(deps: Deps, institutionId: string): UnitGrants[] {
  return deps.store.state.units
    .filter((u) => u.institutionId === institutionId)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((unit) => ({ unit: { ...unit }, grants: vmatrixGrantsOf(deps.store.state, institutionId, unit.code) }));
}

/** Check a V-MÁTRIX role for a user: `ROLE_UNKNOWN` (400) or `ROLE_PREFIX_MISMATCH` (422). */
export function checkVMatrixRole(role: unknown, username: string): string {
  const def = typeof role === 'string' ? findRole(role) : undefined;
  const check = checkRoleForUser(role, username, 'vmatrix');
  if (def === undefined || def.scope !== 'vmatrix') {
    const why = check.ok ? `role \`${String(role)}\` is not a V-MÁTRIX role` : check.message;
    const suffix = why.includes('V-MÁTRIX roles:') || why.includes('use `') ? '' : `; V-MÁTRIX roles: ${VMATRIX_ROLES.map((r) => `\`${r.name}\``).join(', ')}`;
    throw new BadRequest(`${why}${suffix}`, { details: { role: String(role) } }, 'ROLE_UNKNOWN');
  }
  if (!check.ok) throw new BadRequest(check.message, { status: 422, details: { role: def.name, username } }, 'ROLE_PREFIX_MISMATCH');
  return def.name;
}

/** A known user's username, checked; `USER_UNKNOWN` when no such user exists. */
function knownUser(deps: Deps, username: unknown): string {
  const { username: name } = must(checkUsername(username), 'username');
  if (!deps.store.state.users.some((u) => u.username === name)) {
    throw new NotFound(`user \`${name}\` is not an EESZT user of this simulator; look users up with GET /iam/api/lookup/users?q=<prefix>`, { details: { username: name } }, 'USER_UNKNOWN');
  }
  return name;
}

/** Grant a role in a unit; returns the seat's roles and whether anything changed. */
export function grantUnitRole(deps: Deps, admin: UnitSeat, unitCode: unknown, body: { username?: unknown; role?: unknown }): { seat: UnitSeat; roles: string[]; changed: boolean } {
  const unit = unitOfInstitution(deps, admin.institutionId, unitCode);
  const username = knownUser(deps, body.username);
  const role = checkVMatrixRole(body.role, username);
  const seat: UnitSeat = { username, institutionId: admin.institutionId, unitCode: unit.code };
  ensureMembership(deps.store.state, seat);
  const changed = grantVMatrixRole(deps.store.state, seat, role);
  if (changed) appendAudit(deps, { actor: auditActor(admin), action: 'grant', scope: 'vmatrix', role, ...seat });
  return { seat, roles: vmatrixRolesOf(deps.store.state, seat), changed };
}

/** Revoke a role in a unit. An admin cannot remove their own `JOGOSULTSAG_ADMIN` in their login unit. */
export function revokeUnitRole(deps: Deps, admin: UnitSeat, unitCode: unknown, username: unknown, role: unknown): { seat: UnitSeat; roles: string[] } {
  const unit = unitOfInstitution(deps, admin.institutionId, unitCode);
  const name = knownUser(deps, username);
  const seat: UnitSeat = { username: name, institutionId: admin.institutionId, unitCode: unit.code };
  if (role === VMATRIX_ROLE.JOGOSULTSAG_ADMIN && name === admin.username && unit.code === admin.unitCode) {
    throw new Conflict(
      `you would remove your own \`JOGOSULTSAG_ADMIN\` in the unit you are logged in from (\`${unit.code}\`); ask another permission admin of \`${admin.institutionId}\` to do it`,
      { details: { username: name, unitCode: unit.code } },
      'SELF_LOCKOUT',
    );
  }
  revokeVMatrixRole(deps.store.state, seat, String(role));
  appendAudit(deps, { actor: auditActor(admin), action: 'revoke', scope: 'vmatrix', role: String(role), ...seat });
  return { seat, roles: vmatrixRolesOf(deps.store.state, seat) };
}
