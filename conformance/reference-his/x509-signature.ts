/**
 * The X.509 signature of the certificate login (WS-Security X.509 token profile 1.1), made with
 * xml-crypto as a HIS would use its platform's WS-Security library (WSS4J, WCF). Loaded only when
 * a certificate login runs, so the other actions start fast.
 *
 * @example
 * ```ts
 * const signed = signWithCertificate(envelope, keyPem, 'X509-1');
 * ```
 */
import { SignedXml } from 'xml-crypto';
import { X509V3 } from './ws-security.js';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/**
 * Sign the envelope's Timestamp and Body with the certificate's key (exclusive c14n,
 * RSA-SHA256, SHA-256 digests); KeyInfo points at the BinarySecurityToken `tokenId`. Both parts
 * must carry `wsu:Id`s already. The signature goes last into the Security header.
 */
export function signWithCertificate(envelopeXml: string, privateKeyPem: string, tokenId: string): string {
  const sig = new SignedXml({ privateKey: privateKeyPem, canonicalizationAlgorithm: EXC_C14N, signatureAlgorithm: RSA_SHA256, idMode: 'wssecurity' });
  sig.addReference({ xpath: "/*[local-name()='Envelope']/*[local-name()='Header']/*[local-name()='Security']/*[local-name()='Timestamp']", transforms: [EXC_C14N], digestAlgorithm: SHA256 });
  sig.addReference({ xpath: "/*[local-name()='Envelope']/*[local-name()='Body']", transforms: [EXC_C14N], digestAlgorithm: SHA256 });
  sig.getKeyInfoContent = () => `<wsse:SecurityTokenReference><wsse:Reference URI="#${tokenId}" ValueType="${X509V3}"/></wsse:SecurityTokenReference>`;
  sig.computeSignature(envelopeXml, { prefix: 'ds', location: { reference: "/*[local-name()='Envelope']/*[local-name()='Header']/*[local-name()='Security']", action: 'append' } });
  return sig.getSignedXml();
}
