/**
 * The card's two cryptographic functions: ECDSA P-256/SHA-256 signing of a challenge with the
 * authentication key, and restricted identification (BSI TR-03110 RI with ECDH):
 * `RID = SHA-256( x( ridSecret · servicePublicKey ) )`.
 *
 * @example
 * ```ts
 * const sig = signChallenge(authKey, challenge);            // 64 bytes r||s
 * crypto.verify('sha256', challenge, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig); // true
 * const rid = restrictedIdentifier(card.ridSecret, ecPublicPoint(servicePublicKey)); // 32 bytes
 * ```
 */
import { createECDH, createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** Length of an uncompressed P-256 point `04 || X || Y`. */
export const P256_POINT_LENGTH = 65;

/** Throw unless `key` is an EC key on P-256. */
export function assertP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError(`${what} must be an EC P-256 key`);
  }
}

/** ECDSA with SHA-256 over `challenge`, signature as plain `r || s` (64 bytes, IEEE P1363 / TR-03111). */
export function signChallenge(privateKey: KeyObject, challenge: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', challenge, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
}

/** The service public key given to restricted identification is not a P-256 point. */
export class InvalidServiceKey extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidServiceKey';
  }
}

function ridEcdh(ridSecretHex: string): ReturnType<typeof createECDH> {
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(Buffer.from(ridSecretHex, 'hex'));
  } catch (err) {
    throw new Error('the card record\'s ridSecret is not a valid P-256 private scalar (64 hex digits)', { cause: err });
  }
  return ecdh;
}

/**
 * The restricted identifier for one service: SHA-256 of the x-coordinate of the ECDH shared
 * point of the card's RI secret and the service's (sector) public key. Throws
 * {@link InvalidServiceKey} when the point is not on P-256.
 */
export function restrictedIdentifier(ridSecretHex: string, servicePublicPoint: Uint8Array): Uint8Array {
  if (servicePublicPoint.length !== P256_POINT_LENGTH || servicePublicPoint[0] !== 0x04) {
    throw new InvalidServiceKey('service public key must be an uncompressed P-256 point (65 bytes, 04 || X || Y)');
  }
  const ecdh = ridEcdh(ridSecretHex);
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(servicePublicPoint);
  } catch (err) {
    throw new InvalidServiceKey('service public key is not a point on P-256', { cause: err });
  }
  return new Uint8Array(createHash('sha256').update(shared).digest());
}

/** The uncompressed point `04 || X || Y` of a P-256 public (or private) key. */
export function ecPublicPoint(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  assertP256(pub, 'key');
  const jwk = pub.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  return Uint8Array.from([0x04, ...x, ...y]);
}

/**
 * The public half of a card's RI key. A real card never discloses it; tests and the simulated
 * eID server use it to check RIDs independently (`ECDH(servicePrivate, this)`).
 */
export function ridPublicPoint(ridSecretHex: string): Uint8Array {
  const ecdh = ridEcdh(ridSecretHex);
  return new Uint8Array(ecdh.getPublicKey());
}
