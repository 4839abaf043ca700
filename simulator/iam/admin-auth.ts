/**
 * Authenticating the institution's permission admin on the JSON admin APIs (IAM+SSO and
 * V-MÁTRIX). The admin sends the SAML token the STS issued, as
 * `Authorization: SAML <base64 of the saml:Assertion XML>`; it is checked by the shared token
 * validator, and the admin must hold the V-MÁTRIX role `JOGOSULTSAG_ADMIN` in the token's unit of
 * the token's institution. The admin then administers every unit of that institution (the
 * portal's "Intézmény" field is pre-filled from this login).
 *
 * @example
 * ```ts
 * const admin = adminFromAuthorization(deps, c.req.header('authorization'), policyScope(c, deps));
 * admin.institutionId; // 'E01620K'
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import type { AuthMethod } from '../token/auth-factors.js';
import { requireMultiFactor } from '../policy/auth-rules.js';
import type { PolicyScope } from '../policy/policy.js';
import { Unauthorized } from '../core/errors.js';
import { VMATRIX_ROLE } from '../identifiers/roles.js';
import { readSamlAuthorization, SAML_AUTH_SCHEME } from '../token/saml-authorization.js';
import { validateAssertionXml } from '../token/validate-token.js';
import { requireVMatrixRole, type UnitSeat } from '../vmatrix/vmatrix.js';

/** The authenticated permission admin. */
export interface AdminIdentity extends UnitSeat {
  authMethod: AuthMethod;
  /** The authentication factors the token states. */
  factors: readonly string[];
  /** The assertion ID of the token used. */
  tokenId: string;
}

/** The Authorization scheme of the admin APIs. */
export const ADMIN_AUTH_SCHEME = SAML_AUTH_SCHEME;

const HOW = "send the permission admin's SAML token as `Authorization: SAML <base64 of the saml:Assertion XML>` (get the token from /sts for the admin's username, institution and unit)";

/**
 * Authenticate the admin from an Authorization header value. Throws `ADMIN_TOKEN_MISSING` (401)
 * without a SAML credential, `ADMIN_TOKEN_MALFORMED` (401) when it is not base64, the validator's
 * token errors, `ROLE_MISSING` (403) without `JOGOSULTSAG_ADMIN` in the token's unit, and under
 * the strict policy `MULTI_FACTOR_REQUIRED` (403) for a password-only token.
 */
export function adminFromAuthorization(deps: SimDeps, header: string | undefined, scope: PolicyScope): AdminIdentity {
  const auth = readSamlAuthorization(header, HOW, 'ADMIN_TOKEN_MALFORMED');
  if (auth.kind === 'none') throw new Unauthorized(`the admin API needs the permission admin's SAML token, and the request has ${auth.got}; ${HOW}`, {}, 'ADMIN_TOKEN_MISSING');
  const p = validateAssertionXml(deps, auth.xml);
  const seat: UnitSeat = { username: p.username === '' ? p.nameId : p.username, institutionId: p.institutionId, unitCode: p.unitCode };
  // rule: PORTAL-ADMIN-ROLE (docs/rules.md)
  requireVMatrixRole(deps.store.state, seat, [VMATRIX_ROLE.JOGOSULTSAG_ADMIN], "administer the institution's permissions");
  // The permission admin works at the Ágazati portál: „Ágazati portál – multifaktoros bejelentkezés” (seed 003).
  // rule: AUTH-MULTI-FACTOR (docs/rules.md)
  requireMultiFactor(scope, { ...seat, authMethod: p.authMethod, factors: p.factors }, "administer the institution's permissions (IAM+SSO, V-MÁTRIX)");
  return { ...seat, authMethod: p.authMethod, factors: p.factors, tokenId: p.tokenId };
}
