/**
 * Certificate chain verification with precise reasons, against the simulator clock, and a small
 * certificate description for the CLI and the discovery document. Uses Node's X509Certificate
 * (OpenSSL) for parsing and signatures; DN strings are RFC 4514 ({@link nodeNameToString}).
 *
 * @example
 * ```ts
 * const r = verifyChain(clientCertPem, [pki.root.certPem, pki.cas.waf.certPem], clock.now(), { purpose: 'clientAuth' });
 * if (!r.ok) throw new InvalidSecurityToken(r.message, { details: { reason: r.reason } });
 * ```
 */
import { X509Certificate } from 'node:crypto';
import { nodeNameToString } from './names.js';
import { pemToDer, splitPemBundle } from './pem.js';

/** Why a chain was refused. */
export type ChainFailureReason =
  | 'malformed'
  | 'unknown-issuer'
  | 'bad-signature'
  | 'not-a-ca'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-purpose'
  | 'too-long';

/** A refused chain: `subject` is the certificate the problem was found in. */
export interface ChainFailure {
  ok: false;
  reason: ChainFailureReason;
  /** One sentence saying what is wrong and what to do. */
  message: string;
  /** Subject DN (RFC 4514) of the certificate at fault ('' if it could not be parsed). */
  subject: string;
  /** For `unknown-issuer`: the issuer DN that no trusted CA matches. */
  issuer?: string;
  /** For `expired`: the notAfter date; for `not-yet-valid`: the notBefore date. */
  date?: Date;
}

/** An accepted chain. */
export interface ChainSuccess {
  ok: true;
  /** Subject DNs from the leaf to the trust anchor. */
  chain: string[];
  /** The leaf's subject DN. */
  subject: string;
}

/** Result of {@link verifyChain}. */
export type ChainResult = ChainSuccess | ChainFailure;

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions {
  /** Require this extendedKeyUsage in the leaf (a leaf without the extension is accepted). */
  purpose?: 'serverAuth' | 'clientAuth';
}

const EKU: Record<'serverAuth' | 'clientAuth', string> = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' };
const MAX_DEPTH = 8;

interface Parsed {
  x509: X509Certificate;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  trusted: boolean;
}

function parse(pem: string, trusted = false): Parsed {
  return parsedOf(new X509Certificate(pemToDer(pem)), trusted);
}

function parsedOf(x509: X509Certificate, trusted: boolean): Parsed {
  return {
    x509,
    subject: nodeNameToString(x509.subject),
    issuer: nodeNameToString(x509.issuer),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    trusted,
  };
}

/** Trusted CA entries (each a PEM or bundle) parsed once per exact text: a changed byte is another entry. */
const trustedParsed = new Map<string, readonly Parsed[]>();
const TRUSTED_PARSED_MAX = 64;

/** The certificates of one trusted entry, parsed (X509Certificate objects are immutable). Throws as {@link parse}. */
function trustedEntry(pem: string): readonly Parsed[] {
  const known = trustedParsed.get(pem);
  if (known !== undefined) return known;
  const parsed = splitPemBundle(pem).map((p) => parse(p, true));
  if (trustedParsed.size >= TRUSTED_PARSED_MAX) trustedParsed.clear();
  trustedParsed.set(pem, parsed);
  return parsed;
}

function fail(reason: ChainFailureReason, subject: string, message: string, extra: Partial<ChainFailure> = {}): ChainFailure {
  return { ok: false, reason, subject, message, ...extra };
}

function checkTime(c: Parsed, at: Date): ChainFailure | undefined {
  if (at.getTime() > c.notAfter.getTime()) {
    return fail('expired', c.subject, `certificate \`${c.subject}\` expired at ${c.notAfter.toISOString()} (checked at ${at.toISOString()}); issue a new one`, {
      date: c.notAfter,
    });
  }
  if (at.getTime() < c.notBefore.getTime()) {
    return fail(
      'not-yet-valid',
      c.subject,
      `certificate \`${c.subject}\` is not valid before ${c.notBefore.toISOString()} (checked at ${at.toISOString()}); check the clock or the certificate`,
      { date: c.notBefore },
    );
  }
  return undefined;
}

/**
 * Verify `certPem` (a leaf, optionally followed by untrusted intermediates in the same PEM; or the
 * leaf alone, already parsed)
 * up to a self-signed certificate among `trustedCaPems` (each entry may itself be a bundle),
 * at time `atTime`. Order of checks per certificate: issuer found, signature, issuer is a CA,
 * validity period. Any certificate in `trustedCaPems` may serve as issuer.
 *
 * @example
 * ```ts
 * verifyChain(pki.waf('E01620K').certPem, [pki.caBundlePem()], new Date('2040-01-01'));
 * // { ok: false, reason: 'expired', date: 2036-01-01T00:00:00.000Z, ... }
 * ```
 */
export function verifyChain(certPem: string | X509Certificate, trustedCaPems: readonly string[], atTime: Date, options: VerifyChainOptions = {}): ChainResult {
  let leaf: Parsed;
  let pool: Parsed[];
  try {
    let untrusted: Parsed[] = [];
    if (typeof certPem === 'string') {
      const presented = splitPemBundle(certPem);
      if (presented.length === 0) return fail('malformed', '', 'no PEM certificate found; send the certificate in PEM (-----BEGIN CERTIFICATE-----)');
      leaf = parse(presented[0]!);
      untrusted = presented.slice(1).map((p) => parse(p));
    } else {
      leaf = parsedOf(certPem, false);
    }
    const trusted = trustedCaPems.flatMap((p) => trustedEntry(p));
    pool = [...trusted, ...untrusted];
  } catch (err) {
    return fail('malformed', '', `certificate could not be parsed (${(err as Error).message}); send a DER X.509 certificate in PEM`);
  }

  if (options.purpose) {
    const ekus = leaf.x509.keyUsage;
    if (ekus !== undefined && ekus.length > 0 && !ekus.includes(EKU[options.purpose])) {
      return fail('wrong-purpose', leaf.subject, `certificate \`${leaf.subject}\` is not allowed for ${options.purpose} (extendedKeyUsage lacks it); use a certificate issued for that purpose`);
    }
  }

  const chain: string[] = [leaf.subject];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const candidates = pool.filter((c) => current.x509.checkIssued(c.x509));
    if (candidates.length === 0) {
      if (pool.some((c) => c.subject === current.issuer)) {
        return fail(
          'unknown-issuer',
          current.subject,
          `certificate \`${current.subject}\` names the issuer \`${current.issuer}\`, but was signed with a different key than the trusted CA of that name (another seed or another PKI?); use a certificate from this simulator's PKI (eeszt-sim certs export-ca)`,
          { issuer: current.issuer },
        );
      }
      return fail('unknown-issuer', current.subject, `certificate \`${current.subject}\` was issued by \`${current.issuer}\`, which is not a trusted CA; use a certificate from the EESZT-SIM test PKI (eeszt-sim certs export-ca)`, {
        issuer: current.issuer,
      });
    }
    const issuer = candidates.find((c) => current.x509.verify(c.x509.publicKey));
    if (issuer === undefined) {
      return fail('bad-signature', current.subject, `the signature of certificate \`${current.subject}\` does not verify with the key of \`${current.issuer}\`; the certificate was altered or is forged`);
    }
    if (!issuer.x509.ca) {
      return fail('not-a-ca', issuer.subject, `\`${issuer.subject}\` is not a CA certificate (basicConstraints) and cannot issue \`${current.subject}\``);
    }
    const timeProblem = checkTime(current, atTime);
    if (timeProblem) return timeProblem;
    if (issuer === current || issuer.x509.raw.equals(current.x509.raw)) {
      if (issuer.trusted) return { ok: true, chain, subject: leaf.subject };
      return fail('unknown-issuer', current.subject, `the chain ends at \`${current.subject}\`, which is not a trusted root; use a certificate from the EESZT-SIM test PKI (eeszt-sim certs export-ca)`, {
        issuer: current.subject,
      });
    }
    chain.push(issuer.subject);
    current = issuer;
  }
  return fail('too-long', leaf.subject, `certificate chain of \`${leaf.subject}\` is longer than ${MAX_DEPTH}; send a shorter chain`);
}

/** A short description of a certificate. */
export interface CertificateDescription {
  subject: string;
  issuer: string;
  /** Lower-case hex without leading zeros. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 fingerprint, upper-case hex pairs separated by colons (as OpenSSL prints it). */
  sha256Fingerprint: string;
  isCa: boolean;
  /** `rsa` or `ec` ... */
  keyType: string;
  /** SubjectAltName as printed by OpenSSL, if any. */
  subjectAltName?: string;
}

/**
 * Describe a PEM certificate (the first one if a bundle is given).
 *
 * @example
 * ```ts
 * describeCertificate(pki.sts.certPem).sha256Fingerprint; // 'AB:CD:...'
 * ```
 */
export function describeCertificate(pem: string): CertificateDescription {
  const p = parse(pem);
  const d: CertificateDescription = {
    subject: p.subject,
    issuer: p.issuer,
    serialHex: serialHexOf(p.x509),
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    sha256Fingerprint: p.x509.fingerprint256,
    isCa: p.x509.ca,
    keyType: p.x509.publicKey.asymmetricKeyType ?? 'unknown',
  };
  if (p.x509.subjectAltName !== undefined) d.subjectAltName = p.x509.subjectAltName;
  return d;
}

/** Serial of a certificate as lower-case hex without leading zeros. */
export function serialHexOf(x509: X509Certificate): string {
  return x509.serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
}
