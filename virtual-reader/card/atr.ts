/**
 * The Answer To Reset of the virtual eID card:
 * `3B 8B 80 01 80 59 45 45 53 5A 54 2D 53 49 4D F4` —
 * TS `3B` (direct convention); T0 `8B` (TD1 follows, 11 historical bytes); TD1 `80` (TD2
 * follows, T=0 indicated for the interface bytes only); TD2 `01` (T=1); historical bytes
 * `80` (compact-TLV category) + `59` (tag 5 "card issuer's data", length 9) + ASCII
 * `EESZT-SIM`; TCK = XOR of T0 .. last historical byte.
 *
 * @example
 * ```ts
 * toHex(CARD_ATR); // '3B 8B 80 01 80 59 45 45 53 5A 54 2D 53 49 4D F4'
 * ```
 */

/** Build an ATR `3B 8n 80 01 <historical bytes> TCK` (TD1 names T=0, TD2 T=1: both offered, as PC/SC Part 3 writes contactless ATRs). */
export function buildAtr(historical: Uint8Array): Uint8Array {
  if (historical.length > 15) throw new RangeError('at most 15 historical bytes');
  const body = [0x80 | historical.length, 0x80, 0x01, ...historical];
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([0x3b, ...body, tck]);
}

/** Historical bytes: compact-TLV category `80`, tag 5 length 9, ASCII `EESZT-SIM`. */
export const CARD_HISTORICAL_BYTES: Uint8Array = Uint8Array.from([0x80, 0x59, ...Buffer.from('EESZT-SIM', 'ascii')]);

/** The ATR of every virtual eID card. */
export const CARD_ATR: Uint8Array = buildAtr(CARD_HISTORICAL_BYTES);
