/**
 * Assigning a user to the organisational unit they work from. Creating an IAM+SSO record or
 * granting a V-MÁTRIX role in a unit assigns the user to it (as the portal does), so the working
 * copy keeps the fixture rule "grants and records name a member of that unit".
 *
 * @example
 * ```ts
 * ensureMembership(store.state, { username: 'O83456', institutionId: 'E01620K', unitCode: '016200102' });
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';
import { NotFound } from '../core/errors.js';
import type { UnitSeat } from '../vmatrix/vmatrix.js';

/** Add the unit to the user's memberships if missing; returns true when it was added. */
export function ensureMembership(state: FixtureSet, seat: UnitSeat): boolean {
  const user = state.users.find((u) => u.username === seat.username);
  if (user === undefined) {
    throw new NotFound(`user \`${seat.username}\` is not an EESZT user of this simulator; look users up with GET /iam/api/lookup/users?q=<prefix>`, {}, 'USER_UNKNOWN');
  }
  const membership = user.memberships.find((m) => m.institutionId === seat.institutionId);
  if (membership === undefined) {
    user.memberships.push({ institutionId: seat.institutionId, units: [seat.unitCode] });
    return true;
  }
  if (membership.units.includes(seat.unitCode)) return false;
  membership.units.push(seat.unitCode);
  return true;
}
