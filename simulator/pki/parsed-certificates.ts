/**
 * X.509 certificates parsed once per exact input: a client sends the same certificate with every
 * request, and `new X509Certificate()` costs some 220 µs on a 2-core VM. Only the parse is kept (an
 * X509Certificate is immutable); every check of the certificate (chain, validity at the simulator
 * clock, revocation) still runs on every request. A changed byte is another key, so it is parsed
 * anew; input that does not parse throws as the constructor does, and nothing is kept for it. At
 * most `max` are kept: when full, the map is emptied (a client set larger than that parses again).
 *
 * @example
 * ```ts
 * const parse = parsedCertificates(64);
 * const x509 = parse(certPem, certPem); // parsed; the same text again returns the same object
 * ```
 */
import { X509Certificate } from 'node:crypto';

/** A parse of certificates keyed by their exact text (`key`: the PEM, or the DER in base64). */
export type ParseCertificate = (key: string, input: string | Buffer) => X509Certificate;

/** A bounded parse-once function for certificates (see the module comment). */
export function parsedCertificates(max: number): ParseCertificate {
  const known = new Map<string, X509Certificate>();
  return (key, input) => {
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const x509 = new X509Certificate(input);
    if (known.size >= max) known.clear();
    known.set(key, x509);
    return x509;
  };
}
