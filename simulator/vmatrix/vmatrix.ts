/**
 * V-MÁTRIX: EESZT institution roles per organisational unit, read from and written to the
 * store's working copy (`store.state.vmatrix`), so a reset restores the fixtures.
 *
 * Every service call needs a role in the unit the caller's token names
 * ({@link requireVMatrixRole}); the refusal names the role, the unit and who can fix it.
 *
 * @example
 * ```ts
 * vmatrixRolesOf(store.state, { username: 'O50123', institutionId: 'E01620K', unitCode: '016200101' }); // ['ORVOS']
 * requireVMatrixRole(store.state, who, ['ORVOS'], 'write eRecept prescriptions'); // throws RoleMissing
 * ```
 */
import type { FixtureSet, VMatrixGrant } from '../../fixtures/schema.js';
import { NotFound, RoleMissing } from '../core/errors.js';
import { checkUsername } from '../identifiers/identifiers.js';

/** Who holds roles where: a user in one unit of one institution. */
export interface UnitSeat {
  username: string;
  institutionId: string;
  unitCode: string;
}

/** Where an admin or trainer fixes a missing V-MÁTRIX role. */
export const VMATRIX_FIX_HINT = "the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)";

const sameSeat = (g: VMatrixGrant, s: UnitSeat): boolean =>
  g.username === s.username && g.institutionId === s.institutionId && g.unitCode === s.unitCode;

/** The V-MÁTRIX roles a user holds in one unit (empty when none). */
export function vmatrixRolesOf(state: FixtureSet, seat: UnitSeat): string[] {
  return [...(state.vmatrix.find((g) => sameSeat(g, seat))?.roles ?? [])];
}

/** Every grant of an institution, optionally of one unit, sorted by unit and username. */
export function vmatrixGrantsOf(state: FixtureSet, institutionId: string, unitCode?: string): VMatrixGrant[] {
  return state.vmatrix
    .filter((g) => g.institutionId === institutionId && (unitCode === undefined || g.unitCode === unitCode))
    .map((g) => ({ ...g, roles: [...g.roles] }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.username.localeCompare(b.username));
}

/** Human list of role names: `` `ORVOS` `` or `` `GYOGYSZERESZ` or `INTEZMENYI_RENDSZER` ``. */
export function roleList(roles: readonly string[]): string {
  return roles.map((r) => `\`${r}\``).join(' or ');
}

/**
 * The message of a missing V-MÁTRIX role.
 *
 * @example
 * ```ts
 * missingRoleMessage(seat, ['ORVOS']);
 * // "user `O83456` has no V-MÁTRIX role `ORVOS` in unit `016200101` of `E01620K`; the institution's permission admin must grant it (Ágazati portál → V-MÁTRIX)"
 * ```
 */
export function missingRoleMessage(seat: UnitSeat, roles: readonly string[], purpose?: string): string {
  const why = purpose === undefined ? '' : ` (needed to ${purpose})`;
  const who = checkUsername(seat.username).ok
    ? `user \`${seat.username}\``
    : `the institutional token of \`${seat.username}\` acts for no system user and`;
  return `${who} has no V-MÁTRIX role ${roleList(roles)} in unit \`${seat.unitCode}\` of \`${seat.institutionId}\`${why}; ${VMATRIX_FIX_HINT}`;
}

/** The {@link RoleMissing} error for a seat lacking every one of `roles`. */
export function roleMissingError(seat: UnitSeat, roles: readonly string[], purpose?: string): RoleMissing {
  return new RoleMissing(missingRoleMessage(seat, roles, purpose), {
    details: { role: roles.join(' | '), unitCode: seat.unitCode, institutionId: seat.institutionId, username: seat.username },
  });
}

/**
 * Return the first of `roles` the seat holds, or throw {@link RoleMissing} naming the role(s),
 * the unit and the institution.
 */
export function requireVMatrixRole(state: FixtureSet, seat: UnitSeat, roles: readonly string[], purpose?: string): string {
  const held = vmatrixRolesOf(state, seat);
  const hit = roles.find((r) => held.includes(r));
  if (hit === undefined) throw roleMissingError(seat, roles, purpose);
  return hit;
}

/** Add a role to a seat (creating the grant); returns false when it was already held. */
export function grantVMatrixRole(state: FixtureSet, seat: UnitSeat, role: string): boolean {
  const grant = state.vmatrix.find((g) => sameSeat(g, seat));
  if (grant === undefined) {
    state.vmatrix.push({ institutionId: seat.institutionId, unitCode: seat.unitCode, username: seat.username, roles: [role] });
    return true;
  }
  if (grant.roles.includes(role)) return false;
  grant.roles.push(role);
  return true;
}

/**
 * Remove a role from a seat (dropping the grant when it was the last role). Throws
 * {@link NotFound} when the seat does not hold it.
 */
export function revokeVMatrixRole(state: FixtureSet, seat: UnitSeat, role: string): void {
  const index = state.vmatrix.findIndex((g) => sameSeat(g, seat));
  const grant = state.vmatrix[index];
  if (grant === undefined || !grant.roles.includes(role)) {
    throw new NotFound(
      `user \`${seat.username}\` holds no V-MÁTRIX role \`${role}\` in unit \`${seat.unitCode}\` of \`${seat.institutionId}\`; list the unit's grants first (GET /iam/api/vmatrix/units/${seat.unitCode})`,
      { details: { role, unitCode: seat.unitCode, username: seat.username } },
      'GRANT_NOT_FOUND',
    );
  }
  grant.roles = grant.roles.filter((r) => r !== role);
  if (grant.roles.length === 0) state.vmatrix.splice(index, 1);
}
