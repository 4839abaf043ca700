/**
 * The test PKI's public shape. Implemented by `create-pki.ts`; see docs/pki.md.
 * Everything is deterministic from the seed: the same seed gives the same keys, serial numbers
 * and certificates (byte for byte), and the material is cached on disk so restarts are fast.
 */

/** Which kind of end-entity certificate to issue. */
export type CredentialKind = 'tls-server' | 'waf' | 'institution' | 'card' | 'sts' | 'eid-server' | 'user';

/** A certificate with its private key and its issuer chain. */
export interface Credential {
  /** Stable label, e.g. `ca/root`, `sts`, `waf/E01620K`, `card/123456AB`. */
  label: string;
  kind: CredentialKind | 'ca';
  /** PEM of the certificate. */
  certPem: string;
  /** PEM (PKCS#8) of the private key. */
  keyPem: string;
  /** PEM certificates of the issuers, nearest first, ending with the root (empty for the root). */
  chainPem: string[];
  /** Serial number, lower-case hex without leading zeros. */
  serialHex: string;
  /** Subject as an RFC 4514-like string, e.g. `CN=E01620K,O=...,C=HU`. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

/** Options for issuing an ad-hoc certificate (the `eeszt-sim certs issue` command, tests). */
export interface IssueOptions {
  kind: 'waf' | 'institution' | 'card' | 'tls-server' | 'user';
  /** EESZT institution id for `waf` and `institution`. */
  institutionId?: string;
  /** EESZT username for `user`; document id for `card`. */
  subjectId?: string;
  /** Common name override. */
  commonName?: string;
  /** Validity start (default: the PKI's fixed epoch). */
  notBefore?: Date;
  /** Validity end (default: notBefore + the kind's default lifetime). */
  notAfter?: Date;
  /** DNS names / IPs for `tls-server`. */
  hosts?: string[];
  /**
   * Makes the key and serial deterministic: derived from (seed, `issued/<label>`). Without it the
   * serial is random and the key is derived from (seed, kind, subject), so ad-hoc certificates
   * for the same subject share one key.
   */
  label?: string;
}

/** The whole test PKI. */
export interface TestPki {
  readonly seed: number;
  /** EESZT test root CA. */
  readonly root: Credential;
  /** Issuing CAs, all signed by the root. */
  readonly cas: {
    /** TLS server certificates of the simulator's listeners. */
    tls: Credential;
    /** WAF-SSL client certificates of connected organisations. */
    waf: Credential;
    /** Institutional authentication certificates (stand-in for GovCA / Netlock / Microsec). */
    institution: Credential;
    /** eID card authentication certificates. */
    card: Credential;
  };
  /** STS SAML signing credential (RSA-2048, used with RSA-SHA256). */
  readonly sts: Credential;
  /** eID server credential (signs rID packages and eID request packages). */
  readonly eidServer: Credential;
  /** TLS server credential for localhost / 127.0.0.1 / ::1. */
  readonly tlsServer: Credential;
  /** WAF-SSL client credential of an organisation (deterministic per institution id). */
  waf(institutionId: string): Credential;
  /** Institutional authentication credential (deterministic per institution id). */
  institution(institutionId: string): Credential;
  /**
   * eID card authentication credential (EC P-256, deterministic per document id; the key does not
   * depend on the holder name). `holderName` goes into the CN (default `Teszt Elek`).
   */
  card(documentId: string, holderName?: string): Credential;
  /** Issue an ad-hoc certificate (non-deterministic serial unless options fix it). */
  issue(options: IssueOptions): Credential;
  /** Root + issuing CA certificates as one PEM bundle. */
  caBundlePem(): string;
}
