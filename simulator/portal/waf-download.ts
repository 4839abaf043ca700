/**
 * WAF-SSL certificate download at the Ágazati portál. Seed 001: „A WAF-SSL tanúsítvány
 * letöltéséhez e-Személyi igazolvány használata szükséges”, and the password comes from the
 * operator „SMS-ben … az intézményi EESZT jogosultság adminisztrátor részére”. So the download
 * needs the institution's permission admin (V-MÁTRIX `JOGOSULTSAG_ADMIN`) logged in with the
 * eSzemélyi (a card token of the STS); a password or certificate token is refused.
 *
 * The simulator answers the PKCS#12 with a fresh password in the same answer (the SMS stand-in).
 * `eeszt-sim certs issue --kind waf` stays the simulator's shortcut for automation.
 *
 * @example
 * ```ts
 * const download = downloadWafCertificate(deps, c.req.header('authorization'));
 * download.pkcs12; // base64 of the .p12, download.password its password
 * ```
 */
import { collectingScope } from '../policy/policy.js';
import { AUTH_METHOD_WORDS } from '../token/auth-factors.js';
import { randomBytes } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { Forbidden } from '../core/errors.js';
import { adminFromAuthorization } from '../iam/admin-auth.js';
import { toPkcs12 } from '../pki/pkcs12.js';

/** What the portal hands over. */
export interface WafDownload {
  institutionId: string;
  /** Suggested file name, e.g. `E01620K-waf-ssl.p12`. */
  fileName: string;
  /** Base64 of the PKCS#12 file (certificate, key and chain). */
  pkcs12: string;
  /** The file's password: production sends it by SMS to the permission admin; the simulator shows it here. */
  password: string;
  certificateSubject: string;
  serialHex: string;
  notAfter: string;
  /** Who downloaded it. */
  downloadedBy: string;
}

/**
 * The WAF-SSL PKCS#12 of the admin's institution. Throws the admin-token errors
 * (`ADMIN_TOKEN_MISSING`, token validation codes, `ROLE_MISSING` without `JOGOSULTSAG_ADMIN`) and
 * `CARD_LOGIN_REQUIRED` (403) when the token was not obtained with the eSzemélyi.
 */
export function downloadWafCertificate(deps: SimDeps, authorization: string | undefined): WafDownload {
  // The card rule below is stricter than the admin API's two-factor rule and always applies: it, not
  // MULTI_FACTOR_REQUIRED, names what is missing (a card login).
  const admin = adminFromAuthorization(deps, authorization, collectingScope('lenient'));
  if (admin.authMethod !== 'card') {
    // rule: AUTH-WAF-DOWNLOAD-CARD (docs/rules.md)
    throw new Forbidden(
      `downloading the WAF-SSL certificate needs the eSzemélyi (seed 001: „A WAF-SSL tanúsítvány letöltéséhez e-Személyi igazolvány használata szükséges”), and ${admin.username} logged in with ${AUTH_METHOD_WORDS[admin.authMethod]}; log in at the Ágazati portál with the eID card (card login at the STS), then download. For automation the simulator's shortcut is \`eeszt-sim certs issue --kind waf --institution ${admin.institutionId} --password <pw> --out org.p12\``,
      { details: { authMethod: admin.authMethod } },
      'CARD_LOGIN_REQUIRED',
    );
  }
  const credential = deps.pki.waf(admin.institutionId);
  const password = randomBytes(9).toString('base64url');
  return {
    institutionId: admin.institutionId,
    fileName: `${admin.institutionId}-waf-ssl.p12`,
    pkcs12: toPkcs12(credential, password).toString('base64'),
    password,
    certificateSubject: credential.subject,
    serialHex: credential.serialHex,
    notAfter: credential.notAfter.toISOString(),
    downloadedBy: admin.username,
  };
}
