/**
 * Who asks the eID request service for a package: the sector user configured in the HIS. Seed 003
 * (EESZT SAML kérés – eSZIG integráció, 1. Kérés összeállítása): „Ágazati felhasználó a HIS
 * rendszerben a HIS rendszerben beállított ágazati felhasználóval EESZT Web szolgáltatás
 * használatával kérést küld az EESZT Back-end felé az eld azonosítás kérés csomag
 * összeállítására”. An EESZT web service call carries a SAML token, so the HIS logs its configured
 * sector user in at the STS and sends that token: `Authorization: SAML <base64 of the
 * saml:Assertion XML>`.
 *
 * What counts (rule `EID-REQUEST-BY-SECTOR-USER`, strict policy):
 * - a valid token of the EESZT this request reaches (the shared validator: signature, validity,
 *   environment, reset);
 * - of a natural person, i.e. a sector user („ágazati felhasználó”, seed 003 „Természetes
 *   személyek – Ágazati felhasználók”): not a token obtained with the institutional certificate
 *   and not the institution's own system user (both are „Intézményi felhasználók”);
 * - any login method: the package grants nothing by itself (the card and its PIN do), it handles
 *   no patient data, and it is what starts the multi-factor login, so the multi-factor rule does
 *   not apply to it (simulator reading; the seed names no login method for the configured user);
 * - of the institution the package is for (the token's institution is the requester).
 *
 * Under `lenient` a request without such a token goes through, flagged (header + journal).
 *
 * @example
 * ```ts
 * const user = sectorUserOf(deps, c.req.header('authorization'), policyScope(c, deps));
 * user?.institutionId; // 'E01620K'
 * ```
 */
import { Forbidden, Unauthorized } from '../core/errors.js';
import { AUTH_RULE, LENIENT_HINT } from '../policy/auth-rules.js';
import { enforce, type PolicyScope } from '../policy/policy.js';
import { AUTH_METHOD_WORDS, type AuthMethod } from '../token/auth-factors.js';
import { readSamlAuthorization } from '../token/saml-authorization.js';
import { validateAssertionXml, type TokenValidatorDeps } from '../token/validate-token.js';

/** The seed's words, quoted in every refusal. */
export const SECTOR_USER_QUOTE = 'seed 003: „a HIS rendszerben beállított ágazati felhasználóval … kérést küld az EESZT Back-end felé az eld azonosítás kérés csomag összeállítására”';

const HOW =
  "log the sector user configured in the HIS (a natural person of the institution, e.g. with username and password) in at /sts and send its token as `Authorization: SAML <base64 of the saml:Assertion XML>`";

/** The token holder who asked. */
export interface RequestingUser {
  username: string;
  institutionId: string;
  unitCode: string;
  authMethod: AuthMethod;
  /** False when lenient let a token that is not a sector user's through. */
  sectorUser: boolean;
}

/**
 * Read and check the requesting user's token. Returns `undefined` when the request has no token
 * (only under lenient; strict throws `SECTOR_USER_TOKEN_REQUIRED`, 401). Throws
 * `SECTOR_USER_TOKEN_MALFORMED` (401) for a SAML credential that is not one, the validator's token
 * codes (`TOKEN_EXPIRED`, `SIGNATURE_INVALID`, …, always), and under strict
 * `SECTOR_USER_REQUIRED` (403) for an institutional user's token.
 */
export function sectorUserOf(deps: TokenValidatorDeps, header: string | undefined, scope: PolicyScope): RequestingUser | undefined {
  const auth = readSamlAuthorization(header, HOW, 'SECTOR_USER_TOKEN_MALFORMED');
  if (auth.kind === 'none') {
    // rule: EID-REQUEST-BY-SECTOR-USER (docs/rules.md)
    enforce(
      scope,
      AUTH_RULE.eidRequestSectorUser,
      new Unauthorized(
        `the eID request package is asked for by the sector user configured in the HIS (${SECTOR_USER_QUOTE}), and the request has ${auth.got}; ${HOW}, then ask again (\`institutionId\` may then be left out); ${LENIENT_HINT}`,
        { details: { header: 'authorization', rule: AUTH_RULE.eidRequestSectorUser } },
        'SECTOR_USER_TOKEN_REQUIRED',
      ),
    );
    return undefined;
  }
  const p = validateAssertionXml(deps, auth.xml);
  const institution = deps.store.state.institutions.find((i) => i.id === p.institutionId);
  const systemUser = p.username !== '' && institution?.systemUsername === p.username;
  const username = p.username === '' ? p.nameId : p.username;
  const sectorUser = p.authMethod !== 'certificate' && !systemUser;
  if (!sectorUser) {
    // rule: EID-REQUEST-BY-SECTOR-USER (docs/rules.md)
    const who =
      p.authMethod === 'certificate'
        ? `a token obtained with the institutional certificate of \`${p.institutionId}\` (${AUTH_METHOD_WORDS[p.authMethod]})`
        : `a token of \`${username}\`, the system user of \`${p.institutionId}\``;
    enforce(
      scope,
      AUTH_RULE.eidRequestSectorUser,
      new Forbidden(
        `the request carries ${who}: an institutional user, not a sector user (natural person); the eID request package is asked for by the sector user configured in the HIS (${SECTOR_USER_QUOTE}); ${HOW}; ${LENIENT_HINT}`,
        { details: { username, institutionId: p.institutionId, authMethod: p.authMethod, rule: AUTH_RULE.eidRequestSectorUser } },
        'SECTOR_USER_REQUIRED',
      ),
    );
  }
  return { username, institutionId: p.institutionId, unitCode: p.unitCode, authMethod: p.authMethod, sectorUser };
}
