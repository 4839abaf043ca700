/**
 * WS-Security header blocks for the reference HIS (OASIS WS-Security 1.1, UsernameToken profile
 * 1.0, X.509 token profile 1.1), and the X.509 signature of the certificate login, made with
 * xml-crypto as a HIS would use its platform's WS-Security library.
 *
 * @example
 * ```ts
 * const security = securityHeader([timestamp(now, 300), usernameToken({ username: 'O50123', password: 'pw', now })]);
 * const signed = signWithCertificate(envelope, keyPem, 'X509-1');
 * ```
 */
import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { xmlText } from './soap.js';

const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
/** ValueType of an X.509 certificate token. */
export const X509V3 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** `xs:dateTime` in UTC, second precision. */
export function xsTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `wsse:Security` header around its blocks. */
export function securityHeader(blocks: readonly string[]): string {
  return `<wsse:Security s:mustUnderstand="true">${blocks.join('')}</wsse:Security>`;
}

/** A `wsu:Timestamp`: created now, expiring after `ttlSeconds`. */
export function timestamp(now: Date, ttlSeconds: number, id = 'TS-1'): string {
  const expires = new Date(now.getTime() + ttlSeconds * 1000);
  return `<wsu:Timestamp wsu:Id="${id}"><wsu:Created>${xsTime(now)}</wsu:Created><wsu:Expires>${xsTime(expires)}</wsu:Expires></wsu:Timestamp>`;
}

/** A UsernameToken: username, and for password logins the password (text), a fresh nonce and the time. */
export function usernameToken(spec: { username: string; password?: string; now: Date }): string {
  const password = spec.password === undefined ? '' : `<wsse:Password Type="${PASSWORD_TEXT}">${xmlText(spec.password)}</wsse:Password>`;
  const nonce = `<wsse:Nonce EncodingType="${BASE64}">${randomBytes(16).toString('base64')}</wsse:Nonce>`;
  return `<wsse:UsernameToken><wsse:Username>${xmlText(spec.username)}</wsse:Username>${password}${nonce}<wsu:Created>${xsTime(spec.now)}</wsu:Created></wsse:UsernameToken>`;
}

/** A BinarySecurityToken holding base64 content of a ValueType. */
export function binarySecurityToken(id: string, valueType: string, base64: string): string {
  return `<wsse:BinarySecurityToken EncodingType="${BASE64}" ValueType="${xmlText(valueType)}" wsu:Id="${id}">${base64}</wsse:BinarySecurityToken>`;
}

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
