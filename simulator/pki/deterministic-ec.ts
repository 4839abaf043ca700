/**
 * Deterministic EC P-256 keys from (seed, label), for the virtual eID cards' authentication keys.
 * d is drawn from the {@link drbgFor} HMAC_DRBG 32 bytes at a time; a draw that is zero or not
 * below the group order n is discarded and the next one taken (so d is uniform in [1, n-1]).
 * The public point is computed with `crypto.createECDH('prime256v1')`.
 *
 * @example
 * ```ts
 * const key = deterministicEcKey(1, 'card/123456AB'); // KeyObject, asymmetricKeyType 'ec'
 * ```
 */
import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import { drbgFor } from './drbg.js';

/** Order of the P-256 group. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * The P-256 private key for (seed, label); the same inputs always give the same key.
 *
 * @example
 * ```ts
 * const sig = crypto.sign('sha256', data, deterministicEcKey(1, 'card/123456AB'));
 * ```
 */
export function deterministicEcKey(seed: number, label: string): KeyObject {
  const drbg = drbgFor(seed, `ec-p256|${label}`);
  let d: Buffer;
  for (;;) {
    d = drbg.generate(32);
    const v = BigInt(`0x${d.toString('hex')}`);
    if (v !== 0n && v < P256_N) break;
  }
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const pub = ecdh.getPublicKey(); // 0x04 || X || Y
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: pub.subarray(1, 33).toString('base64url'),
      y: pub.subarray(33, 65).toString('base64url'),
      d: d.toString('base64url'),
    },
    format: 'jwk',
  });
}
