/**
 * Builds and signs one X.509 v3 certificate. The structure is built with pkijs/asn1js (which,
 * unlike node-forge, also carries EC public keys); the TBSCertificate is signed synchronously
 * with Node's `crypto.sign` (sha256WithRSAEncryption, PKCS#1 v1.5), so no WebCrypto promise is
 * involved and the output is byte-for-byte deterministic for deterministic inputs.
 *
 * @example
 * ```ts
 * const { certPem } = issueCertificate({
 *   profile: 'tls-server', subject: [['C', 'HU'], ['CN', 'localhost']], publicKey: key,
 *   issuer: { certPem: ca.certPem, privateKey: caKey }, serial, notBefore, notAfter, hosts: ['localhost'],
 * });
 * ```
 */
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { lazyRequire } from '../core/lazy-require.js';
import type { Dn, DnAttributeType } from './names.js';
import { derToPem, pemToDer } from './pem.js';

// pkijs and asn1js (with @peculiar/utils and bytestreamjs, about 35 modules) load on the first
// certificate issued, not at start-up: a simulator whose PKI comes from the disk cache never needs
// them (issue 16 goal 4). Each function takes the libraries as `asn1js` / `pkijs` values; the
// type annotations name the type-only imports above.
const asn1Lib = lazyRequire<typeof asn1js>('asn1js');
const pkijsLib = lazyRequire<typeof pkijs>('pkijs');

/** What the certificate is for; decides basicConstraints, keyUsage and extendedKeyUsage. */
export type CertProfile = 'root-ca' | 'issuing-ca' | 'tls-server' | 'tls-client' | 'signing';

/** The issuer of a certificate: its certificate and private key (RSA). */
export interface IssuerRef {
  certPem: string;
  privateKey: KeyObject;
}

/** Input of {@link issueCertificate}. */
export interface CertificateSpec {
  profile: CertProfile;
  subject: Dn;
  /** The subject's key (public or private; only the public part is used). */
  publicKey: KeyObject;
  /** The issuer; `'self'` for a self-signed root (then `publicKey` must be the private key). */
  issuer: IssuerRef | 'self';
  /** Serial number, big-endian, positive (top bit clear). */
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** DNS names and IP addresses for the subjectAltName (tls-server). */
  hosts?: readonly string[];
}

/** An issued certificate. */
export interface IssuedCertificate {
  certPem: string;
  der: Buffer;
}

const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** keyUsage bits (RFC 5280 4.2.1.3), bit 0 = most significant bit of the first byte. */
const KU = {
  digitalSignature: 0x80,
  keyEncipherment: 0x20,
  keyCertSign: 0x04,
  cRLSign: 0x02,
} as const;

function keyUsageBitString(bits: number): asn1js.BitString {
  const asn1js = asn1Lib();
  // DER named bit list: trailing zero bits are dropped, their count goes into "unused bits".
  let unused = 0;
  while (unused < 7 && ((bits >> unused) & 1) === 0) unused++;
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: unused });
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function ext(extnID: string, critical: boolean, value: { toSchema(): asn1js.BaseBlock } | asn1js.BaseBlock): pkijs.Extension {
  const pkijs = pkijsLib();
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

function timeOf(d: Date): pkijs.Time {
  const pkijs = pkijsLib();
  // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050 on; whole seconds only.
  const value = new Date(Math.floor(d.getTime() / 1000) * 1000);
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

function ipBytes(host: string): Buffer {
  if (isIP(host) === 4) return Buffer.from(host.split('.').map((x) => Number(x)));
  if (host.includes('.')) throw new RangeError(`IPv6 address with embedded IPv4 is not supported: ${host}`);
  // IPv6: expand "::" and parse the groups
  const [head = '', tail] = host.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

const OIDS: Record<DnAttributeType, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  organizationIdentifier: '2.5.4.97',
};

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * The pkijs Name of a {@link Dn}: one single-valued RDN per attribute; `C` and `serialNumber`
 * as PrintableString, everything else as UTF8String.
 *
 * @example
 * ```ts
 * cert.subject = dnToPkijs([['C', 'HU'], ['CN', 'localhost']]);
 * ```
 */
function dnToPkijs(dn: Dn): pkijs.RelativeDistinguishedNames {
  const asn1js = asn1Lib();
  const pkijs = pkijsLib();
  const rdns = dn.map(([type, value]) => {
    const printable = type === 'C' || type === 'serialNumber';
    if (printable && !PRINTABLE.test(value)) throw new Error(`${type} value \`${value}\` must be a PrintableString`);
    const asnValue = printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value });
    const atv = new pkijs.AttributeTypeAndValue({ type: OIDS[type], value: asnValue });
    return new asn1js.Set({ value: [atv.toSchema()] });
  });
  const der = new asn1js.Sequence({ value: rdns }).toBER();
  return new pkijs.RelativeDistinguishedNames({ valueBeforeDecode: der });
}

/** SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 4.2.1.2, method 1). */
export function keyIdentifier(spki: pkijs.PublicKeyInfo): Buffer {
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

function subjectKeyIdOf(cert: pkijs.Certificate): Buffer {
  const e = cert.extensions?.find((x) => x.extnID === '2.5.29.14');
  if (e) return Buffer.from((e.parsedValue as asn1js.OctetString).valueBlock.valueHexView);
  return keyIdentifier(cert.subjectPublicKeyInfo);
}

function extensionsFor(spec: CertificateSpec, ski: Buffer, aki: Buffer | undefined): pkijs.Extension[] {
  const asn1js = asn1Lib();
  const pkijs = pkijsLib();
  const out: pkijs.Extension[] = [];
  const isCa = spec.profile === 'root-ca' || spec.profile === 'issuing-ca';
  out.push(
    ext(
      '2.5.29.19',
      true,
      new pkijs.BasicConstraints(isCa ? (spec.profile === 'issuing-ca' ? { cA: true, pathLenConstraint: 0 } : { cA: true }) : {}),
    ),
  );
  const isEc = spec.publicKey.asymmetricKeyType === 'ec';
  const ku: Record<CertProfile, number> = {
    'root-ca': KU.keyCertSign | KU.cRLSign,
    'issuing-ca': KU.keyCertSign | KU.cRLSign,
    'tls-server': isEc ? KU.digitalSignature : KU.digitalSignature | KU.keyEncipherment,
    'tls-client': KU.digitalSignature,
    signing: KU.digitalSignature,
  };
  out.push(ext('2.5.29.15', true, keyUsageBitString(ku[spec.profile])));
  if (spec.profile === 'tls-server') out.push(ext('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: [EKU_SERVER_AUTH] })));
  if (spec.profile === 'tls-client') out.push(ext('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: [EKU_CLIENT_AUTH] })));
  out.push(ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: toArrayBuffer(ski) })));
  if (aki) {
    out.push(ext('2.5.29.35', false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(aki) }) })));
  }
  if (spec.hosts && spec.hosts.length > 0) {
    const names = spec.hosts.map((h) =>
      isIP(h) !== 0
        ? new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: toArrayBuffer(ipBytes(h)) }) })
        : new pkijs.GeneralName({ type: 2, value: h }),
    );
    out.push(ext('2.5.29.17', false, new pkijs.GeneralNames({ names })));
  }
  return out;
}

/**
 * Build and sign a certificate (sha256WithRSAEncryption; the issuer key must be RSA).
 * Deterministic: the same spec gives the same DER.
 *
 * @example
 * ```ts
 * const root = issueCertificate({ profile: 'root-ca', subject: dn, publicKey: rootKey, issuer: 'self',
 *   serial, notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2045-01-01T00:00:00Z') });
 * ```
 */
export function issueCertificate(spec: CertificateSpec): IssuedCertificate {
  const asn1js = asn1Lib();
  const pkijs = pkijsLib();
  if (!(spec.notAfter.getTime() > spec.notBefore.getTime())) throw new RangeError('notAfter must be later than notBefore');
  if (spec.serial.length === 0 || (spec.serial[0]! & 0x80) !== 0) throw new RangeError('serial must be non-empty and positive');
  const spkiDer = createPublicKey(spec.publicKey).export({ type: 'spki', format: 'der' });
  const spki = pkijs.PublicKeyInfo.fromBER(spkiDer);

  let signer: KeyObject;
  let issuerName: pkijs.RelativeDistinguishedNames;
  let aki: Buffer | undefined;
  if (spec.issuer === 'self') {
    if (spec.publicKey.type !== 'private') throw new TypeError('a self-signed certificate needs the private key as publicKey');
    signer = spec.publicKey;
    issuerName = dnToPkijs(spec.subject);
    aki = undefined;
  } else {
    const issuerCert = pkijs.Certificate.fromBER(new Uint8Array(pemToDer(spec.issuer.certPem)));
    signer = spec.issuer.privateKey;
    issuerName = issuerCert.subject;
    aki = subjectKeyIdOf(issuerCert);
  }
  if (signer.asymmetricKeyType !== 'rsa') throw new TypeError('issuer keys of the test PKI are RSA');

  const sigAlg = new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256_RSA, algorithmParams: new asn1js.Null() });
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(spec.serial) });
  cert.signature = sigAlg;
  cert.issuer = issuerName;
  cert.subject = dnToPkijs(spec.subject);
  cert.notBefore = timeOf(spec.notBefore);
  cert.notAfter = timeOf(spec.notAfter);
  cert.subjectPublicKeyInfo = spki;
  cert.extensions = extensionsFor(spec, keyIdentifier(spki), aki);
  cert.signatureAlgorithm = sigAlg;
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  const signature = sign('sha256', cert.tbsView, signer);
  cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(signature) });
  const der = Buffer.from(cert.toSchema(false).toBER(false));
  return { certPem: derToPem(der, 'CERTIFICATE'), der };
}
