/**
 * The EESZT sector key pair for restricted identification (RID): an EC P-256 key derived
 * deterministically from the PKI seed (label `eid/sector/eeszt`), so the same seed always gives
 * the same RIDs. The card computes `RID = SHA-256(x(ridSecret · sectorPublicKey))`; the eID
 * server puts the RID into the rID package; the STS recomputes the RIDs of activated cards from
 * their `ridSecret` with {@link ridOfCard} to find the username a card was activated for.
 *
 * @example
 * ```ts
 * const point = eesztSectorPublicPoint(pki.seed);         // 65 bytes, 04 || X || Y
 * const rid = ridOfCard(card.ridSecret, pki.seed);         // base64 of 32 bytes
 * ```
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { deterministicEcKey } from '../pki/deterministic-ec.js';
import { ecPublicPoint, restrictedIdentifier } from '../../virtual-reader/card/card-crypto.js';

/** Identifier of the EESZT sector: the audience of rID packages meant for the EESZT STS. */
export const EESZT_SECTOR = 'urn:eeszt-sim:sector:eeszt';

/** DRBG label of the sector key. */
export const SECTOR_KEY_LABEL = 'eid/sector/eeszt';

/** The sector key pair of one seed. */
export interface SectorKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Uncompressed P-256 point `04 || X || Y` (what the card receives). */
  publicPoint: Uint8Array;
}

const cache = new Map<number, SectorKeyPair>();

/** The EESZT sector key pair for a PKI seed (memoised). */
export function eesztSectorKey(seed: number): SectorKeyPair {
  let pair = cache.get(seed);
  if (pair === undefined) {
    const privateKey = deterministicEcKey(seed, SECTOR_KEY_LABEL);
    const publicKey = createPublicKey(privateKey);
    pair = { privateKey, publicKey, publicPoint: ecPublicPoint(publicKey) };
    cache.set(seed, pair);
  }
  return pair;
}

/** The EESZT sector public point for a PKI seed. */
export function eesztSectorPublicPoint(seed: number): Uint8Array {
  return eesztSectorKey(seed).publicPoint;
}

const ridCache = new Map<string, string>();

/**
 * The card's RID for the EESZT sector, base64 (memoised per secret and seed).
 *
 * @example
 * ```ts
 * ridOfCard('792568ed…', 1); // 'q3…=' (32 bytes)
 * ```
 */
export function ridOfCard(ridSecretHex: string, seed: number): string {
  const key = `${seed}|${ridSecretHex}`;
  let rid = ridCache.get(key);
  if (rid === undefined) {
    rid = Buffer.from(restrictedIdentifier(ridSecretHex, eesztSectorPublicPoint(seed))).toString('base64');
    if (ridCache.size > 10_000) ridCache.clear();
    ridCache.set(key, rid);
  }
  return rid;
}
