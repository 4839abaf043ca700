/**
 * Turning certificate + key PEMs into a {@link Credential}, and checking a stored one before it
 * is trusted (used by the disk cache).
 *
 * @example
 * ```ts
 * const cred = makeCredential('sts', 'sts', certPem, keyPem, [ca.certPem, root.certPem]);
 * ```
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { nodeNameToString } from './names.js';
import { pemToDer } from './pem.js';
import type { Credential, CredentialKind } from './types.js';
import { serialHexOf } from './verify-chain.js';

/**
 * Build a {@link Credential}; subject, serial and validity are read from the certificate.
 *
 * @example
 * ```ts
 * makeCredential('ca/root', 'ca', rootPem, rootKeyPem, []).subject; // 'CN=EESZT-SIM Test Root CA,...'
 * ```
 */
export function makeCredential(label: string, kind: CredentialKind | 'ca', certPem: string, keyPem: string, chainPem: string[]): Credential {
  return credentialOf(new X509Certificate(pemToDer(certPem)), label, kind, certPem, keyPem, chainPem);
}

/** {@link makeCredential} from the certificate already parsed from `certPem`. */
function credentialOf(x509: X509Certificate, label: string, kind: CredentialKind | 'ca', certPem: string, keyPem: string, chainPem: string[]): Credential {
  return {
    label,
    kind,
    certPem,
    keyPem,
    chainPem,
    serialHex: serialHexOf(x509),
    subject: nodeNameToString(x509.subject),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  };
}

/** Issuer certificates parsed once per exact PEM text (a few CAs per seed; cleared when full). */
const issuerCertificates = new Map<string, X509Certificate>();
const ISSUER_CACHE_MAX = 64;

/** The parsed issuer certificate of `pem`: every stored credential of a CA checks against it, so it is parsed once. */
function issuerCertificate(pem: string): X509Certificate {
  let x509 = issuerCertificates.get(pem);
  if (x509 === undefined) {
    x509 = new X509Certificate(pemToDer(pem));
    if (issuerCertificates.size >= ISSUER_CACHE_MAX) issuerCertificates.clear();
    issuerCertificates.set(pem, x509);
  }
  return x509;
}

/** What a stored credential must match. */
export interface StoredExpectation {
  label: string;
  kind: CredentialKind | 'ca';
  /** RFC 4514 subject the certificate must have. */
  subject: string;
  /** Hex serial the certificate must have (lower case, no leading zeros). */
  serialHex: string;
  /** The issuer credential, or `'self'` for the root. */
  issuer: Credential | 'self';
}

/** A credential as stored in the cache. */
export interface StoredCredential {
  label: string;
  kind: CredentialKind | 'ca';
  certPem: string;
  keyPem: string;
}

/**
 * Check a stored credential (key matches certificate, certificate signed by the expected issuer,
 * label, kind, subject and serial as expected) and return it as a Credential, or `undefined` if
 * anything is off. Never throws.
 *
 * @example
 * ```ts
 * const ok = checkStoredCredential(stored, { label: 'sts', kind: 'sts', subject, serialHex, issuer: pki.cas.institution });
 * ```
 */
export function checkStoredCredential(stored: unknown, expected: StoredExpectation): Credential | undefined {
  try {
    const s = stored as Partial<StoredCredential> | null;
    if (!s || s.label !== expected.label || s.kind !== expected.kind) return undefined;
    if (typeof s.certPem !== 'string' || typeof s.keyPem !== 'string') return undefined;
    const x509 = new X509Certificate(pemToDer(s.certPem));
    if (!x509.checkPrivateKey(createPrivateKey(s.keyPem))) return undefined;
    const issuerX509 = expected.issuer === 'self' ? x509 : issuerCertificate(expected.issuer.certPem);
    if (!x509.checkIssued(issuerX509) || !x509.verify(issuerX509.publicKey)) return undefined;
    const chain = expected.issuer === 'self' ? [] : [expected.issuer.certPem, ...expected.issuer.chainPem];
    const cred = credentialOf(x509, s.label, s.kind, s.certPem, s.keyPem, chain);
    if (cred.subject !== expected.subject || cred.serialHex !== expected.serialHex) return undefined;
    return cred;
  } catch {
    return undefined;
  }
}
