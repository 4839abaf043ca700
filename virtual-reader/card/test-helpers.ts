/** Shorthands for the card tests: send an APDU, get the status word as hex and the data. */
import { parseResponseApdu, toHex } from './apdu.js';
import type { VirtualCard } from './virtual-card.js';

/** One exchange: SW as `9000`-style hex, data bytes. */
export function tx(card: VirtualCard, apdu: Uint8Array): { sw: string; data: Uint8Array } {
  const { sw, data } = parseResponseApdu(card.transmit(apdu));
  return { sw: sw.toString(16).toUpperCase().padStart(4, '0'), data };
}

/** Only the status word. */
export function sw(card: VirtualCard, apdu: Uint8Array): string {
  return tx(card, apdu).sw;
}

/** Data as spaced hex. */
export function dataHex(card: VirtualCard, apdu: Uint8Array): string {
  return toHex(tx(card, apdu).data);
}
