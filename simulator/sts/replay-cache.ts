/**
 * Single-use values (UsernameToken nonces, rID package request nonces): remembered in a store
 * bucket until they could no longer be accepted anyway, so a second use is refused with
 * `REPLAYED`. Reset (`POST /_sim/reset`) forgets them.
 *
 * @example
 * ```ts
 * useOnce(deps, NONCE_BUCKET, nonce, expiresAtMs, 'UsernameToken nonce'); // throws Replayed the second time
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { Replayed } from '../core/errors.js';

/** Bucket of seen UsernameToken nonces: nonce -> record. */
export const NONCE_BUCKET = 'sts.nonces';
/** Bucket of used rID packages: request nonce -> record. */
export const RID_PACKAGE_BUCKET = 'sts.rid-packages';

/** A remembered single-use value. */
export interface SeenValue {
  /** Simulator time of first use (ISO 8601). */
  firstUsedAt: string;
  /** Epoch ms after which the value is forgotten. */
  keepUntilMs: number;
}

/**
 * Accept a value once. Throws {@link Replayed} when it was used before and is still remembered.
 */
export function useOnce(deps: SimDeps, bucketName: string, value: string, keepUntilMs: number, what: string): void {
  // rule: WSS-NONCE-ONCE (docs/rules.md)
  const bucket = deps.store.bucket<SeenValue>(bucketName);
  const now = deps.clock.nowMs();
  const seen = bucket.get(value);
  if (seen !== undefined && seen.keepUntilMs > now) {
    throw new Replayed(`this ${what} was already used at ${seen.firstUsedAt}; it is single-use: ${what === 'rID package' ? 'run the card authentication again for a new package' : 'generate a fresh random nonce for every request'}`, {
      details: { what, firstUsedAt: seen.firstUsedAt },
    });
  }
  bucket.set(value, { firstUsedAt: deps.clock.now().toISOString(), keepUntilMs });
}
