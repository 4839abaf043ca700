/**
 * The vpcd wire protocol of vsmartcard's virtual reader driver (`libifdvpcd`, Debian package
 * `vsmartcard-vpcd`). pcscd's vpcd driver listens on TCP (default port 35963 for reader
 * "Virtual PCD 00 00", 35964 for "Virtual PCD 00 01"); the virtual card connects as a client,
 * and the connection *is* the card being present. Every message, both ways, is a 2-byte
 * big-endian length followed by that many bytes. From vpcd, a 1-byte payload is a control
 * command: `00` power off, `01` power on, `02` reset (these get no answer), `04` get ATR (answer:
 * the ATR). Any longer payload is a command APDU; the answer is the response APDU.
 *
 * @example
 * ```ts
 * const frames = new VpcdFrameReader();
 * for (const payload of frames.push(chunk)) {
 *   const answer = await answerVpcdMessage(card, payload);
 *   if (answer !== undefined) socket.write(encodeVpcdFrame(answer));
 * }
 * ```
 */
import type { SmartCard } from '../card/virtual-card.js';
import { encodeResponseApdu } from '../card/apdu.js';
import { SW } from '../card/status-words.js';

/** Default vpcd port (0x8C7B), reader "Virtual PCD 00 00". */
export const VPCD_DEFAULT_PORT = 35963;

/** vpcd control commands (1-byte payloads). */
export const VPCD_CTRL = Object.freeze({ OFF: 0x00, ON: 0x01, RESET: 0x02, ATR: 0x04 } as const);

/** Frame a payload: 2-byte big-endian length + payload. */
export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffff) throw new RangeError('vpcd payload longer than 65535 bytes');
  const out = new Uint8Array(payload.length + 2);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

/** Reassembles vpcd frames from TCP chunks. */
export class VpcdFrameReader {
  private buffer: Uint8Array = new Uint8Array(0);

  /** Add received bytes; returns every complete payload, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const out: Uint8Array[] = [];
    let at = 0;
    while (joined.length - at >= 2) {
      const length = (joined[at]! << 8) | joined[at + 1]!;
      if (joined.length - at - 2 < length) break;
      out.push(joined.slice(at + 2, at + 2 + length));
      at += 2 + length;
    }
    this.buffer = joined.slice(at);
    return out;
  }
}

/**
 * The card's answer to one vpcd message, or undefined for power off / on / reset (which vpcd
 * does not expect an answer to). An APDU arriving while the card is unpowered powers it up
 * first. A card that throws answers `6F00`.
 */
export async function answerVpcdMessage(card: SmartCard, payload: Uint8Array): Promise<Uint8Array | undefined> {
  if (payload.length === 0) return undefined;
  if (payload.length === 1) {
    switch (payload[0]) {
      case VPCD_CTRL.OFF:
        card.powerOff();
        return undefined;
      case VPCD_CTRL.ON:
        card.powerOn();
        return undefined;
      case VPCD_CTRL.RESET:
        card.reset();
        return undefined;
      case VPCD_CTRL.ATR:
        return card.atr;
      default:
        return undefined;
    }
  }
  if (!card.powered) card.powerOn();
  try {
    return await card.transmit(payload);
  } catch {
    return encodeResponseApdu(SW.NO_PRECISE_DIAGNOSIS);
  }
}
