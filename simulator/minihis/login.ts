/**
 * miniHIS login (`POST /minihis/api/login`): the institution and the unit picked from the
 * look-ups, the EESZT username, and either a mobilToken code or an rID package from the card
 * login. The user must hold the miniHIS role of their username prefix in that unit. Success
 * starts a 7-hour session.
 *
 * Checks, in order: `institutionPick`, `unitPick`, `username` (format, then known), exactly one
 * login method, the method itself (mobilToken or card), the miniHIS role.
 *
 * @example
 * ```ts
 * const result = login(deps, { institutionPick, unitPick, username: 'O50123', mobilTokenCode: '123456' });
 * result.token; // send as `Authorization: Bearer <token>`
 * ```
 */
import type { Institution, Unit, User } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { BadRequest } from '../core/errors.js';
import { checkUsername, must } from '../identifiers/identifiers.js';
import { verifyMobilToken } from '../mobiltoken/verify.js';
import { findUser } from '../sts/authenticate-password.js';
import type { Body } from './body.js';
import { verifyCardLogin } from './card-login.js';
import { resolveInstitutionPick, resolveUnitPick } from './picks.js';
import { requireMiniHisRole } from './role-check.js';
import { createSession, type LoginMethod, type MiniHisSession } from './sessions.js';
import { termsAcceptance } from './terms.js';

/** The fields `POST /minihis/api/login` takes. */
export const LOGIN_FIELDS = ['institutionPick', 'unitPick', 'username', 'mobilTokenCode', 'ridPackage'] as const;

/** A successful login. */
export interface LoginResult {
  /** The bearer token (returned once). */
  token: string;
  session: MiniHisSession;
  user: User;
  institution: Institution;
  unit: Unit;
  /** True when this provider has not accepted the ÁSZF yet: the user must do it first. */
  termsRequired: boolean;
}

function methodOf(body: Body): LoginMethod {
  const code = body.mobilTokenCode !== undefined;
  const card = body.ridPackage !== undefined;
  if (code && card) {
    // rule: MINIHIS-LOGIN (docs/rules.md)
    throw new BadRequest('send either `mobilTokenCode` (mobilToken login) or `ridPackage` (eSzemélyi card login), not both', {}, 'LOGIN_METHOD_AMBIGUOUS');
  }
  if (!code && !card) {
    throw new BadRequest(
      'choose a login method: send `mobilTokenCode` (the 6-digit code the mobilToken app shows this minute) or `ridPackage` (eSzemélyi card login: start with POST /minihis/api/login/card-request)',
      {},
      'LOGIN_METHOD_MISSING',
    );
  }
  return code ? 'mobilToken' : 'card';
}

/**
 * Log in. Throws the pick errors (`PICK_REQUIRED`, `PICK_INVALID`, `PICK_EXPIRED`,
 * `UNIT_PICK_MISMATCH`), `IDENTIFIER_INVALID`, `USER_UNKNOWN`, `LOGIN_METHOD_MISSING`,
 * `LOGIN_METHOD_AMBIGUOUS`, the mobilToken and card errors, and `MINIHIS_ROLE_MISSING`.
 */
export function login(deps: SimDeps, body: Body): LoginResult {
  const institution = resolveInstitutionPick(deps, body.institutionPick, 'institutionPick');
  const unit = resolveUnitPick(deps, body.unitPick, 'unitPick', institution, 'institutionPick');
  const { username, kind } = must(checkUsername(body.username), 'username');
  const user = findUser(deps, username);
  const method = methodOf(body);
  if (method === 'mobilToken') verifyMobilToken(deps, user, body.mobilTokenCode);
  else verifyCardLogin(deps, body.ridPackage, institution, username);
  const role = requireMiniHisRole(deps.store.state, username, institution, unit);
  const { token, session } = createSession(deps, { username, kind, role, institutionId: institution.id, unitCode: unit.code, method });
  return { token, session, user, institution, unit, termsRequired: termsAcceptance(deps.store, institution.id) === undefined };
}
