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
import { decodeUtf8 } from '../soap/safe-xml.js';
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
export const ADMIN_AUTH_SCHEME = 'SAML';

const HOW = "send the permission admin's SAML token as `Authorization: SAML <base64 of the saml:Assertion XML>` (get the token from /sts for the admin's username, institution and unit)";

/**
 * Authenticate the admin from an Authorization header value. Throws `ADMIN_TOKEN_MISSING` (401)
 * without a SAML credential, `ADMIN_TOKEN_MALFORMED` (401) when it is not base64, the validator's
 * token errors, `ROLE_MISSING` (403) without `JOGOSULTSAG_ADMIN` in the token's unit, and under
 * the strict policy `MULTI_FACTOR_REQUIRED` (403) for a password-only token.
 */
export function adminFromAuthorization(deps: SimDeps, header: string | undefined, scope: PolicyScope): AdminIdentity {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header ?? '');
  if (m === null || m[1]?.toUpperCase() !== ADMIN_AUTH_SCHEME) {
    const got = header === undefined || header.trim() === '' ? 'no Authorization header' : `an Authorization header with scheme \`${(header.trim().split(/\s+/)[0] ?? '').slice(0, 20)}\``;
    throw new Unauthorized(`the admin API needs the permission admin's SAML token, and the request has ${got}; ${HOW}`, {}, 'ADMIN_TOKEN_MISSING');
  }
  const b64 = m[2] ?? '';
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
    throw new Unauthorized(`the SAML credential is not base64; ${HOW}`, {}, 'ADMIN_TOKEN_MALFORMED');
  }
  let xml: string;
  try {
    xml = decodeUtf8(Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64'), 'the SAML credential');
  } catch {
    throw new Unauthorized(`the base64 SAML credential does not decode to UTF-8 text; ${HOW}`, {}, 'ADMIN_TOKEN_MALFORMED');
  }
  if (!xml.includes('Assertion')) throw new Unauthorized(`the base64 SAML credential does not decode to a saml:Assertion; ${HOW}`, {}, 'ADMIN_TOKEN_MALFORMED');
  const p = validateAssertionXml(deps, xml);
  const seat: UnitSeat = { username: p.username === '' ? p.nameId : p.username, institutionId: p.institutionId, unitCode: p.unitCode };
  // rule: PORTAL-ADMIN-ROLE (docs/rules.md)
  requireVMatrixRole(deps.store.state, seat, [VMATRIX_ROLE.JOGOSULTSAG_ADMIN], "administer the institution's permissions");
  // The permission admin works at the Ágazati portál: „Ágazati portál – multifaktoros bejelentkezés” (seed 003).
  // rule: AUTH-MULTI-FACTOR (docs/rules.md)
  requireMultiFactor(scope, { ...seat, authMethod: p.authMethod, factors: p.factors }, "administer the institution's permissions (IAM+SSO, V-MÁTRIX)");
  return { ...seat, authMethod: p.authMethod, factors: p.factors, tokenId: p.tokenId };
}
