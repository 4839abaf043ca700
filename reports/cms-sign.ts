/**
 * Signing a document as CMS SignedData (RFC 5652) with pkijs: the content encapsulated, signed
 * attributes (content type, message digest, signing time), RSA-SHA256 with the signer's key, and
 * the signer's certificate and chain included so the receiver can verify without further files.
 *
 * @example
 * ```ts
 * const p7m = await signCms(Buffer.from(json), { keyPem, certPem, chainPem, signingTime: new Date() });
 * ```
 */
import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pemToDer } from '../simulator/pki/pem.js';

/** The signer. */
export interface CmsSigner {
  /** The RSA private key, PEM (PKCS#8 or PKCS#1). */
  keyPem: string;
  certPem: string;
  /** Issuer certificates to include. */
  chainPem?: readonly string[];
  signingTime: Date;
}

const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';

function certificate(pem: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(pemToDer(pem)));
}

/** Sign `content`; returns the DER of a ContentInfo holding the SignedData. */
export async function signCms(content: Buffer, signer: CmsSigner): Promise<Buffer> {
  const cert = certificate(signer.certPem);
  const pkcs8 = createPrivateKey(signer.keyPem).export({ format: 'der', type: 'pkcs8' });
  const key = await webcrypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const digest = createHash('sha256').update(content).digest();
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: DATA, eContent: new asn1js.OctetString({ valueHex: new Uint8Array(content) }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: DATA })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: new Uint8Array(digest) })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: signer.signingTime })] }),
          ],
        }),
      }),
    ],
    certificates: [cert, ...(signer.chainPem ?? []).map(certificate)],
  });
  await signed.sign(key, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: SIGNED_DATA, content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}
