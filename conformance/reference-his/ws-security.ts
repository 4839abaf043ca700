/**
 * WS-Security header blocks for the reference HIS (OASIS WS-Security 1.1, UsernameToken profile
 * 1.0, X.509 token profile 1.1). The X.509 signature of the certificate login is in
 * x509-signature.ts.
 *
 * @example
 * ```ts
 * const security = securityHeader([timestamp(now, 300), usernameToken({ username: 'O50123', password: 'pw', now })]);
 * ```
 */
import { randomBytes } from 'node:crypto';
import { xmlText } from './soap.js';

/** The simulator profile's namespace (docs/protocol.md). */
const SIM_NS = 'urn:eeszt-sim:2026';
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
/** ValueType of an X.509 certificate token. */
export const X509V3 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';

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
export function usernameToken(spec: { username: string; password?: string; now: Date; mobilTokenCode?: string }): string {
  const password = spec.password === undefined ? '' : `<wsse:Password Type="${PASSWORD_TEXT}">${xmlText(spec.password)}</wsse:Password>`;
  const nonce = `<wsse:Nonce EncodingType="${BASE64}">${randomBytes(16).toString('base64')}</wsse:Nonce>`;
  // The second factor of a two-factor login: an extension element the UsernameToken profile allows.
  const code = spec.mobilTokenCode === undefined ? '' : `<sim:MobilTokenCode xmlns:sim="${SIM_NS}">${xmlText(spec.mobilTokenCode)}</sim:MobilTokenCode>`;
  return `<wsse:UsernameToken><wsse:Username>${xmlText(spec.username)}</wsse:Username>${password}${nonce}<wsu:Created>${xsTime(spec.now)}</wsu:Created>${code}</wsse:UsernameToken>`;
}

/** A BinarySecurityToken holding base64 content of a ValueType. */
export function binarySecurityToken(id: string, valueType: string, base64: string): string {
  return `<wsse:BinarySecurityToken EncodingType="${BASE64}" ValueType="${xmlText(valueType)}" wsu:Id="${id}">${base64}</wsse:BinarySecurityToken>`;
}
