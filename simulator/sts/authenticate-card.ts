/**
 * Two-factor eID card login (leg 3 of the card flow): the Security header carries the rID
 * package the eID server returned, as a `wsse:BinarySecurityToken` with
 * ValueType `urn:eeszt-sim:eid:2026#RidPackage` (base64 of the package XML), and a
 * `wsse:UsernameToken` with the username only. The STS checks the package (eID server
 * signature, freshness, audience = EESZT sector), uses it once (its request nonce), and checks
 * that the card's RID is activated for exactly that username.
 *
 * @example
 * ```ts
 * const auth = authenticateCard(deps, sec, ridToken, claims, summary);
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { InvalidSecurity, InvalidSecurityToken } from '../core/errors.js';
import { checkUsername, must } from '../identifiers/identifiers.js';
import { verifyRidPackage } from '../eid/rid-package.js';
import { decodeUtf8, type LeanElement } from '../soap/safe-xml.js';
import type { BinaryTokenData, SecurityHeader } from '../soap/ws-security.js';
import type { Authenticated, StsSummary } from './authenticated.js';
import { requireCardActivatedFor } from './card-activations.js';
import { resolveContext } from './context.js';
import { findUser, refuseIfLocked } from './authenticate-password.js';
import { RID_PACKAGE_BUCKET, useOnce } from './replay-cache.js';
import type { ContextClaims } from './rst.js';

/** Authenticate a card login. */
export function authenticateCard(
  deps: SimDeps,
  sec: SecurityHeader<Element | LeanElement>,
  token: BinaryTokenData<Element | LeanElement>,
  claims: ContextClaims,
  summary: StsSummary,
): Authenticated {
  const ut = sec.usernameToken;
  if (ut === undefined) {
    throw new InvalidSecurity('a card login names the user: add a wsse:UsernameToken with the wsse:Username (and no password) next to the rID package', {}, 'USERNAME_MISSING');
  }
  const { username } = must(checkUsername(ut.username), 'username');
  summary.username = username;
  if (ut.password !== undefined) {
    throw new InvalidSecurity('the request carries both a password and an rID package; send either the password (password login) or the rID package with the username only (card login)', {}, 'AUTHENTICATION_AMBIGUOUS');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token.value)) {
    throw new InvalidSecurityToken('the rID package BinarySecurityToken is not base64; send the package XML base64-encoded (EncodingType Base64Binary)', {}, 'RID_PACKAGE_MALFORMED');
  }
  const xml = decodeUtf8(Buffer.from(token.value, 'base64'), 'the rID package');
  const pkg = verifyRidPackage(xml, { eidServerCertPem: deps.pki.eidServer.certPem, now: deps.clock.now(), skewSeconds: deps.config.clockSkewSeconds });
  useOnce(deps, RID_PACKAGE_BUCKET, pkg.requestNonce, pkg.notOnOrAfter.getTime() + deps.config.clockSkewSeconds * 1000, 'rID package');
  const user = findUser(deps, username);
  refuseIfLocked(deps, user);
  requireCardActivatedFor(deps, pkg.rid, username, 'every user activates their own card at the Ágazati portál (Bejelentkezés -> Aktiválás)');
  return { method: 'card', nameId: username, username, context: resolveContext(deps, user, claims) };
}
