/**
 * Institutional users: WS-Security X.509 token profile. The Security header carries the
 * institution's certificate as a `wsse:BinarySecurityToken` (X509v3, base64) and a `ds:Signature`
 * made with its key that must cover the SOAP Body and the `wsu:Timestamp`. The certificate must
 * chain to the institutional test CA, be valid at the simulator clock and not be revoked (store
 * bucket `pki.revoked`). The institution is the one the certificate names
 * (organizationIdentifier, else CN); the token's NameID is that institution id, and the acting
 * user is the institution's system user (`systemUsername` in the fixtures).
 *
 * @example
 * ```ts
 * const auth = authenticateCertificate(deps, req, sec, token, claims, summary);
 * ```
 */
import { X509Certificate } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication, InvalidSecurity, InvalidSecurityToken, NS_WST } from '../core/errors.js';
import { checkInstitutionId } from '../identifiers/identifiers.js';
import { nodeNameToString } from '../pki/names.js';
import { parsedCertificates } from '../pki/parsed-certificates.js';
import { serialHexOf, verifyChain } from '../pki/verify-chain.js';
import { pemOfCertBase64 } from '../saml/xml-signature.js';
import type { SoapRequest } from '../soap/envelope.js';
import { signingTokenOf, verifyMessageSignature, type BinaryTokenData, type SecurityHeader } from '../soap/ws-security.js';
import { revocationOf } from '../state/revocations.js';
import type { Authenticated, StsSummary } from './authenticated.js';
import { checkMembership, checkUnitOfInstitution, institutionOf, rolesOf } from './context.js';
import type { ContextClaims } from './rst.js';

/** The institution id a certificate subject names (organizationIdentifier, else CN), if it is a valid one. */
export function institutionIdOfSubject(subject: string): string | undefined {
  const org = /(?:^|,)\s*(?:organizationIdentifier|2\.5\.4\.97)=([^,]+)/.exec(subject)?.[1];
  const cn = /(?:^|,)\s*CN=([^,]+)/.exec(subject)?.[1];
  for (const candidate of [org, cn]) {
    if (candidate === undefined) continue;
    const r = checkInstitutionId(candidate.trim());
    if (r.ok) return r.value.institutionId;
  }
  return undefined;
}

// rule: STS-CERTIFICATE (docs/rules.md)
const CHAIN_CODES: Record<string, string> = {
  expired: 'CERTIFICATE_EXPIRED',
  'not-yet-valid': 'CERTIFICATE_NOT_YET_VALID',
  'unknown-issuer': 'CERTIFICATE_UNKNOWN_CA',
  'bad-signature': 'CERTIFICATE_UNKNOWN_CA',
};

/**
 * The institution's certificate, parsed once per exact PEM text (the chain check used to parse it a
 * second time); the chain, the validity and the revocation are checked on every request.
 */
const parsedCertificate = parsedCertificates(64);

/** Check the certificate: institutional CA, validity at the simulator clock, not revoked. Returns its subject. */
export function checkInstitutionalCertificate(deps: SimDeps, certPem: string): { subject: string; serialHex: string } {
  let x509: X509Certificate;
  try {
    x509 = parsedCertificate(certPem, certPem);
  } catch {
    throw new InvalidSecurityToken('the X.509 BinarySecurityToken is not a DER certificate; send the certificate base64-encoded (EncodingType Base64Binary)', {}, 'CERTIFICATE_MALFORMED');
  }
  const ca = deps.pki.cas.institution;
  // The leaf as parsed above (one certificate: the BinarySecurityToken carries no intermediates).
  const result = verifyChain(x509, [deps.pki.root.certPem, ca.certPem], deps.clock.now(), { purpose: 'clientAuth' });
  if (!result.ok) {
    const code = CHAIN_CODES[result.reason] ?? 'CERTIFICATE_INVALID';
    const message =
      code === 'CERTIFICATE_UNKNOWN_CA'
        ? `the certificate \`${result.subject}\` was not issued by the institutional test CA \`${ca.subject}\` (issuer \`${result.issuer ?? '?'}\`); use an institutional certificate of this simulator (eeszt-sim certs issue --kind institution --institution <E-id>)`
        : result.message;
    throw new InvalidSecurityToken(message, { details: { reason: result.reason, subject: result.subject, ...(result.date === undefined ? {} : { date: result.date.toISOString() }) } }, code);
  }
  if (result.chain[1] !== ca.subject) {
    throw new InvalidSecurityToken(
      `the certificate \`${result.subject}\` was issued by \`${result.chain[1] ?? '?'}\`, not by the institutional test CA \`${ca.subject}\`; institutional users authenticate with an institutional certificate (eeszt-sim certs issue --kind institution --institution <E-id>)`,
      { details: { reason: 'wrong-ca', subject: result.subject } },
      'CERTIFICATE_UNKNOWN_CA',
    );
  }
  const serialHex = serialHexOf(x509);
  const revoked = revocationOf(deps.store, serialHex);
  if (revoked !== undefined) {
    throw new InvalidSecurityToken(
      `the certificate \`${result.subject}\` (serial ${revoked.serialHex}) was revoked at ${revoked.revokedAt} (${revoked.reason}); use a new institutional certificate (or un-revoke it with DELETE /_sim/revocations/${revoked.serialHex})`,
      { details: { serialHex: revoked.serialHex, revokedAt: revoked.revokedAt, reason: revoked.reason } },
      'CERTIFICATE_REVOKED',
    );
  }
  return { subject: nodeNameToString(x509.subject), serialHex };
}

/** The X.509 BinarySecurityToken of the header (exactly one). */
export function x509TokenOf(sec: SecurityHeader, isX509: (t: BinaryTokenData) => boolean): BinaryTokenData {
  const tokens = sec.binaryTokens.filter(isX509);
  if (tokens.length !== 1) throw new InvalidSecurity(`the wsse:Security header holds ${tokens.length} X.509 BinarySecurityTokens; send exactly one, with the institution's certificate`, {}, 'AUTHENTICATION_AMBIGUOUS');
  return tokens[0] as BinaryTokenData;
}

/** Authenticate an institution by its signed request. */
export function authenticateCertificate(
  deps: SimDeps,
  req: SoapRequest,
  sec: SecurityHeader,
  token: BinaryTokenData,
  claims: ContextClaims,
  summary: StsSummary,
): Authenticated {
  if (sec.timestamp === undefined) {
    throw new InvalidSecurity('a request signed with an X.509 certificate must carry a wsu:Timestamp in the wsse:Security header, covered by the signature; add one (Created now, Expires a few minutes later)', {}, 'TIMESTAMP_MISSING');
  }
  if (sec.signatures.length === 0) {
    throw new InvalidSecurity('the X.509 BinarySecurityToken is not used by any ds:Signature; sign the soap:Body and the wsu:Timestamp with the certificate\'s key (X.509 token profile)', {}, 'SIGNATURE_MISSING');
  }
  if (token.encodingType !== '' && !token.encodingType.endsWith('#Base64Binary')) {
    throw new InvalidSecurityToken(`BinarySecurityToken EncodingType \`${token.encodingType}\` is not supported; send Base64Binary`, {}, 'CERTIFICATE_MALFORMED');
  }
  const certPem = pemOfCertBase64(token.value);
  const { subject } = checkInstitutionalCertificate(deps, certPem);
  const signing = signingTokenOf(sec, sec.signatures[0] as Element);
  if (signing !== token) {
    throw new InvalidSecurity('the ds:Signature does not reference the X.509 BinarySecurityToken; point its KeyInfo at the certificate token', {}, 'SIGNATURE_KEY_REFERENCE_INVALID');
  }
  const coverage = verifyMessageSignature(req, sec, certPem);
  if (!coverage.body) {
    throw new InvalidSecurity(
      `the signature does not cover the soap:Body (it covers ${coverage.ids.map((i) => `#${i}`).join(', ')}); give the Body a wsu:Id and add a ds:Reference to it`,
      { details: { covered: coverage.ids.join(' ') } },
      'SIGNATURE_DOES_NOT_COVER_BODY',
    );
  }
  if (!coverage.timestamp) {
    throw new InvalidSecurity(
      `the signature does not cover the wsu:Timestamp (it covers ${coverage.ids.map((i) => `#${i}`).join(', ')}); give the Timestamp a wsu:Id and add a ds:Reference to it`,
      { details: { covered: coverage.ids.join(' ') } },
      'SIGNATURE_DOES_NOT_COVER_TIMESTAMP',
    );
  }
  const institutionId = institutionIdOfSubject(subject);
  if (institutionId === undefined) {
    throw new InvalidSecurityToken(
      `the certificate \`${subject}\` names no EESZT institution id (organizationIdentifier or CN such as \`E30217B\`); institutional authentication needs the institution's certificate`,
      { details: { subject } },
      'CERTIFICATE_NOT_INSTITUTIONAL',
    );
  }
  summary.institutionId = institutionId;
  if (claims.institutionId !== institutionId) {
    throw new FailedAuthentication(
      `the certificate belongs to institution \`${institutionId}\`, but the claims ask for \`${claims.institutionId}\`; an institution can only get tokens for itself: send sim:InstitutionId ${institutionId}`,
      { status: 403, subcode: { prefix: 'wst', ns: NS_WST, local: 'InvalidScope' }, details: { certificateInstitutionId: institutionId, claimedInstitutionId: claims.institutionId } },
      'CERTIFICATE_INSTITUTION_MISMATCH',
    );
  }
  const institution = institutionOf(deps, institutionId);
  if (institution.institutionalCertificate !== true) {
    throw new FailedAuthentication(
      `institution \`${institutionId}\` is not set up for institutional-certificate authentication (fixture field institutionalCertificate is not true); its users log in with password or eID card, or set the flag in the fixtures`,
      { status: 403, details: { institutionId } },
      'INSTITUTION_CERTIFICATE_NOT_ENABLED',
    );
  }
  checkUnitOfInstitution(deps, claims);
  const systemUsername = institution.systemUsername;
  let roles: string[] = [];
  if (systemUsername !== undefined) {
    const systemUser = deps.store.state.users.find((u) => u.username === systemUsername);
    if (systemUser !== undefined) checkMembership(systemUser, claims);
    roles = rolesOf(deps, systemUsername, claims);
    summary.username = systemUsername;
  }
  return { method: 'certificate', nameId: institutionId, username: systemUsername, context: { ...claims, roles } };
}
