/**
 * PKCS#12 export (node-forge), the way the operator delivers WAF-SSL certificates: one file
 * with the key, the certificate and its chain, protected by a password. Algorithms are ones the
 * OpenSSL 3 default provider opens without `-legacy`: the key bag is PBES2 (PBKDF2 with
 * HMAC-SHA256, AES-256-CBC), the MAC is HMAC-SHA1 (PKCS#12 KDF), 2048 iterations each.
 * Salts are random, so two exports of the same credential differ byte-wise.
 *
 * @example
 * ```ts
 * writeFileSync('E01620K.p12', toPkcs12(pki.waf('E01620K'), 'secret'));
 * // openssl pkcs12 -in E01620K.p12 -passin pass:secret -nokeys
 * ```
 */
import type forge from 'node-forge';
import { lazyRequire } from '../core/lazy-require.js';
import { BadRequest } from '../core/errors.js';
import type { Credential } from './types.js';

/** node-forge, loaded when the first PKCS#12 file is made (not at start-up). */
const forgeLib = lazyRequire<typeof forge>('node-forge');

/**
 * The credential (key, certificate, chain) as a password-protected PKCS#12 file. RSA keys only:
 * node-forge cannot hold the EC keys of card credentials (export those as PEM).
 *
 * @example
 * ```ts
 * const p12: Buffer = toPkcs12(pki.institution('E01620K'), 'pw');
 * ```
 */
export function toPkcs12(credential: Credential, password: string): Buffer {
  if (password.length === 0) throw new BadRequest('a PKCS#12 file needs a non-empty password; pass one (e.g. --password)');
  const lib = forgeLib();
  let key: forge.pki.PrivateKey;
  try {
    key = lib.pki.privateKeyFromPem(credential.keyPem);
  } catch {
    throw new BadRequest(`credential \`${credential.label}\` has a non-RSA key, which PKCS#12 export does not support; export it as PEM instead`);
  }
  const certs = [credential.certPem, ...credential.chainPem].map((pem) => lib.pki.certificateFromPem(pem));
  const asn1 = lib.pkcs12.toPkcs12Asn1(key, certs, password, {
    algorithm: 'aes256',
    prfAlgorithm: 'sha256',
    count: 2048,
    saltSize: 16,
    friendlyName: credential.label,
    generateLocalKeyId: true,
  } as Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3]);
  return Buffer.from(lib.asn1.toDer(asn1).getBytes(), 'binary');
}
