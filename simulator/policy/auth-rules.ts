/**
 * The authentication rules of seed 003 as they apply to an operation, under the policy in force:
 *
 * - **AUTH-MULTI-FACTOR** — a natural person (sector user) reaches patients' data and the admin
 *   functions only with a multi-factor login: „HIS alkalmazások – multifaktoros bejelentkezés”,
 *   „két faktoros hitelesítésre, olyan Szolgáltatások során, ahol az állampolgár személyes
 *   adatainak kezelése nem oldható meg”. Accepted: the eSzemélyi card login (card + PIN) and the
 *   password plus the mobilToken code („SAML jegy kérése kétfaktoros azonosítással”).
 * - **AUTH-INSTITUTION-CERTIFICATE** — an institutional user acts only with a token obtained with
 *   the institutional certificate: „Intézményi felhasználók … csak tanúsítvány használatával”.
 *
 * - **EID-REQUEST-BY-SECTOR-USER** — the eID request package (card login, authentic readout)
 *   is asked for by the sector user configured in the HIS: „Ágazati felhasználó a HIS rendszerben
 *   a HIS rendszerben beállított ágazati felhasználóval EESZT Web szolgáltatás használatával kérést
 *   küld az EESZT Back-end felé az eld azonosítás kérés csomag összeállítására” (enforced in
 *   simulator/eid/sector-user.ts).
 *
 * All belong to the `strict` policy: `lenient` lets the call through and flags the answer.
 *
 * @example
 * ```ts
 * requireMultiFactor(scope, caller, 'write eRecept'); // throws MULTI_FACTOR_REQUIRED under strict
 * ```
 */
import { AuthenticationInsufficient } from '../core/errors.js';
import { AUTH_METHOD_WORDS, isMultiFactor, type AuthMethod } from '../token/auth-factors.js';
import { enforce, type PolicyScope } from './policy.js';

/** Who presented the token, as the rules need it. */
export interface TokenHolder {
  username: string;
  institutionId: string;
  authMethod: AuthMethod;
  factors: readonly string[];
}

/** Rule ids (the registry, simulator/rules/registry.ts, documents each). */
export const AUTH_RULE = Object.freeze({
  multiFactor: 'AUTH-MULTI-FACTOR',
  institutionCertificate: 'AUTH-INSTITUTION-CERTIFICATE',
  eidRequestSectorUser: 'EID-REQUEST-BY-SECTOR-USER',
} as const);

export const LENIENT_HINT = 'during early development only, an environment started with `--policy lenient` admits it (flagged, never conformance)';

/**
 * Refuse (strict) a natural person's token with fewer than two factors for `what` (e.g.
 * `write eRecept`, `administer the institution's permissions`). Institutional-certificate tokens
 * are not a natural person's and pass.
 */
export function requireMultiFactor(scope: PolicyScope, holder: TokenHolder, what: string): void {
  if (holder.authMethod === 'certificate' || isMultiFactor(holder.factors)) return;
  enforce(
    scope,
    AUTH_RULE.multiFactor,
    new AuthenticationInsufficient(
      'MULTI_FACTOR_REQUIRED',
      `the token of \`${holder.username}\` was obtained with ${AUTH_METHOD_WORDS[holder.authMethod]}, and EESZT lets a sector user ${what} only after a multi-factor login (seed 003: „HIS alkalmazások – multifaktoros bejelentkezés”); log in again with the eSzemélyi card (card login) or with the password plus the code the user's mobilToken app shows (sim:MobilTokenCode in the wsse:UsernameToken), then repeat the call; ${LENIENT_HINT}`,
      { details: { username: holder.username, authMethod: holder.authMethod, factors: holder.factors.join(' '), rule: AUTH_RULE.multiFactor } },
    ),
  );
}

/**
 * Refuse (strict) a token not obtained with the institutional certificate when its holder acts as
 * an institutional user (`what` says what for, e.g. `write EHR as the institution`).
 */
export function requireInstitutionCertificate(scope: PolicyScope, holder: TokenHolder, what: string): void {
  if (holder.authMethod === 'certificate') return;
  enforce(
    scope,
    AUTH_RULE.institutionCertificate,
    new AuthenticationInsufficient(
      'INSTITUTION_CERTIFICATE_REQUIRED',
      `\`${holder.username}\` is an institutional user of \`${holder.institutionId}\` (V-MÁTRIX role INTEZMENYI_RENDSZER) and its token was obtained with ${AUTH_METHOD_WORDS[holder.authMethod]}; institutional users act only with the institutional certificate (seed 003: „Intézményi felhasználók … csak tanúsítvány használatával”), so it may not ${what} with this token: get a token from /sts with the institution's certificate (X.509 token profile: the certificate in a wsse:BinarySecurityToken and a signature over Body and Timestamp, docs/protocol.md), or let a doctor holding ORVOS in the unit report with a two-factor login; ${LENIENT_HINT}`,
      { details: { username: holder.username, institutionId: holder.institutionId, authMethod: holder.authMethod, rule: AUTH_RULE.institutionCertificate } },
    ),
  );
}
