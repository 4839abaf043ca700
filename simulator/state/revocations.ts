/**
 * Certificate revocation as the simulator keeps it: revoked serial numbers in the store bucket
 * `pki.revoked` (cleared by reset). The control API adds and removes entries; every check of a
 * client, institutional or card certificate asks {@link revocationOf}.
 *
 * @example
 * ```ts
 * revoke(deps.store, '1a2b3c', 'keyCompromise', deps.clock.now());
 * revocationOf(deps.store, '1A2B3C'); // { serialHex: '1a2b3c', reason: 'keyCompromise', ... }
 * ```
 */
import type { Store } from './store.js';

/** Bucket name of revoked serials. */
export const REVOKED_BUCKET = 'pki.revoked';

/** A revocation record. */
export interface Revocation {
  serialHex: string;
  reason: string;
  /** Simulator time of revocation (ISO 8601). */
  revokedAt: string;
}

/** Normalise a serial number: lower-case hex without separators or leading zeros. */
export function normaliseSerial(serial: string): string {
  const hex = serial.replace(/[:\s]/g, '').toLowerCase().replace(/^0+(?=.)/, '');
  if (!/^[0-9a-f]+$/.test(hex)) throw new RangeError(`serial \`${serial}\` is not hexadecimal`);
  return hex;
}

/** Revoke a serial. */
export function revoke(store: Store, serial: string, reason: string, at: Date): Revocation {
  const rec: Revocation = { serialHex: normaliseSerial(serial), reason, revokedAt: at.toISOString() };
  store.bucket<Revocation>(REVOKED_BUCKET).set(rec.serialHex, rec);
  return rec;
}

/** Un-revoke a serial; false when it was not revoked. */
export function unrevoke(store: Store, serial: string): boolean {
  return store.bucket<Revocation>(REVOKED_BUCKET).delete(normaliseSerial(serial));
}

/** The revocation of a serial, if revoked. */
export function revocationOf(store: Store, serial: string): Revocation | undefined {
  return store.bucket<Revocation>(REVOKED_BUCKET).get(normaliseSerial(serial));
}

/** Every revocation. */
export function listRevocations(store: Store): Revocation[] {
  return [...store.bucket<Revocation>(REVOKED_BUCKET).values()];
}
