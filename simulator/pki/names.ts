/**
 * Distinguished names as the test PKI writes them (one attribute per RDN, X.509 order: C first,
 * CN last) and their RFC 4514 strings (most specific first: `CN=E01620K,O=...,C=HU`). The DER
 * encoding is in issue-cert.ts.
 *
 * @example
 * ```ts
 * const dn: Dn = [['C', 'HU'], ['O', 'EESZT-SIM Test PKI'], ['CN', 'EESZT-SIM Test Root CA']];
 * dnToString(dn); // 'CN=EESZT-SIM Test Root CA,O=EESZT-SIM Test PKI,C=HU'
 * ```
 */
/** Attribute types the test PKI writes. */
export type DnAttributeType = 'C' | 'O' | 'OU' | 'CN' | 'serialNumber' | 'organizationIdentifier';

/** A distinguished name as an ordered list of (type, value), X.509 order (C first, CN last). */
export type Dn = ReadonlyArray<readonly [DnAttributeType, string]>;

/** Escape one attribute value per RFC 4514 section 2.4 (as OpenSSL's RFC 2253 printer does). */
function escapeValue(v: string): string {
  let s = v.replace(/[\\,+"<>;]/g, (c) => `\\${c}`);
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/**
 * RFC 4514 string of a {@link Dn} (reverse order: most specific first).
 *
 * @example
 * ```ts
 * dnToString([['C', 'HU'], ['CN', 'a,b']]); // 'CN=a\\,b,C=HU'
 * ```
 */
export function dnToString(dn: Dn): string {
  return [...dn].reverse().map(([t, v]) => `${t}=${escapeValue(v)}`).join(',');
}

/**
 * RFC 4514 string of a name as Node's `X509Certificate.subject` / `.issuer` prints it (one
 * attribute per line, X.509 order, RFC 2253 escaping, UTF-8 kept): the lines reversed and joined
 * with commas, so it matches {@link dnToString} and `openssl x509 -nameopt RFC2253,-esc_msb`.
 *
 * @example
 * ```ts
 * nodeNameToString(new X509Certificate(pem).subject); // 'CN=localhost,O=EESZT-SIM Test Operator,C=HU'
 * ```
 */
export function nodeNameToString(name: string): string {
  return name.split('\n').filter((l) => l !== '').reverse().join(',');
}
