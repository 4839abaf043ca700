/**
 * Opening the organisation's WAF-SSL PKCS#12 file for the connection check: the key, the
 * certificate and the chain it carries (node-forge, as the operator delivers it: a file plus a
 * password sent by SMS).
 *
 * @example
 * ```ts
 * const waf = openWafPkcs12(readFileSync('org.p12'), 'pw'); // { keyPem, certPem, chainPem }
 * ```
 */
import forge from 'node-forge';

/** The opened file. */
export interface WafCredential {
  keyPem: string;
  certPem: string;
  chainPem: string[];
}

/** Open the file; throws with a message that says what to check. */
export function openWafPkcs12(bytes: Buffer, password: string): WafCredential {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), password);
  } catch (err) {
    const wrongPassword = /mac|password|decrypt/i.test((err as Error).message);
    throw new Error(wrongPassword ? 'the password does not open the PKCS#12 file' : `the file is not a PKCS#12 file (${(err as Error).message})`);
  }
  const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (key?.key === undefined || certBags.length === 0) throw new Error('the PKCS#12 file holds no private key or no certificate');
  const keyId = key.attributes.localKeyId?.[0];
  const own = certBags.find((b) => keyId !== undefined && b.attributes.localKeyId?.[0] === keyId) ?? certBags[0];
  if (own?.cert === undefined) throw new Error('the PKCS#12 file holds no readable certificate');
  const pem = (c: forge.pki.Certificate): string => forge.pki.certificateToPem(c);
  return {
    keyPem: forge.pki.privateKeyToPem(key.key),
    certPem: pem(own.cert),
    chainPem: certBags.filter((b) => b !== own && b.cert !== undefined).map((b) => pem(b.cert as forge.pki.Certificate)),
  };
}
