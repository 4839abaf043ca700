/**
 * Opening a PKCS#12 file (key + certificate), as a HIS does with the institutional certificate
 * it signs STS requests with. node-forge reads it; a Java HIS would use a `KeyStore`, .NET an
 * `X509Certificate2`.
 *
 * @example
 * ```ts
 * const { privateKeyPem, certificateBase64 } = openPkcs12(readFileSync('inst.p12'), 'pw');
 * ```
 */
import forge from 'node-forge';

/** The key and the certificate of a PKCS#12 file. */
export interface OpenedPkcs12 {
  privateKeyPem: string;
  /** The end-entity certificate, DER as base64 (what a BinarySecurityToken carries). */
  certificateBase64: string;
}

/** Open a PKCS#12 file; throws with a readable message on a wrong password or a broken file. */
export function openPkcs12(bytes: Buffer, password: string): OpenedPkcs12 {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), password);
  } catch (err) {
    throw new Error(`cannot open the PKCS#12 file (${(err as Error).message}); check the file and its password`);
  }
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (keyBag?.key === undefined || certBags.length === 0) throw new Error('the PKCS#12 file holds no key or no certificate');
  const keyId = keyBag.attributes.localKeyId?.[0];
  const own = certBags.find((b) => keyId !== undefined && b.attributes.localKeyId?.[0] === keyId) ?? certBags[0];
  const cert = own?.cert;
  if (cert === undefined) throw new Error('the PKCS#12 file holds no readable certificate');
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return { privateKeyPem: forge.pki.privateKeyToPem(keyBag.key), certificateBase64: Buffer.from(der, 'binary').toString('base64') };
}
